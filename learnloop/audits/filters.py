"""The filters of the audit programme. They narrow the member's scoped audits from the selector."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone

from learnloop.audits.forms import _current_year
from learnloop.audits.selectors import programme_year_bounds, state_filter
from learnloop.core.lists import ANY, CheckboxFilter, ChoiceFilter, MemberFilterSet, PartnershipChoiceFilter, text
from learnloop.partnership.models import Agency

STATES = [
    ("planned", "Planned"),
    ("due", "Due to start"),
    ("running", "Running"),
    ("late", "Late"),
    ("done", "Done"),
    ("cancelled", "Cancelled"),
]


def programme_years() -> list[tuple[object, str]]:
    """Next year's programme, this year's and the three before, newest first."""
    this = _current_year()
    return [("", ANY)] + [(y, f"April {y} to March {y + 1}") for y in range(this + 1, this - 4, -1)]


class ProgrammeFilter(MemberFilterSet):
    q = text("Search", "title", "selection_criteria")
    year = django_filters.TypedChoiceFilter(
        label="Programme year", choices=programme_years, coerce=int, empty_value=None, method="filter_year"
    )
    state = ChoiceFilter(label="Where it stands", choices=STATES, method="filter_state")
    agency = PartnershipChoiceFilter(
        label="Agency taking part", model=Agency, limit={"is_active": True}, field_name="agencies"
    )
    mine = CheckboxFilter(label="Only audits I lead or read for", method="filter_mine")

    def filter_year(self, qs: QuerySet, name: str, value: int) -> QuerySet:
        start, end = programme_year_bounds(value)
        return qs.filter(planned_start__gte=start, planned_start__lte=end)

    def filter_state(self, qs: QuerySet, name: str, value: str) -> QuerySet:
        return qs.filter(state_filter(value, timezone.localdate()))

    def filter_mine(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        return qs.filter(Q(lead_id=self.membership.user_id) | Q(cases__readings__reader_id=self.membership.user_id))
