"""The filters of the loop's list pages. Each narrows its selector's scoped rows."""

from __future__ import annotations

import django_filters
from django.db.models import Q, QuerySet

from learnloop.core.lists import (
    CheckboxFilter,
    ChoiceFilter,
    DateFilter,
    MemberFilterSet,
    PartnershipChoiceFilter,
    text,
)
from learnloop.loop.models import Action, AgeBand, Dissemination, Embedding, Impact, LearningPoint, SourceType
from learnloop.loop.selectors import LOOP_FILTERS
from learnloop.partnership.models import Agency, Subgroup
from learnloop.themes.models import Theme

LOOP_CHOICES = [
    ("no_action", "No action"),
    ("with_action", "Has an action"),
    ("not_shared", "Not shared"),
    ("shared", "Shared"),
    ("not_embedded", "No evidence of embedding"),
    ("embedded", "Embedded"),
    ("not_evaluated", "Impact not evaluated"),
    ("evaluated", "Impact evaluated"),
]


def _loop_stage(qs: QuerySet, name: str, value: str) -> QuerySet:
    flag, wanted = LOOP_FILTERS[value]
    return qs.filter(**{flag: wanted})


class LearningPointFilter(MemberFilterSet):
    q = text("Search", "title", "description", "source_title")
    theme = PartnershipChoiceFilter(label="Theme", model=Theme, field_name="themes")
    agency = PartnershipChoiceFilter(label="Agency concerned", model=Agency, field_name="agencies")
    subgroup = PartnershipChoiceFilter(label="Subgroup", model=Subgroup, field_name="subgroup")
    kind = ChoiceFilter(label="Kind", choices=LearningPoint.Kind.choices)
    source = ChoiceFilter(label="Source", choices=SourceType.choices, field_name="source_type")
    approval = ChoiceFilter(label="Approval", choices=LearningPoint.Approval.choices)
    loop = ChoiceFilter(label="Loop", choices=LOOP_CHOICES, method=_loop_stage)
    identified_from = DateFilter(label="Identified from", field_name="date_identified", lookup_expr="gte")
    identified_to = DateFilter(label="Identified to", field_name="date_identified", lookup_expr="lte")


class ActionFilter(MemberFilterSet):
    q = text("Search", "title", "description", "learning_point__title")
    status = ChoiceFilter(label="Status", choices=Action.Status.choices)
    rag = ChoiceFilter(label="RAG", choices=Action.Rag.choices, field_name="rag_status")
    agency = PartnershipChoiceFilter(label="Owning agency", model=Agency, field_name="owner_agency")
    subgroup = PartnershipChoiceFilter(label="Owning subgroup", model=Subgroup, field_name="owner_subgroup")
    theme = PartnershipChoiceFilter(label="Theme", model=Theme, field_name="learning_point__themes")
    source = ChoiceFilter(label="Source", choices=SourceType.choices, field_name="learning_point__source_type")
    due_from = DateFilter(label="Due from", field_name="due_date", lookup_expr="gte")
    due_to = DateFilter(label="Due to", field_name="due_date", lookup_expr="lte")
    identified_from = DateFilter(
        label="Learning identified from", field_name="learning_point__date_identified", lookup_expr="gte"
    )
    identified_to = DateFilter(
        label="Learning identified to", field_name="learning_point__date_identified", lookup_expr="lte"
    )
    mine = CheckboxFilter(label="Only actions assigned to me", method="filter_mine")
    open = CheckboxFilter(label="Only actions not yet completed", method="filter_open")

    def filter_mine(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        return qs.filter(owner_person_id=self.membership.user_id)

    def filter_open(self, qs: QuerySet, name: str, value: bool) -> QuerySet:
        return qs.exclude(status__in=[str(s) for s in Action.DONE])


class DisseminationFilter(MemberFilterSet):
    q = text("Search", "title", "description")
    kind = ChoiceFilter(label="How it was shared", choices=Dissemination.Kind.choices)
    agency = PartnershipChoiceFilter(label="Audience agency", model=Agency, field_name="audience_agencies")
    theme = PartnershipChoiceFilter(label="Theme", model=Theme, field_name="learning_points__themes")
    date_from = DateFilter(label="From", field_name="date", lookup_expr="gte")
    date_to = DateFilter(label="To", field_name="date", lookup_expr="lte")


class EmbeddingFilter(MemberFilterSet):
    q = text("Search", "description")
    kind = ChoiceFilter(label="Kind", choices=Embedding.Kind.choices)
    agency = PartnershipChoiceFilter(label="Agency", model=Agency, field_name="agency")
    date_from = DateFilter(label="From", field_name="date", lookup_expr="gte")
    date_to = DateFilter(label="To", field_name="date", lookup_expr="lte")


class TrackedChildFilter(MemberFilterSet):
    q = text("Search", "label")  # not the story: only the child's agency and the lead officer read it
    agency = PartnershipChoiceFilter(label="Agency", model=Agency, field_name="agency")
    age_band = ChoiceFilter(label="Age band", choices=AgeBand.choices)


def _impact_search(qs: QuerySet, name: str, value: str) -> QuerySet:
    """Title or conclusion, but not the conclusion of a child's story the member may not read
    (`story_hidden`, annotated by `selectors.impact_list`)."""
    return qs.filter(Q(title__icontains=value) | Q(conclusion__icontains=value, story_hidden=False))


class ImpactFilter(MemberFilterSet):
    q = django_filters.CharFilter(label="Search", method=_impact_search)
    method = ChoiceFilter(label="Method", choices=Impact.Method.choices)
    date_from = DateFilter(label="From", field_name="date", lookup_expr="gte")
    date_to = DateFilter(label="To", field_name="date", lookup_expr="lte")
