"""The partnership's practice themes through the API: the rows of the themes page, with counts."""

from __future__ import annotations

from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from learnloop.api.common import ERRORS, MemberAPIView, Pagination
from learnloop.themes import selectors


class ThemeSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="For the `theme` filter of the learning points and actions.")
    code = serializers.CharField(help_text="Stable across renaming; the insights' theme.")
    name = serializers.CharField()
    description = serializers.CharField(allow_blank=True)
    is_retired = serializers.BooleanField(help_text="Offered no more, but still on the records that carry it.")
    learning_points = serializers.IntegerField(
        source="uses", help_text="How many of the learning points the member may see carry the theme."
    )


class Themes(MemberAPIView):
    pagination_class = Pagination

    @extend_schema(
        summary="Themes",
        description="The partnership's theme taxonomy, as on the themes page: current themes first, then retired ones.",
        responses={200: ThemeSerializer(many=True), **ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        m = self.membership()
        paginator = self.pagination_class()
        rows = paginator.paginate_queryset(selectors.theme_list(m), request, view=self) or []
        return paginator.get_paginated_response(ThemeSerializer(rows, many=True).data)
