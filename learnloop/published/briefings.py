"""The loop's 7-minute briefings on the public page: marked public by the lead officer, about
learning none of which is confidential. Both are checked again here, every time."""

from __future__ import annotations

from typing import Any

from django.db.models import Exists, OuterRef, QuerySet

from learnloop.core.registry import PublicItem
from learnloop.loop.models import Dissemination, LearningPoint, SevenMinuteBriefing


def _confidential_learning() -> Exists:
    return Exists(LearningPoint.objects.filter(disseminations=OuterRef("dissemination"), is_confidential=True))


def shareable(partnership: Any) -> QuerySet[SevenMinuteBriefing]:
    """The briefings that may be made public: none of their learning is confidential."""
    return (
        SevenMinuteBriefing.objects.filter(
            dissemination__partnership=partnership, dissemination__kind=Dissemination.Kind.SEVEN_MINUTE
        )
        .exclude(_confidential_learning())
        .select_related("dissemination")
        .order_by("-dissemination__date", "-id")
    )


def public_items(partnership: Any) -> list[PublicItem]:
    briefings = shareable(partnership).filter(is_public=True)
    return [
        PublicItem(
            section="7-minute briefings",
            title=b.dissemination.title,
            date=b.dissemination.date,
            body="\n\n".join(f"{label}\n{text}" for label, text in b.parts() if text),
            key=f"briefing-{b.pk}",
            order=20,
        )
        for b in briefings
    ]
