"""Read-only API of the minimum dataset, scoped like the pages: another partnership gets 404.

These endpoints answered a bare list before the API was paginated; they still do, with the pages
in the headers (`LinkHeaderPagination`, learnloop/api/common.py), so old scripts keep working.
"""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from learnloop.api.common import ERRORS, ErrorSerializer, LinkHeaderPagination
from learnloop.core import audit
from learnloop.core.models import AuditEntry
from learnloop.core.scoping import membership_for
from learnloop.dataset import selectors
from learnloop.dataset.computation import BREAKDOWNS, PERIOD_KINDS
from learnloop.dataset.models import Indicator
from learnloop.dataset.tables import indicator_rows


def _record_read(request: Request, m: Any, detail: str) -> None:
    """One audit entry per request that returns the partnership's figures (named in `detail`)."""
    audit.record(
        event=AuditEntry.Event.VIEW_CONFIDENTIAL,
        obj=m.partnership,
        partnership=m.partnership,
        user=request.user,
        detail=detail,
    )


class IndicatorSerializer(serializers.ModelSerializer):
    class Meta:
        model = Indicator
        fields = ["code", "name", "unit", "improvement", "scrutiny_question", "definition", "section"]


class FigureSerializer(serializers.Serializer):
    indicator = serializers.CharField()
    breakdown = serializers.CharField(allow_blank=True)
    period = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    spc_signal = serializers.CharField(allow_null=True)
    mean = serializers.FloatField(allow_null=True)
    lower_limit = serializers.FloatField(allow_null=True)
    upper_limit = serializers.FloatField(allow_null=True)
    status = serializers.ChoiceField(
        choices=["value", "zero", "no_value", "no_data", "suppressed"],
        help_text=(
            "value; zero (a true zero); no_value (nothing to count); no_data (nothing loaded covers it); "
            "suppressed (a count of 1 to 4 children, or a figure from which one could be worked out, withheld: "
            "value, numerator and denominator are null)."
        ),
    )


class TrendSerializer(serializers.Serializer):
    indicator = serializers.CharField(source="indicator.code")
    period = serializers.CharField()
    value = serializers.FloatField(allow_null=True)
    spc_signal = serializers.CharField(source="point.label")
    rules = serializers.ListField(child=serializers.CharField(), source="point.rules")
    direction = serializers.CharField()
    decision = serializers.CharField(source="decision.status", allow_null=True, default=None)


class IndicatorCatalogue(ListAPIView):
    serializer_class = IndicatorSerializer
    pagination_class = LinkHeaderPagination

    def get_queryset(self) -> Any:
        membership_for(self.request.user, self.kwargs["slug"])
        return selectors.indicator_list()

    @extend_schema(responses={200: IndicatorSerializer(many=True), **ERRORS})
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)


class IndicatorFigures(APIView):
    """Every indicator for every period, with its SPC signal: the same figures as the pages,
    with counts of 1 to 4 children suppressed unless the member is the lead officer or in MISE."""

    pagination_class = LinkHeaderPagination

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, enum=list(PERIOD_KINDS), description="Default: quarter."),
            OpenApiParameter("breakdown", str, enum=list(BREAKDOWNS)),
            OpenApiParameter("indicator", str, description="One indicator's code."),
        ],
        responses={
            200: FigureSerializer(many=True),
            400: OpenApiResponse(ErrorSerializer, description="Unknown period or breakdown."),
            **ERRORS,
        },
    )
    def get(self, request: Request, slug: str) -> Response:
        m = membership_for(request.user, slug)
        # A parameter given must be one of its values: an empty one is not left out, but wrong.
        kind = request.query_params.get("period", "quarter")
        breakdown = request.query_params.get("breakdown")
        if kind not in PERIOD_KINDS or (breakdown is not None and breakdown not in BREAKDOWNS):
            return Response({"detail": "Unknown period or breakdown."}, status=400)
        paginator = self.pagination_class()
        indicators = selectors.indicator_list()
        code = request.query_params.get("indicator")
        if code:
            indicators = indicators.filter(code=code)
        # Small numbers are suppressed for every member but the lead officer and MISE.
        rows = list(indicator_rows(selectors.series_for(m, kind=kind, indicators=indicators, breakdown=breakdown)))
        _record_read(
            request,
            m,
            f"Read the minimum dataset's figures through the API: {code or 'every indicator'}, by {kind}"
            + (f", broken down by {breakdown}" if breakdown else ""),
        )
        page = paginator.paginate_queryset(rows, request, view=self) or []
        return paginator.get_paginated_response(FigureSerializer(page, many=True).data)


class EmergingTrends(APIView):
    pagination_class = LinkHeaderPagination

    @extend_schema(responses={200: TrendSerializer(many=True), **ERRORS})
    def get(self, request: Request, slug: str) -> Response:
        m = membership_for(request.user, slug)
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(list(selectors.emerging_trends(m)), request, view=self) or []
        data = TrendSerializer(page, many=True).data
        _record_read(request, m, "Read the minimum dataset's emerging trends through the API")
        return paginator.get_paginated_response(data)
