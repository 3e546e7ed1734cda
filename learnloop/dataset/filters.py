"""The filters of the minimum dataset's list pages. Each narrows its selector's scoped rows."""

from __future__ import annotations

import django_filters
from django.db.models import QuerySet

from learnloop.core.lists import MemberFilterSet


class AggregateFilter(MemberFilterSet):
    """The page draws its own lists of quarters and indicators; a link may give either as text."""

    period = django_filters.CharFilter(label="Quarter", method="filter_period")
    indicator = django_filters.CharFilter(label="Indicator", field_name="indicator__code")

    def filter_period(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(period=value.upper())  # "2025-q1" is 2025-Q1
