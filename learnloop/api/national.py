"""Read-only API of the national view: the benchmarks and the shared learning.

Who may read: exactly who may see the national pages (learnloop/national/access.py): an active
member of any partnership, or a national reader; anyone else signed in gets 404. A national
token reads these endpoints only, and a partnership token gets 404 here (TokenScope).

Nothing is worked out here: the funnel comes from learnloop/national/benchmarks.py and the
learning from learnloop/national/selectors.py, as on the pages, so nothing unshared can leak and
a withdrawal takes effect at once.
"""

from __future__ import annotations

from typing import Any

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, serializers
from rest_framework.generics import GenericAPIView
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import BasePermission
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from learnloop.api.views import ErrorSerializer
from learnloop.core.disclosure import MARK
from learnloop.national import benchmarks, selectors
from learnloop.national import limits as funnel
from learnloop.national import search as fulltext
from learnloop.national.access import may_read_national
from learnloop.national.selectors import SEARCH_KINDS


class NationalReader(BasePermission):
    """The national pages' rule: anyone else signed in is told nothing exists (404)."""

    def has_permission(self, request: Any, view: Any) -> bool:
        if not may_read_national(request.user):
            raise exceptions.NotFound()
        return True


class NationalView(APIView):
    national_scope = True  # TokenScope: a national token reads these views, and only these

    def get_permissions(self) -> list[BasePermission]:
        return [*super().get_permissions(), NationalReader()]


# Benchmarks -------------------------------------------------------------------------------------


class SharedIndicatorSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    unit = serializers.CharField(help_text="percent, or rate (per 1,000 children).")
    improvement = serializers.CharField()
    definition = serializers.CharField(allow_blank=True)


POSITIONS = [*funnel.POSITION_TEXT, "suppressed", "no_data"]


class FunnelRowSerializer(serializers.Serializer):
    partnership = serializers.CharField(source="partnership.name")
    status = serializers.ChoiceField(
        choices=["value", "suppressed", "no_data"],
        help_text=(
            "value; suppressed (a numerator or denominator small enough to identify children: value, counts, "
            f"limits and position are null, and position_text is {MARK}, as on the pages); no_data (the "
            "partnership shares the indicator but has no figure for the year)."
        ),
    )
    value = serializers.FloatField(allow_null=True)
    numerator = serializers.IntegerField(allow_null=True)
    denominator = serializers.IntegerField(allow_null=True)
    lower_95 = serializers.FloatField(allow_null=True)
    upper_95 = serializers.FloatField(allow_null=True)
    lower_998 = serializers.FloatField(allow_null=True)
    upper_998 = serializers.FloatField(allow_null=True)
    position = serializers.ChoiceField(
        choices=POSITIONS,
        help_text="Where the value lies against the limits; suppressed or no_data when there is no value.",
    )
    position_text = serializers.CharField()

    def to_representation(self, row: benchmarks.Row) -> dict[str, Any]:
        bands = row.limits
        status = "suppressed" if row.suppressed else "value" if bands is not None else "no_data"
        return {
            "partnership": row.partnership.name,
            "status": status,
            "value": row.value if bands is not None else None,
            "numerator": row.numerator if bands is not None else None,
            "denominator": row.denominator if bands is not None else None,
            "lower_95": bands.lower_95 if bands else None,
            "upper_95": bands.upper_95 if bands else None,
            "lower_998": bands.lower_998 if bands else None,
            "upper_998": bands.upper_998 if bands else None,
            "position": row.position if bands is not None else status,
            "position_text": row.position_text,
        }


class FunnelSerializer(serializers.Serializer):
    indicator = SharedIndicatorSerializer()
    year = serializers.IntegerField(allow_null=True, help_text="Null when no sharing partnership has figures yet.")
    years = serializers.ListField(
        child=serializers.IntegerField(), help_text="The calendar years with figures, newest first."
    )
    national_value = serializers.FloatField(
        allow_null=True, help_text="From every sharing partnership's true counts; the national counts are never shown."
    )
    summary = serializers.CharField(help_text="The partnerships outside the 95% limits, in words.")
    partnerships = FunnelRowSerializer(many=True, help_text="Each sharing partnership, by name.")


def _shared_indicator(code: str) -> Any:
    indicator = next((i for i in selectors.shared_indicators() if i.code == code), None)
    if indicator is None:
        raise Http404
    return indicator


class SharedIndicators(NationalView):
    """The indicators at least one partnership shares, which can be drawn as a funnel plot."""

    @extend_schema(responses=SharedIndicatorSerializer(many=True))
    def get(self, request: Request) -> Response:
        return Response(SharedIndicatorSerializer(selectors.shared_indicators(), many=True).data)


