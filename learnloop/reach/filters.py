"""The filters of the website reach list pages. Each narrows its selector's scoped rows."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from learnloop.core.lists import DateFilter, MemberFilterSet, text


class TopPagesFilter(MemberFilterSet):
    date_from = DateFilter(label="From", method="filter_from")
    date_to = DateFilter(label="To", field_name="month", lookup_expr="lte")
    q = text("Page path contains", "path")

    def filter_from(self, qs: QuerySet, name: str, value: dt.date) -> QuerySet:
        # Figures are kept a month at a time: a period from mid-month includes that month.
        return qs.filter(month__gte=value.replace(day=1))
