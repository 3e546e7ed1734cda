"""Reviews through the API: summaries only, the rows of the reviews page.

Each review's kind, stage, dates and any published summary or briefing (text already public on
the partnership's public page, or due to be). Nothing of the review's own record (circumstances,
reasons, people named, reports) is given: for that, a member opens the review's page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers
from rest_framework.request import Request
from rest_framework.response import Response

from learnloop.accounts.models import Membership
from learnloop.api.common import FILTER_ERRORS, PageListView, filter_parameters, page_url
from learnloop.api.loop import NamedSerializer
from learnloop.reviews import stages
from learnloop.reviews.filters import ReviewFilter
from learnloop.reviews.models import Kind, Publication, Review, Stage
from learnloop.reviews.services import review_settings_for
from learnloop.reviews.views.reviews import REVIEWS


class PublishedSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=Publication.Kind.choices)
    title = serializers.CharField()
    body = serializers.CharField(help_text="The published text, as on the partnership's public page.")
    published_on = serializers.DateField(allow_null=True)


class ReviewSerializer(serializers.Serializer):
    number = serializers.IntegerField()
    reference = serializers.CharField(help_text="R-0001")
    title = serializers.CharField()
    kind = serializers.ChoiceField(choices=Kind.choices)
    is_confidential = serializers.BooleanField(
        help_text="A single-agency case review: its agency and the lead officer only."
    )
    agency = NamedSerializer(allow_null=True, help_text="A single-agency review's agency.")
    agencies = NamedSerializer(many=True, source="agencies.all", help_text="The agencies involved.")
    subgroup = NamedSerializer(allow_null=True)
    stage = serializers.ChoiceField(choices=Stage.choices)
    stage_started_on = serializers.DateField()
    stage_deadline = serializers.SerializerMethodField(help_text="When the current stage is due; null once closed.")
    overdue = serializers.SerializerMethodField()
    notified_on = serializers.DateField(allow_null=True)
    decision = serializers.ChoiceField(choices=Review.Decision.choices, allow_blank=True)
    decided_on = serializers.DateField(allow_null=True)
    ci_notified_on = serializers.DateField(allow_null=True, help_text="The Care Inspectorate was notified.")
    publication_decision = serializers.ChoiceField(choices=Review.PublicationDecision.choices, allow_blank=True)
    published_on = serializers.DateField(allow_null=True, help_text="External learning: when its source was published.")
    closed_on = serializers.DateField(allow_null=True)
    published = PublishedSerializer(
        many=True, source="published_now", help_text="The review's summaries and briefings published now."
    )
    url = serializers.SerializerMethodField(help_text="The review's page.")

    @extend_schema_field(serializers.DateField(allow_null=True))
    def get_stage_deadline(self, review: Review) -> dt.date | None:
        return stages.deadline(review, self.context["settings"]) if review.stage != Stage.CLOSED else None

    def get_overdue(self, review: Review) -> bool:
        deadline = self.get_stage_deadline(review)
        return deadline is not None and deadline < self.context["today"]

    def get_url(self, review: Review) -> str:
        return page_url(self, "reviews:detail", review.number)


class Reviews(PageListView):
    """The reviews of the reviews page, with the same filters."""

    list_page = REVIEWS
    serializer_class = ReviewSerializer

    def context(self, m: Membership, rows: list[Review]) -> dict[str, Any]:
        published = Publication.objects.filter(status=Publication.Status.PUBLISHED).order_by("-published_on", "-id")
        prefetch_related_objects(rows, Prefetch("publications", queryset=published, to_attr="published_now"))
        return {"settings": review_settings_for(m.partnership), "today": timezone.localdate()}

    def confidential(self, rows: list[Review]) -> list[str]:
        return [r.reference for r in rows if r.is_confidential]

    @extend_schema(
        summary="Reviews",
        description=(
            "Summaries of the reviews the member may see, as on the reviews page and with its filters "
            "(single-agency case reviews only to their agency and the lead officer). Newest first."
        ),
        parameters=filter_parameters(ReviewFilter),
        responses={200: ReviewSerializer(many=True), **FILTER_ERRORS},
    )
    def get(self, request: Request, slug: str) -> Response:
        return super().get(request, slug)
