"""A re-audit as evidence of impact: the audit it repeats (before) against the re-audit (after).

Compliance is the share of graded answers that are good or better (six-point scale) or "yes"
(yes / partly / no), pooled over every graded question of the tool, from the moderated answers:
the same figures as the audit's own results page.

The rule (stated on the pages), with the margin in percentage points:
- Improved: compliance rose by MARGIN points or more.
- Worse: compliance fell by MARGIN points or more.
- No change: it moved by less than MARGIN points either way.
- Too early to tell: either audit has no moderated graded answers yet.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from learnloop.audits.models import Audit
from learnloop.audits.results import Results
from learnloop.audits.selectors import audit_results, audits_visible
from learnloop.core.registry import IMPROVED, NO_CHANGE, TOO_EARLY, WORSE, EvidenceKind, EvidenceReading

MARGIN = 10.0  # percentage points

RULE = (
    f"Compliance is the share of graded answers that are good or better (or yes), over every graded "
    f"question, from the moderated answers. Improved: it rose by {MARGIN:g} percentage points or more "
    f"from the audit to the re-audit. Worse: it fell by {MARGIN:g} points or more. No change: it moved "
    f"by less. Too early to tell: either audit has no moderated answers yet."
)


def compliance(results: Results) -> tuple[int, int]:
    """(positive, counted) over every graded question's moderated answers."""
    graded = [q.overall for q in results.questions() if q.is_graded]
    return sum(d.positive for d in graded), sum(d.n for d in graded)


def share(positive: int, counted: int) -> float | None:
    return round(100 * positive / counted, 1) if counted else None


def finding(before: float | None, after: float | None, margin: float = MARGIN) -> tuple[str, str]:
    if before is None or after is None:
        which = "audit" if before is None else "re-audit"
        return TOO_EARLY, f"The {which} has no moderated graded answers yet."
    change = round(after - before, 1)
    moved = f"{before:g}% to {after:g}% ({change:+g} points)"
    if change >= margin:
        return IMPROVED, f"{moved}: a rise of {margin:g} points or more."
    if change <= -margin:
        return WORSE, f"{moved}: a fall of {margin:g} points or more."
    return NO_CHANGE, f"{moved}: less than {margin:g} points either way."


def _text(positive: int, counted: int, public: bool) -> str:
    value = share(positive, counted)
    if value is None:
        return "No answers yet"
    return f"{value:g}%" if public else f"{value:g}% ({positive} of {counted} answers)"


def options(m: Any) -> list[tuple[str, str]]:
    reaudits = audits_visible(m).filter(previous_audit__isnull=False).select_related("previous_audit")
    return [
        (str(a.number), f"{a.reference} {a.title} (re-audit of {a.previous_audit.reference})")
        for a in reaudits.order_by("-number")
    ]


def read(m: Any, ref: str, before: str, after: str, public: bool) -> EvidenceReading | None:
    if not ref.isdigit():
        return None
    audit = audits_visible(m).select_related("tool", "previous_audit__tool").filter(number=int(ref)).first()
    if audit is None or audit.previous_audit is None:
        return None
    previous: Audit = audit.previous_audit
    first = compliance(audit_results(m, previous, with_comments=False))
    last = compliance(audit_results(m, audit, with_comments=False))
    result, reason = finding(share(*first), share(*last))
    return EvidenceReading(
        title=f"Re-audit {audit.reference}: {audit.title}",
        before_label=previous.reference,
        before_text=_text(*first, public=public),
        after_label=audit.reference,
        after_text=_text(*last, public=public),
        finding=result,
        reason=reason,
        url=reverse("audits:audit", args=[m.partnership.slug, audit.number]),
    )


REAUDIT_EVIDENCE = EvidenceKind(
    key="reaudit",
    title="A re-audit compared with the audit it repeats",
    source_title="Case-file audits",
    rule=RULE,
    options=options,
    read=read,
    order=20,
)
