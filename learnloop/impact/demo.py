"""The demo partnership's claims: one that the figures bear out, a re-audit that does too, one the
figures contradict (flagged, as it would be in real life) and a tracked child's story.

Idempotent: it adds a verdict or a piece of evidence only where the impact evaluation has none.
"""

from __future__ import annotations

from typing import Any

from learnloop.impact import services
from learnloop.impact.models import EvidenceItem, Verdict
from learnloop.loop.models import Impact, TrackedChild

# (title of the demo's impact evaluation, verdict, evidence kind, ref, before, after)
CLAIMS = (
    (
        "Initial CPPMs held within 28 days",
        Verdict.WORSE,
        "indicator",
        "cppm_initial_within_28d_pct",
        "2024-Q4",
        "2025-Q4",
    ),
    (
        "Re-registrations within 18 months",
        Verdict.IMPROVED,
        "indicator",
        "reregistration_18m_pct",
        "2025-Q2",
        "2025-Q4",
    ),
    ("Re-audit AUD-002 compared with AUD-001", Verdict.IMPROVED, "reaudit", "2", "", ""),
    ("Child A: did the IRD changes make a difference?", Verdict.IMPROVED, "tracked_child", "Child A", "", ""),
)


def seed_impact_demo(*, partnership: Any, say: Any) -> None:
    added = 0
    for title, verdict, kind, ref, before, after in CLAIMS:
        impact = Impact.objects.filter(partnership=partnership, title__startswith=title).first()
        if impact is None:
            continue
        if not hasattr(impact, "claim"):
            services.claim_set_verdict(impact=impact, verdict=verdict)
        if kind == "tracked_child":
            child = TrackedChild.objects.filter(partnership=partnership, label=ref).first()
            if child is None:
                continue
            ref = str(child.pk)
        if EvidenceItem.objects.filter(impact=impact, kind=kind).exists():
            continue
        services.evidence_add(
            impact=impact,
            kind=kind,
            ref=ref,
            before=before,
            after=after,
            options=[ref],
            periods=[before, after] if before else None,
        )
        added += 1
    if added:
        say(f"Linked {added} pieces of evidence to the demo's impact evaluations.")
