"""The reviews' published learning on the partnership's public page: only publications that are
published now (not draft, ready or withdrawn), of reviews that are not confidential."""

from __future__ import annotations

from typing import Any

from learnloop.core.registry import PublicItem
from learnloop.reviews.models import Kind, Publication


def public_items(partnership: Any) -> list[PublicItem]:
    publications = (
        Publication.objects.filter(partnership=partnership, status=Publication.Status.PUBLISHED)
        .exclude(review__kind=Kind.SINGLE_AGENCY)
        .order_by("-published_on", "-id")
    )
    section = {
        Publication.Kind.SUMMARY: "Learning review summaries",
        Publication.Kind.BRIEFING: "Learning review briefings",
    }
    return [
        PublicItem(
            section=section[p.kind],
            title=p.title,
            date=p.published_on,
            body=p.body,
            key=f"review-publication-{p.pk}",
            order=10,
        )
        for p in publications
    ]
