"""Findings about the loop itself: lessons learned again, stalled actions, learning not shared
with an agency it concerns, learning with no action, and impact never evaluated.

Each reads the loop through its selectors, so a member is shown only what they may see.
Queries: a fixed number, whatever the partnership's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import timezone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from learnloop.accounts.models import Membership
from learnloop.insights.models import InsightSettings
from learnloop.insights.rules import Evidence, Finding
from learnloop.loop.models import Action, Dissemination, LearningPoint
from learnloop.loop.selectors import actions_visible, learning_points_visible, with_loop_flags


@dataclass
class LoopPoint:
    """A learning point as the rules need it, read with values() (no model instances)."""

    pk: int
    number: int
    title: str
    description: str
    kind: str
    approval: str
    date_identified: dt.date
    is_confidential: bool
    source_type: str
    has_action: bool
    is_embedded: bool
    is_evaluated: bool
    first_embedded_on: dt.date | None
    url: str = ""
    agencies: list[tuple[int, str]] = field(default_factory=list)
    audiences: dict[int, set[int]] = field(default_factory=dict)  # dissemination id -> agency ids

    @property
    def reference(self) -> str:
        return f"LP-{self.number:04d}"


def _lp_evidence(lp: LoopPoint, slug: str = "") -> Evidence:
    return Evidence(lp.reference, lp.title, lp.url, lp.is_confidential)


FIELDS = [
    "id",
    "number",
    "title",
    "description",
    "kind",
    "approval",
    "date_identified",
    "is_confidential",
    "source_type",
    "has_action",
    "is_embedded",
    "is_evaluated",
    "first_embedded_on",
]


def learning_points(m: Membership, as_of: dt.date) -> list[LoopPoint]:
    """Every learning point the member may see, identified by as_of, with where its loop stands,
    the agencies it concerns and whom its sharing reached. Four queries."""
    visible = learning_points_visible(m).filter(date_identified__lte=as_of)
    base = reverse("loop:learning_point", args=[m.partnership.slug, 1])[: -len("1/")]
    points = {}
    for row in with_loop_flags(visible).order_by("date_identified", "number").values(*FIELDS):
        pk = row.pop("id")
        points[pk] = LoopPoint(pk=pk, url=f"{base}{row['number']}/", **row)
    ids = visible.values("pk")
    for lp_id, agency_id, name in LearningPoint.agencies.through.objects.filter(learningpoint_id__in=ids).values_list(
        "learningpoint_id", "agency_id", "agency__name"
    ):
        points[lp_id].agencies.append((agency_id, name))
    shared = list(
        Dissemination.learning_points.through.objects.filter(learningpoint_id__in=ids).values_list(
            "dissemination_id", "learningpoint_id"
        )
    )
    audience: dict[int, set[int]] = defaultdict(set)
    for d_id, agency_id in Dissemination.audience_agencies.through.objects.filter(
        dissemination_id__in=Dissemination.learning_points.through.objects.filter(learningpoint_id__in=ids).values(
            "dissemination_id"
        )
    ).values_list("dissemination_id", "agency_id"):
        audience[d_id].add(agency_id)
    for d_id, lp_id in shared:
        points[lp_id].audiences[d_id] = audience.get(d_id, set())
    for lp in points.values():
        lp.agencies.sort(key=lambda a: a[1])
    return list(points.values())


def _loop_state(lp: LoopPoint) -> str:
    parts = ["embedded" if lp.is_embedded else "not embedded"]  # type: ignore[attr-defined]
    parts.append("impact evaluated" if lp.is_evaluated else "impact not evaluated")  # type: ignore[attr-defined]
    return ", ".join(parts)


def repeated_learning(
    lps: list[LoopPoint], *, as_of: dt.date, similarity: float, window_days: int, slug: str
) -> list[Finding]:
    """A learning point identified in the window whose words resemble an earlier one's: TF-IDF
    (words, English stop words left out) and cosine similarity of at least
    `similarity`. Each new point is paired with the most alike earlier point."""
    if len(lps) < 2:
        return []
    texts = [f"{lp.title}. {lp.description}" for lp in lps]
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    except ValueError:  # nothing but stop words
        return []
    start = as_of - dt.timedelta(days=window_days - 1)
    new = [i for i, lp in enumerate(lps) if lp.date_identified >= start]
    if not new:
        return []
    scores = cosine_similarity(matrix[new], matrix)
    findings = []
    for row, i in enumerate(new):
        lp = lps[i]
        if i == 0:
            continue
        # lps are in (date identified, number) order, so the earlier points are those before i
        j = int(scores[row, :i].argmax())
        best_score = float(scores[row, j])
        best = lps[j] if best_score >= similarity else None
        if best is None:
            continue
        findings.append(
            Finding(
                kind="repeated_learning",
                subject_key=lp.reference,
                subject=f"{lp.reference} {lp.title}",
                since=lp.date_identified,
                detail=(
                    f"Resembles {best.reference} ({best.title}, {best.date_identified:%d %b %Y}; "
                    f"similarity {best_score:.2f}), which is {_loop_state(best)}."
                ),
                evidence=[_lp_evidence(lp, slug), _lp_evidence(best, slug)],
            )
        )
    return findings


def stalled_actions(m: Membership, *, as_of: dt.date, days: int) -> list[Finding]:
    """Actions not yet completed that have stayed in one stage at least `days` days, grouped by
    the owning agency and subgroup."""
    rows = (
        actions_visible(m)
        .exclude(status__in=[str(s) for s in Action.DONE])
        .order_by("number")
        .values(
            "number",
            "title",
            "status",
            "status_changed_at",
            "created_at",
            "owner_agency_id",
            "owner_subgroup_id",
            "owner_agency__name",
            "owner_subgroup__name",
        )
    )
    stage = dict(Action.Status.choices)
    groups: dict[tuple[int | None, int | None], list[tuple[dict, dt.date]]] = defaultdict(list)
    for row in rows:
        changed = timezone.localdate(row["status_changed_at"] or row["created_at"])
        stalled_on = changed + dt.timedelta(days=days)
        if stalled_on <= as_of:
            groups[(row["owner_agency_id"], row["owner_subgroup_id"])].append((row, stalled_on))
    base = reverse("loop:action", args=[m.partnership.slug, 1])[: -len("1/")]
    findings = []
    for (agency_id, subgroup_id), stalled in sorted(groups.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        first = stalled[0][0]
        names = [n for n in (first["owner_agency__name"], first["owner_subgroup__name"]) if n]
        stages = sorted({str(stage[a["status"]]).lower() for a, _ in stalled})
        findings.append(
            Finding(
                kind="stalled_actions",
                subject_key=f"agency-{agency_id or 0}-subgroup-{subgroup_id or 0}",
                subject=" and ".join(names),
                since=min(d for _, d in stalled),
                detail=f"{len(stalled)} action{'s' if len(stalled) != 1 else ''} {', '.join(stages)} "
                f"for {days} days or more.",
                evidence=[Evidence(f"A-{a['number']:04d}", a["title"], f"{base}{a['number']}/") for a, _ in stalled],
            )
        )
    return findings


def unshared_agencies(lps: list[LoopPoint], *, as_of: dt.date, days: int, slug: str) -> list[Finding]:
    """Learning that concerns an agency, identified at least `days` days ago, that no sharing
    record has reached that agency (sharing with no audience named counts as reaching everyone)."""
    by_agency: dict[int, list[LearningPoint]] = defaultdict(list)
    names: dict[int, str] = {}
    cutoff = as_of - dt.timedelta(days=days)
    for lp in lps:
        if lp.date_identified > cutoff or lp.approval == LearningPoint.Approval.NOT_APPROVED:
            continue
        reached: set[int] = set()
        everyone = False
        for audience in lp.audiences.values():
            everyone = everyone or not audience
            reached |= audience
        if everyone:
            continue
        for agency_id, name in lp.agencies:
            if agency_id not in reached:
                by_agency[agency_id].append(lp)
                names[agency_id] = name
    return [
        Finding(
            kind="unshared_agency",
            subject_key=f"agency-{agency_id}",
            subject=names[agency_id],
            since=min(lp.date_identified for lp in rows) + dt.timedelta(days=days),
            detail=f"{len(rows)} learning point{'s' if len(rows) != 1 else ''} concerning {names[agency_id]} "
            f"not shared with it after {days} days.",
            evidence=[_lp_evidence(lp, slug) for lp in rows],
        )
        for agency_id, rows in sorted(by_agency.items(), key=lambda kv: names[kv[0]])
    ]


def no_action(lps: list[LoopPoint], *, as_of: dt.date, days: int, slug: str) -> list[Finding]:
    """An area for improvement (not turned down) with no action `days` days after it was identified."""
    cutoff = as_of - dt.timedelta(days=days)
    return [
        Finding(
            kind="no_action",
            subject_key=lp.reference,
            subject=f"{lp.reference} {lp.title}",
            since=lp.date_identified + dt.timedelta(days=days),
            detail=f"Identified {lp.date_identified:%d %b %Y}; no action after {days} days.",
            evidence=[_lp_evidence(lp, slug)],
        )
        for lp in lps
        if lp.kind == LearningPoint.Kind.IMPROVEMENT
        and lp.approval != LearningPoint.Approval.NOT_APPROVED
        and lp.date_identified <= cutoff
        and not lp.has_action  # type: ignore[attr-defined]
    ]


def impact_not_evaluated(lps: list[LoopPoint], *, as_of: dt.date, days: int, slug: str) -> list[Finding]:
    """Learning first embedded at least `days` days ago whose impact was never evaluated."""
    cutoff = as_of - dt.timedelta(days=days)
    return [
        Finding(
            kind="impact_not_evaluated",
            subject_key=lp.reference,
            subject=f"{lp.reference} {lp.title}",
            since=lp.first_embedded_on + dt.timedelta(days=days),  # type: ignore[attr-defined]
            detail=f"Embedded {lp.first_embedded_on:%d %b %Y}; impact not evaluated after {days} days.",  # type: ignore[attr-defined]
            evidence=[_lp_evidence(lp, slug)],
        )
        for lp in lps
        if lp.first_embedded_on is not None  # type: ignore[attr-defined]
        and lp.first_embedded_on <= cutoff  # type: ignore[attr-defined]
        and not lp.is_evaluated  # type: ignore[attr-defined]
    ]


def settings_for(partnership_id: int) -> InsightSettings:
    found = InsightSettings.objects.filter(partnership_id=partnership_id).first()
    return found or InsightSettings(partnership_id=partnership_id)
