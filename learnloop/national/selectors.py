"""Every read of the national view. Only what is shared, and still shared, ever leaves here.

Shares are read at query time (a subquery on NationalShare), so a withdrawal takes effect at
once. The conditions of the source records are checked at query time too: a publication must
still be published, a learning point still approved and not confidential.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from learnloop.national.models import ALL, KIND_LABELS, NationalShare, ShareKind


def _shared(kind: str, partnership_ref: str = "partnership_id") -> Exists:
    return Exists(
        NationalShare.objects.filter(
            withdrawn_at__isnull=True, kind=kind, partnership_id=OuterRef(partnership_ref)
        ).filter(Q(object_id=ALL) | Q(object_id=OuterRef("pk")))
    )


def shared_publications() -> QuerySet[Any]:
    from learnloop.reviews.models import Publication

    return (
        Publication.objects.filter(status=Publication.Status.PUBLISHED)
        .filter(_shared(ShareKind.PUBLICATION))
        .select_related("partnership", "review")
    )


def _passes(briefing: Any) -> bool:
    """A briefing shared with all of its kind is still held back while the redaction check
    finds a possible identifier in it."""
    from learnloop.national.services import briefing_findings

    return not briefing_findings(briefing)


def shared_seven_minute() -> QuerySet[Any]:
    from learnloop.loop.models import SevenMinuteBriefing

    return SevenMinuteBriefing.objects.filter(
        _shared(ShareKind.SEVEN_MINUTE, "dissemination__partnership_id")
    ).select_related("dissemination__partnership")


def shared_learning_points() -> QuerySet[Any]:
    from learnloop.loop.models import LearningPoint

    return (
        LearningPoint.objects.filter(is_confidential=False, approval=LearningPoint.Approval.APPROVED)
        .filter(
            Exists(
                NationalShare.objects.filter(
                    withdrawn_at__isnull=True,
                    kind=ShareKind.LEARNING_POINT,
                    partnership_id=OuterRef("partnership_id"),
                    object_id=OuterRef("pk"),
                )
            )
        )
        .select_related("partnership")
        .prefetch_related("themes")
    )


def shared_themes() -> QuerySet[Any]:
    from learnloop.themes.models import Theme

    return Theme.objects.filter(_shared(ShareKind.THEME)).select_related("partnership")


def sharing_partnerships(indicator: Any) -> list[Any]:
    """The partnerships that share this indicator's figures, by name."""
    from learnloop.partnership.models import Partnership

    return list(
        Partnership.objects.filter(
            Exists(
                NationalShare.objects.filter(
                    withdrawn_at__isnull=True, kind=ShareKind.INDICATOR, partnership_id=OuterRef("pk")
                ).filter(Q(object_id=ALL) | Q(object_id=indicator.pk))
            )
        ).order_by("name")
    )


def shared_indicators() -> list[Any]:
    """Indicators shared by at least one partnership that can be drawn as a funnel plot."""
    from learnloop.dataset.models import Indicator

    shares = NationalShare.objects.filter(withdrawn_at__isnull=True, kind=ShareKind.INDICATOR)
    ids = set(shares.values_list("object_id", flat=True))
    qs = Indicator.objects.filter(in_dataset=True, unit__in=[Indicator.Unit.PERCENT, Indicator.Unit.RATE])
    if ALL not in ids:
        qs = qs.filter(pk__in=ids)
    return list(qs.order_by("position", "code"))


# Shared learning, one item at a time (the search is in search.py) --------------------------------------------------------------


@dataclass
class SharedItem:
    kind: str
    pk: int
    partnership: str
    title: str
    text: str
    on: dt.date | None
    themes: list[str] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.kind]


SEARCH_KINDS = [ShareKind.PUBLICATION, ShareKind.SEVEN_MINUTE, ShareKind.LEARNING_POINT]


def theme_choices() -> list[tuple[str, str]]:
    """The themes of shared learning points and shared themes, by code (one name each)."""
    from learnloop.themes.models import Theme

    themes = Theme.objects.filter(
        Q(pk__in=shared_themes().values("pk")) | Q(learning_points__in=shared_learning_points().values("pk"))
    ).values_list("code", "name")
    return sorted(dict(themes).items(), key=lambda pair: pair[1])


def item_get(kind: str, pk: int) -> SharedItem:
    """One shared item, or a 404 when it is not (or no longer) shared."""
    from django.http import Http404

    if kind not in SEARCH_KINDS:
        raise Http404
    for item in _one(kind, pk):
        return item
    raise Http404("Not shared.")


def _one(kind: str, pk: int) -> list[SharedItem]:
    if kind == ShareKind.PUBLICATION:
        return [
            SharedItem(kind, p.pk, p.partnership.name, p.title, p.body, p.published_on)
            for p in shared_publications().filter(pk=pk)
        ]
    if kind == ShareKind.SEVEN_MINUTE:
        return [
            SharedItem(
                kind,
                b.pk,
                b.dissemination.partnership.name,
                b.dissemination.title,
                "\n\n".join(f"{label}\n{text}" for label, text in b.parts() if text),
                b.dissemination.date,
            )
            for b in shared_seven_minute().filter(pk=pk)
            if _passes(b)
        ]
    return [
        SharedItem(
            kind,
            lp.pk,
            lp.partnership.name,
            lp.title,
            lp.description,
            lp.date_identified,
            [t.name for t in lp.themes.all()],
        )
        for lp in shared_learning_points().filter(pk=pk)
    ]
