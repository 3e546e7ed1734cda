"""Insights across sources through the API: the findings of the insights page, for the member.

The findings are made of the records the member may see, by the page's own selector, so a
confidential record never shapes what a script is given unless the member may read it.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from learnloop.api.common import FILTER_ERRORS, BadFilter, MemberAPIView, Pagination, record_confidential
from learnloop.api.loop import PersonSerializer
from learnloop.insights import permissions, selectors
from learnloop.insights.forms import DatesForm
from learnloop.insights.models import FindingDecision
from learnloop.insights.rules import KIND_TITLES, KINDS

STATUSES = ["open", "decided", "all"]


class EvidenceSerializer(serializers.Serializer):
    reference = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField(allow_blank=True)
    confidential = serializers.BooleanField()


class RecordRefSerializer(serializers.Serializer):
    reference = serializers.CharField()


class DecisionSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=FindingDecision.Status.choices)
    decided_at = serializers.DateTimeField()
    decided_by = PersonSerializer(allow_null=True)
    reason = serializers.CharField(allow_blank=True)
    learning_point = RecordRefSerializer(allow_null=True, help_text="The learning raised from the finding.")
    action = RecordRefSerializer(allow_null=True, help_text="The action already acting on it.")


class FindingSerializer(serializers.Serializer):
    key = serializers.CharField(help_text="The finding's stable identity: its kind and subject.")
    kind = serializers.ChoiceField(choices=[(k, KIND_TITLES[k]) for k in KINDS])
    title = serializers.CharField(help_text="The kind in words.")
    subject = serializers.CharField()
    theme = serializers.CharField(allow_blank=True, help_text="The theme's code, for a finding about a theme.")
    theme_name = serializers.CharField(allow_blank=True)
    since = serializers.DateField(help_text="The date from which the finding has held.")
    is_new = serializers.SerializerMethodField(help_text="Held only since `since` (the page's 'New since').")
    detail = serializers.CharField()
    evidence = EvidenceSerializer(many=True)
    decision = DecisionSerializer(
        allow_null=True,
        help_text="Null for a finding no one has decided about; for an open finding, a dismissal its new evidence "
        "has overtaken.",
    )

    def get_is_new(self, finding: Any) -> bool:
        return finding.since >= self.context["since"]


class Findings(MemberAPIView):
    pagination_class = Pagination

    @extend_schema(
        summary="Insight findings",
        description=(
            "The findings of the insights page (recurring and emerging themes, lessons learned again, stalled "
            "actions, learning not shared or without an action, impact not evaluated, indicator signals), made "
            "only of records the member may see. The page shows the newest 20 of each kind; this gives them all, "
            "newest first within each kind, kinds in the page's order."
        ),
        parameters=[
            OpenApiParameter(
                "as_of", OpenApiTypes.DATE, description="Read the records as they stood then. Default: today."
            ),
            OpenApiParameter(
                "since",
                OpenApiTypes.DATE,
                description="For `is_new`. Default: the last committee meeting, or 8 weeks ago.",
            ),
            OpenApiParameter("kind", OpenApiTypes.STR, enum=list(KINDS), description="One kind of finding."),
            OpenApiParameter(
                "status",
                OpenApiTypes.STR,
                enum=STATUSES,
                description="open (default: to look at, as the page's main list), decided (raised, being acted on or "
                "dismissed) or all.",
            ),
        ],
        responses={200: FindingSerializer(many=True), **FILTER_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        m = self.membership()
        if not permissions.can_read_insights(m):
            raise Http404
        form = DatesForm(request.query_params or None)
        errors: dict[str, list[str]] = {}
        if form.is_bound and not form.is_valid():
            errors |= {field: [str(e) for e in es] for field, es in form.errors.items()}
        kind, status = request.query_params.get("kind", ""), request.query_params.get("status") or "open"
        if kind and kind not in KINDS:
            errors["kind"] = [f"Choose one of {', '.join(KINDS)}."]
        if status not in STATUSES:
            errors["status"] = [f"Choose one of {', '.join(STATUSES)}."]
        if errors:
            raise BadFilter(errors)
        as_of = form.cleaned_data.get("as_of") if form.is_bound else None
        found = selectors.insights(m, as_of)
        since = (form.cleaned_data.get("since") if form.is_bound else None) or selectors.whats_new_default(
            m.partnership
        )
        chosen = {"open": found.findings, "decided": found.decided, "all": found.findings + found.decided}[status]
        if kind:
            chosen = [f for f in chosen if f.kind == kind]
        order = {k: i for i, k in enumerate(KINDS)}
        chosen = sorted(chosen, key=lambda f: (order[f.kind], -f.since.toordinal(), f.key))
        paginator = self.pagination_class()
        rows = paginator.paginate_queryset(chosen, request, view=self) or []
        data = FindingSerializer(rows, many=True, context={"since": since}).data
        record_confidential(
            request,
            m,
            "records as insights' evidence",
            [e.reference for f in rows for e in f.evidence if e.confidential],
        )
        return paginator.get_paginated_response(data)
