"""The filters of the reviews list. They narrow the member's scoped reviews from the selector."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from learnloop.core.lists import CheckboxFilter, ChoiceFilter, MemberFilterSet, PartnershipChoiceFilter, text
from learnloop.partnership.models import Agency
from learnloop.reviews import stages
from learnloop.reviews.models import Kind, Stage
from learnloop.reviews.services import review_settings_for


class ReviewFilter(MemberFilterSet):
    q = text("Search", "title", "circumstances", "source_organisation")
    kind = ChoiceFilter(label="Kind", choices=Kind.choices, empty_label="All kinds")
    stage = ChoiceFilter(label="Stage", choices=Stage.choices, empty_label="All stages")
    agency = PartnershipChoiceFilter(
        label="Agency involved",
        model=Agency,
        limit={"is_active": True},
        empty_label="All agencies",
        method="filter_agency",
    )
    open = CheckboxFilter(label="Open reviews only", method="filter_open")
    overdue = CheckboxFilter(label="Overdue stages only", method="filter_overdue")

    def filter_agency(self, qs: QuerySet, name: str, value: Agency) -> QuerySet:
        # Agencies involved, or the agency a single-agency review belongs to.
        return qs.filter(Q(agencies=value) | Q(agency=value))

    def filter_open(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        return qs.exclude(stage=Stage.CLOSED)

    def filter_overdue(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        # A stage's deadline depends on the partnership's settings and the review's kind: worked out
        # for each open review, after the other filters have narrowed them.
        settings = review_settings_for(self.membership.partnership)
        today = timezone.localdate()
        return qs.filter(pk__in=[r.pk for r in qs.exclude(stage=Stage.CLOSED) if stages.is_overdue(r, settings, today)])
