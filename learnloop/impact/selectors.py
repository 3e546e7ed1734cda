"""Every read of impact claims a member can trigger, scoped through the loop's own selectors.

`impact_claims(partnership, reader, period)` is the one function other apps (the reports) call
to list checked claims: each impact evaluation the reader may see, with its verdict, every piece
of linked evidence read live from its source, and the check's result.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch
from django.http import Http404

from learnloop.accounts.models import Membership
from learnloop.core.registry import EVIDENCE_KINDS, FINDING_TEXT, EvidenceKind, EvidenceReading
from learnloop.impact.checks import CheckResult, check
from learnloop.impact.models import Claim, EvidenceItem
from learnloop.loop import selectors as loop_selectors
from learnloop.loop.models import Impact, SourceType


@dataclass
class LinkedEvidence:
    item: EvidenceItem
    kind: EvidenceKind | None
    reading: EvidenceReading | None  # None when the kind is not installed or the record has gone

    @property
    def title(self) -> str:
        if self.reading is not None:
            return self.reading.title
        return "Evidence no longer available (the record was removed or is not installed)"

    @property
    def finding_text(self) -> str:
        finding = self.reading.finding if self.reading else None
        return FINDING_TEXT.get(finding or "", "")


@dataclass
class CheckedClaim:
    impact: Impact
    verdict: str  # "" when the evaluation gives none
    verdict_text: str
    evidence: list[LinkedEvidence]
    result: CheckResult
    story_hidden: bool
    themes: list[Any] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)  # where the learning came from, in words


def read_item(m: Membership, item: EvidenceItem, *, public: bool = False) -> LinkedEvidence:
    kind = EVIDENCE_KINDS.get(item.kind)
    reading = kind.read(m, item.ref, item.before, item.after, public) if kind else None
    return LinkedEvidence(item, kind, reading)


def _checked(m: Membership, impact: Impact, *, public: bool) -> CheckedClaim:
    claim: Claim | None = getattr(impact, "claim", None)
    verdict = claim.verdict if claim else ""
    evidence = [read_item(m, item, public=public) for item in impact.evidence_items.all()]
    result = check(verdict, [e.reading for e in evidence if e.reading is not None])
    points = list(impact.learning_points.all()) + [a.learning_point for a in impact.actions.all()]
    themes = {t.pk: t for lp in points for t in lp.themes.all()}
    sources = sorted({SourceType(lp.source_type).label for lp in points})
    return CheckedClaim(
        impact=impact,
        verdict=verdict,
        verdict_text=claim.get_verdict_display() if claim else "No verdict",
        evidence=evidence,
        result=result,
        story_hidden=not loop_selectors.can_see_child_story(m, impact),
        themes=sorted(themes.values(), key=lambda t: t.name),
        sources=sources,
    )


def _impacts(m: Membership) -> Any:
    visible = loop_selectors.learning_points_visible(m).prefetch_related("themes")
    return (
        loop_selectors.impacts_visible(m)
        .select_related("claim", "tracked_child", "tracked_child__agency")
        .prefetch_related(
            Prefetch("learning_points", queryset=visible),
            Prefetch(
                "actions",
                queryset=loop_selectors.actions_visible(m)
                .select_related("learning_point")
                .prefetch_related("learning_point__themes"),
            ),
            "evidence_items",
        )
        .distinct()
        .order_by("-date", "-id")
    )


def impact_claims(
    partnership: Any, reader: Membership, period: tuple[dt.date | None, dt.date | None] | None = None
) -> list[CheckedClaim]:
    """The impact evaluations `reader` may see in `partnership`, evaluated within `period` (a
    (start, end) pair of dates, either end open; None for all), each checked against its figures.
    Figures follow the reader's own disclosure rules (small numbers suppressed unless they may
    see them); for a public document pass a reader without that right (a viewer)."""
    if reader.partnership_id != partnership.pk:
        raise Http404("No such partnership.")
    impacts = _impacts(reader)
    if period:
        start, end = period
        if start:
            impacts = impacts.filter(date__gte=start)
        if end:
            impacts = impacts.filter(date__lte=end)
    return [_checked(reader, impact, public=False) for impact in impacts]


def claim_get(m: Membership, pk: int) -> CheckedClaim:
    impact = _impacts(m).filter(pk=pk).first()
    if impact is None:
        raise Http404("No such impact evaluation.")
    return _checked(m, impact, public=False)


@dataclass
class Group:
    title: str
    claims: list[CheckedClaim]

    @property
    def counts(self) -> dict[str, int]:
        out: dict[str, int] = defaultdict(int)
        for c in self.claims:
            out[c.result.status] += 1
        return dict(out)


NO_THEME = "No practice theme"


def grouped(claims: list[CheckedClaim], by: str) -> list[Group]:
    """Claims by practice theme or by the source the learning came from; a claim appears under
    each of its themes (or sources)."""
    groups: dict[str, list[CheckedClaim]] = defaultdict(list)
    for claim in claims:
        keys = [t.name for t in claim.themes] if by == "theme" else claim.sources
        for key in keys or [NO_THEME if by == "theme" else "Source not recorded"]:
            groups[key].append(claim)
    return [Group(title, groups[title]) for title in sorted(groups)]