class IndicatorFunnel(NationalView):
    """One shared indicator's funnel plot for a calendar year: each sharing partnership's figure
    against the national value, with exact 95% and 99.8% limits, small numbers suppressed."""

    @extend_schema(
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="A calendar year. Default: the newest with figures.")
        ],
        responses={200: FunnelSerializer, 400: ErrorSerializer},
    )
    def get(self, request: Request, code: str) -> Response:
        indicator = _shared_indicator(code)
        counts = benchmarks.yearly_counts(indicator)
        years = benchmarks.years_for(counts)
        asked = request.query_params.get("year")
        if asked is not None:  # given, even empty: it must be a year
            try:
                year: int | None = int(asked)
            except ValueError:
                return Response({"detail": "The year must be a whole number, for example 2025."}, status=400)
        else:
            year = years[0] if years else None
        result = benchmarks.benchmark(indicator, year, counts) if year is not None else None
        data = {
            "indicator": indicator,
            "year": year,
            "years": years,
            "national_value": result.national_value if result else None,
            "summary": result.summary() if result else "No sharing partnership has figures yet.",
            "partnerships": result.rows if result else [],
        }
        return Response(FunnelSerializer(data).data)


# Shared learning --------------------------------------------------------------------------------


class SharedItemSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=[k.value for k in SEARCH_KINDS])
    id = serializers.IntegerField(source="pk")
    partnership = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField(allow_blank=True)
    date = serializers.DateField(source="on", allow_null=True)
    themes = serializers.ListField(child=serializers.CharField())


class SearchResultSerializer(serializers.Serializer):
    """One result of the search, read from the search index (learnloop/national/search.py)."""

    kind = serializers.ChoiceField(choices=[k.value for k in SEARCH_KINDS])
    id = serializers.IntegerField(source="object_id")
    partnership = serializers.CharField(source="partnership.name")
    title = serializers.CharField()
    text = serializers.CharField(source="body", allow_blank=True)
    date = serializers.DateField(source="on", allow_null=True)
    themes = serializers.SerializerMethodField()

    def get_themes(self, entry: Any) -> list[str]:
        return [name for name in entry.theme_names.split("; ") if name]


class LearningPagination(PageNumberPagination):
    page_size = 50


class LearningQuery(serializers.Serializer):
    q = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=200,
        help_text=(
            "Words, as on the search page: every word must appear in some form (stemmed); "
            '"a phrase" in quotes, `or` between words for either, -word to leave out. '
            "When nothing has every word, the items with any of them."
        ),
    )
    theme = serializers.CharField(required=False, allow_blank=True, max_length=100, help_text="A theme's code.")
    year = serializers.IntegerField(required=False, min_value=1990, max_value=2100)
    kind = serializers.ChoiceField(required=False, allow_blank=True, choices=[k.value for k in SEARCH_KINDS])
    review_kind = serializers.CharField(
        required=False, allow_blank=True, max_length=50, help_text="The kind of review the learning came from."
    )
    agency = serializers.CharField(required=False, allow_blank=True, max_length=50, help_text="A kind of agency.")


class SharedLearning(NationalView, GenericAPIView):
    """What partnerships share of their learning (published summaries, 7-minute briefings and
    learning points): the national search page's results in its order (best match first, newest
    first without words), from the same search; 50 a page."""

    serializer_class = SearchResultSerializer
    pagination_class = LearningPagination

    @extend_schema(parameters=[LearningQuery], responses={200: SearchResultSerializer(many=True), 400: ErrorSerializer})
    def get(self, request: Request) -> Response:
        query = LearningQuery(data=request.query_params)
        if not query.is_valid():
            return Response({"detail": _errors(query.errors)}, status=400)
        data = query.validated_data
        items, _query, _all_words = fulltext.ranked(
            words=data.get("q") or "",
            theme=data.get("theme") or "",
            year=data.get("year"),
            kind=data.get("kind") or "",
            review_kind=data.get("review_kind") or "",
            agency=data.get("agency") or "",
        )
        page = self.paginate_queryset(items)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


def _errors(errors: dict[str, Any]) -> str:
    return "; ".join(f"{name}: {' '.join(str(e) for e in found)}" for name, found in errors.items())


class SharedLearningItem(NationalView):
    """One shared item, in full; 404 once it is withdrawn (or was never shared)."""

    @extend_schema(
        parameters=[OpenApiParameter("kind", str, OpenApiParameter.PATH, enum=[k.value for k in SEARCH_KINDS])],
        responses=SharedItemSerializer,
    )
    def get(self, request: Request, kind: str, pk: int) -> Response:
        return Response(SharedItemSerializer(selectors.item_get(kind, pk)).data)
