"""Findings about the loop itself: lessons learned again, stalled actions, learning not shared
with an agency it concerns, learning with no action, and impact never evaluated.

Each reads the loop through its selectors, so a member is shown only what they may see.
Queries: a fixed number, whatever the partnership's size.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from learnloop.accounts.models import Membership
from learnloop.insights.models import InsightSettings
from learnloop.insights.rules import Evidence, Finding
from learnloop.loop.models import Action, Dissemination, LearningPoint
from learnloop.loop.selectors import actions_visible, learning_points_visible, with_loop_flags
from learnloop.partnership.models import Agency


def _lp_evidence(lp: LearningPoint, slug: str) -> Evidence:
    return Evidence(lp.reference, lp.title, reverse("loop:learning_point", args=[slug, lp.number]), lp.is_confidential)


def learning_points(m: Membership, as_of: dt.date) -> list[LearningPoint]:
    """Every learning point the member may see, identified by as_of, with where its loop stands."""
    return list(
        with_loop_flags(learning_points_visible(m).filter(date_identified__lte=as_of))
        .only(
            "number",
            "title",
            "description",
            "kind",
            "approval",
            "date_identified",
            "is_confidential",
            "source_type",
            "partnership_id",
        )
        .prefetch_related(
            Prefetch("agencies", queryset=Agency.objects.only("id", "name")),
            Prefetch(
                "disseminations",
                queryset=Dissemination.objects.only("id").prefetch_related(
                    Prefetch("audience_agencies", queryset=Agency.objects.only("id"))
                ),
            ),
        )
        .order_by("date_identified", "number")
    )


def _loop_state(lp: LearningPoint) -> str:
    parts = ["embedded" if lp.is_embedded else "not embedded"]  # type: ignore[attr-defined]
    parts.append("impact evaluated" if lp.is_evaluated else "impact not evaluated")  # type: ignore[attr-defined]
    return ", ".join(parts)


def repeated_learning(
    lps: list[LearningPoint], *, as_of: dt.date, similarity: float, window_days: int, slug: str
) -> list[Finding]:
    """A learning point identified in the window whose words resemble an earlier one's: TF-IDF
    (words and pairs of words, English stop words left out) and cosine similarity of at least
    `similarity`. Each new point is paired with the most alike earlier point."""
    if len(lps) < 2:
        return []
    texts = [f"{lp.title}. {lp.description}" for lp in lps]
    try:
        matrix = TfidfVectorizer(stop_words="english", ngram_range=(1, 2), sublinear_tf=True).fit_transform(texts)
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
        best, best_score = None, similarity
        for j, earlier in enumerate(lps):
            if earlier.date_identified >= lp.date_identified and not (
                earlier.date_identified == lp.date_identified and earlier.number < lp.number
            ):
                continue
            if scores[row, j] >= best_score:
                best, best_score = earlier, float(scores[row, j])
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
    actions = (
        actions_visible(m)
        .exclude(status__in=[str(s) for s in Action.DONE])
        .select_related("owner_agency", "owner_subgroup")
        .only(
            "number",
            "title",
            "status",
            "status_changed_at",
            "created_at",
            "owner_agency__name",
            "owner_subgroup__name",
            "partnership_id",
        )
        .order_by("number")
    )
    groups: dict[tuple[int | None, int | None], list[tuple[Action, dt.date]]] = defaultdict(list)
    for action in actions:
        changed = timezone.localdate(action.status_changed_at or action.created_at)
        stalled_on = changed + dt.timedelta(days=days)
        if stalled_on <= as_of:
            groups[(action.owner_agency_id, action.owner_subgroup_id)].append((action, stalled_on))
    slug = m.partnership.slug
    findings = []
    for (agency_id, subgroup_id), rows in sorted(groups.items(), key=lambda kv: (str(kv[0][0]), str(kv[0][1]))):
        first = rows[0][0]
        names = [n for n in (getattr(first.owner_agency, "name", ""), getattr(first.owner_subgroup, "name", "")) if n]
        stages = sorted({a.get_status_display().lower() for a, _ in rows})
        findings.append(
            Finding(
                kind="stalled_actions",
                subject_key=f"agency-{agency_id or 0}-subgroup-{subgroup_id or 0}",
                subject=" and ".join(names),
                since=min(d for _, d in rows),
                detail=f"{len(rows)} action{'s' if len(rows) != 1 else ''} {', '.join(stages)} for {days} days or more.",
                evidence=[
                    Evidence(a.reference, a.title, reverse("loop:action", args=[slug, a.number])) for a, _ in rows
                ],
            )
        )
    return findings


def unshared_agencies(lps: list[LearningPoint], *, as_of: dt.date, days: int, slug: str) -> list[Finding]:
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
        for d in lp.disseminations.all():
            audience = {a.pk for a in d.audience_agencies.all()}
            everyone = everyone or not audience
            reached |= audience
        if everyone:
            continue
        for agency in lp.agencies.all():
            if agency.pk not in reached:
                by_agency[agency.pk].append(lp)
                names[agency.pk] = agency.name
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


def no_action(lps: list[LearningPoint], *, as_of: dt.date, days: int, slug: str) -> list[Finding]:
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


def impact_not_evaluated(lps: list[LearningPoint], *, as_of: dt.date, days: int, slug: str) -> list[Finding]:
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
