"""The learning loop through the API: learning points and actions, the rows of their list pages."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from learnloop.api.common import FILTER_ERRORS, PageListView, filter_parameters, page_url
from learnloop.loop.filters import ActionFilter, LearningPointFilter
from learnloop.loop.models import Action, LearningPoint, SourceType
from learnloop.loop.views.actions import ACTIONS
from learnloop.loop.views.learning_points import LEARNING_POINTS


class NamedSerializer(serializers.Serializer):
    """A record of the partnership named: an agency or a subgroup."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class ThemeRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()


class LoopSerializer(serializers.Serializer):
    """Where the learning point's loop stands (the page's loop filter)."""

    has_action = serializers.BooleanField()
    shared = serializers.BooleanField(source="is_shared")
    embedded = serializers.BooleanField(source="is_embedded")
    impact_evaluated = serializers.BooleanField(source="is_evaluated")
    first_embedded_on = serializers.DateField(allow_null=True)


class LearningPointSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    reference = serializers.CharField(help_text="LP-0001")
    title = serializers.CharField()
    description = serializers.CharField(help_text="What was learned.")
    kind = serializers.ChoiceField(choices=LearningPoint.Kind.choices)
    source = serializers.ChoiceField(choices=SourceType.choices, source="source_type")
    source_title = serializers.CharField(allow_blank=True)
    source_date = serializers.DateField(allow_null=True)
    source_url = serializers.CharField(allow_blank=True)
    themes = ThemeRefSerializer(many=True, source="themes.all")
    agencies = NamedSerializer(many=True, source="agencies.all", help_text="The agencies the learning concerns.")
    date_identified = serializers.DateField()
    subgroup = NamedSerializer(allow_null=True)
    is_confidential = serializers.BooleanField()
    agency = NamedSerializer(
        allow_null=True,
        help_text="For confidential learning: the agency it belongs to (only it and the lead officer see it).",
    )
    approval = serializers.ChoiceField(choices=LearningPoint.Approval.choices, help_text="The committee's decision.")
    loop = LoopSerializer(source="*")
    url = serializers.SerializerMethodField(help_text="The learning point's page.")

    def get_url(self, lp: LearningPoint) -> str:
        return page_url(self, "loop:learning_point", lp.number)


class LearningPointRefSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    reference = serializers.CharField()
    title = serializers.CharField()
    is_confidential = serializers.BooleanField()


class PersonSerializer(serializers.Serializer):
    full_name = serializers.CharField()


class ActionSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    reference = serializers.CharField(help_text="A-0001")
    title = serializers.CharField(help_text="What will be done.")
    description = serializers.CharField(allow_blank=True)
    learning_point = LearningPointRefSerializer()
    owner_agency = NamedSerializer(allow_null=True)
    owner_subgroup = NamedSerializer(allow_null=True)
    owner_person = PersonSerializer(allow_null=True, help_text="The named person, if any.")
    due_date = serializers.DateField()
    stage = serializers.ChoiceField(choices=Action.Status.choices, source="status", help_text="ADR 0004's five stages.")
    rag = serializers.ChoiceField(
        choices=Action.Rag.choices,
        source="rag_status",
        help_text="Computed when read, never typed: red is overdue, amber is due within the partnership's amber days, "
        "green is on track or done.",
    )
    success_measure = serializers.CharField()
    completed_on = serializers.DateField(allow_null=True)
    url = serializers.SerializerMethodField(help_text="The action's page.")

    def get_url(self, action: Action) -> str:
        return page_url(self, "loop:action", action.number)


class LearningPoints(PageListView):
    """The learning points of the learning points page, with the same filters."""

    list_page = LEARNING_POINTS
    serializer_class = LearningPointSerializer

    def confidential(self, rows: list[LearningPoint]) -> list[str]:
        return [lp.reference for lp in rows if lp.is_confidential]

    @extend_schema(
        summary="Learning points",
        description=(
            "The learning points the member may see, as on the learning points page and with its filters: "
            "confidential learning only to its agency and the lead officer. Newest first."
        ),
        parameters=filter_parameters(LearningPointFilter),
        responses={200: LearningPointSerializer(many=True), **FILTER_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return super().get(request, slug)


class Actions(PageListView):
    """The actions of the actions page, with the same filters and the computed RAG."""

    list_page = ACTIONS
    serializer_class = ActionSerializer

    def confidential(self, rows: list[Any]) -> list[str]:
        return [a.reference for a in rows if a.learning_point.is_confidential]

    @extend_schema(
        summary="Actions",
        description=(
            "The actions the member may see, as on the actions page and with its filters (an action about "
            "confidential learning only to that learning's agency and the lead officer). Open actions first, "
            "soonest due at the top; then finished ones."
        ),
        parameters=filter_parameters(ActionFilter),
        responses={200: ActionSerializer(many=True), **FILTER_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return super().get(request, slug)
