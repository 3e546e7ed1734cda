"""Completed audits' results as themed records (core.registry), so audits are a source in their own right.

A completed audit carries the themes of its questions that moderation answered weak or
unsatisfactory (2 or 1 on the six-point scale) or "No" in at least one case: the themes the audit
found falling short. Themes already raised from the audit as learning points count once, as
those learning points, and are left out here. Readers' comments are never used (they can carry
case detail); the record's words are the audit's topic and areas for improvement.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Q
from django.urls import reverse

from learnloop.accounts.models import Membership
from learnloop.audits.models import Audit, Choice, ModeratedAnswer
from learnloop.audits.selectors import audits_visible
from learnloop.core.registry import ThemedRecord, ThemedRecordProvider
from learnloop.loop.themed import raised_themes

SHORTFALL = Q(grade__isnull=False, grade__lte=2) | Q(choice=Choice.NO)


def _shortfall_themes(ids: list[int]) -> dict[int, set[str]]:
    """The themes of the questions each audit fell short on, by audit id (one query)."""
    themes: dict[int, set[str]] = defaultdict(set)
    for audit_id, code in (
        ModeratedAnswer.objects.filter(SHORTFALL, case__audit_id__in=ids, question__themes__isnull=False)
        .values_list("case__audit_id", "question__themes__code")
        .distinct()
    ):
        themes[audit_id].add(code)
    return themes


def audit_records(m: Membership, start: dt.date | None, end: dt.date | None) -> list[ThemedRecord]:
    qs = audits_visible(m).filter(status=Audit.Status.COMPLETE, completed_on__isnull=False)
    if start is not None:
        qs = qs.filter(completed_on__gte=start)
    if end is not None:
        qs = qs.filter(completed_on__lte=end)
    rows = list(
        qs.order_by("completed_on", "number").values("id", "number", "title", "completed_on", "areas_for_improvement")
    )
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    themes = _shortfall_themes(ids)
    agencies: dict[int, list[int]] = defaultdict(list)
    for audit_id, agency_id in Audit.agencies.through.objects.filter(audit_id__in=ids).values_list(
        "audit_id", "agency_id"
    ):
        agencies[audit_id].append(agency_id)
    raised = raised_themes(Audit, ids)
    base = reverse("audits:audit", args=[m.partnership.slug, 1])[: -len("1/")]
    records = []
    for row in rows:
        codes = themes.get(row["id"], set()) - raised.get(row["id"], set())
        if not codes:
            continue
        records.append(
            ThemedRecord(
                source="audit",
                reference=f"AUD-{row['number']:03d}",
                title=row["title"],
                date=row["completed_on"],
                themes=tuple(sorted(codes)),
                agencies=tuple(sorted(agencies.get(row["id"], ()))),
                url=f"{base}{row['number']}/",
                text=f"{row['title']}. {row['areas_for_improvement']}",
            )
        )
    return records


def audit_records_across(partnership_ids: list[int], start: dt.date | None, end: dt.date | None) -> list[ThemedRecord]:
    """Completed audits' shortfall themes (every member may see an audit), of many partnerships at
    once, in three queries."""
    qs = Audit.objects.filter(
        partnership_id__in=partnership_ids, status=Audit.Status.COMPLETE, completed_on__isnull=False
    )
    if start is not None:
        qs = qs.filter(completed_on__gte=start)
    if end is not None:
        qs = qs.filter(completed_on__lte=end)
    rows = list(qs.values("id", "partnership_id", "number", "title", "completed_on"))
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    themes = _shortfall_themes(ids)
    raised = raised_themes(Audit, ids)
    records = []
    for row in rows:
        codes = themes.get(row["id"], set()) - raised.get(row["id"], set())
        if codes:
            records.append(
                ThemedRecord(
                    source="audit",
                    reference=f"AUD-{row['number']:03d}",
                    title=row["title"],
                    date=row["completed_on"],
                    themes=tuple(sorted(codes)),
                    partnership_id=row["partnership_id"],
                )
            )
    return records


PROVIDER = ThemedRecordProvider(
    key="audit_results", title="Audit results", records=audit_records, across=audit_records_across
)
