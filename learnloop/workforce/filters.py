"""The filters of the training programme and workforce feedback lists. Each narrows its
selector's scoped rows."""

from __future__ import annotations

from django.db.models import QuerySet

from learnloop.core.lists import (
    CheckboxFilter,
    ChoiceFilter,
    DateFilter,
    MemberFilterSet,
    PartnershipChoiceFilter,
    text,
)
from learnloop.partnership.models import Agency
from learnloop.themes.models import Theme
from learnloop.workforce.models import Course, FeedbackExercise


class CourseFilter(MemberFilterSet):
    q = text("Search", "title", "description", "audience")
    theme = PartnershipChoiceFilter(label="Theme", model=Theme, field_name="themes", empty_label="Any theme")
    delivery = ChoiceFilter(label="Delivery", choices=Course.Delivery.choices)
    current = CheckboxFilter(label="Only courses in the current programme", method="filter_current")

    def filter_current(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        return qs.filter(is_active=True)


class SessionFilter(MemberFilterSet):
    course = PartnershipChoiceFilter(label="Course", model=Course, field_name="course", empty_label="Any course")
    agency = PartnershipChoiceFilter(
        label="Agency", model=Agency, field_name="attendance__agency", empty_label="Any agency"
    )
    date_from = DateFilter(label="From", field_name="date", lookup_expr="gte")
    date_to = DateFilter(label="To", field_name="date", lookup_expr="lte")


class FeedbackFilter(MemberFilterSet):
    q = text("Search", "title", "description")
    kind = ChoiceFilter(label="Kind", choices=FeedbackExercise.Kind.choices)
    theme = PartnershipChoiceFilter(label="Theme", model=Theme, field_name="themes", empty_label="Any theme")
