"""Audit findings into the learning loop, always through the loop's own services.

- A finding becomes a learning point (source: audit, with the audit as its source record), and
  optionally its first action, in one step.
- A re-audit's comparison with the previous run becomes impact evidence (method: re-audit) for
  the learning points and actions it judges, in one step.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils import timezone

from learnloop.audits.models import Audit
from learnloop.audits.results import ComparisonRow, share_text
from learnloop.audits.services import AuditError
from learnloop.loop import services as loop_services
from learnloop.loop.models import Action, Impact, LearningPoint, SourceType
from learnloop.partnership.models import Agency, Subgroup
from learnloop.themes.models import Theme


@transaction.atomic
def finding_raise(
    *,
    audit: Audit,
    title: str,
    description: str,
    kind: str,
    themes: Iterable[Theme],
    agencies: Iterable[Agency],
    subgroup: Subgroup | None,
    action_title: str = "",
    action_owner_agency: Agency | None = None,
    action_due_date: dt.date | None = None,
    action_success_measure: str = "",
    by: Any,
    today: dt.date | None = None,
) -> tuple[LearningPoint, Action | None]:
    """A learning point from the audit's findings and, when given, the action that follows."""
    if audit.status != Audit.Status.COMPLETE:
        raise AuditError("Findings are raised once the audit is complete and its results are agreed.")
    today = today or timezone.localdate()
    lp = LearningPoint(
        partnership_id=audit.partnership_id,
        title=title.strip(),
        description=description.strip(),
        kind=kind,
        source_type=SourceType.AUDIT,
        source_title=f"{audit.reference}: {audit.title}"[:300],
        source_date=audit.completed_on,
        date_identified=today,
        subgroup=subgroup,
    )
    lp.source_record = audit
    lp = loop_services.learning_point_save(learning_point=lp, themes=themes, agencies=agencies, by=by)
    action = None
    if action_title.strip():
        if action_owner_agency is None or action_due_date is None or not action_success_measure.strip():
            raise AuditError("An action needs an owning agency, a due date and a success measure.")
        action = loop_services.action_save(
            action=Action(
                learning_point=lp,
                title=action_title.strip(),
                owner_agency=action_owner_agency,
                owner_subgroup=subgroup,
                due_date=action_due_date,
                success_measure=action_success_measure.strip(),
            ),
            by=by,
        )
    return lp, action


def comparison_text(rows: Iterable[ComparisonRow]) -> tuple[str, str]:
    """The before and after figures, question by question, as plain text for the impact record."""
    before, after = [], []
    for row in rows:
        label = f"{row.question.reference} {row.question.text}"
        before.append(f"{label}: {share_text(row.previous)}")
        change = f" ({row.change:+.0f} points)" if row.change is not None else ""
        after.append(f"{label}: {share_text(row.current)}{change}")
    return "\n".join(before), "\n".join(after)


@transaction.atomic
def comparison_attach(
    *,
    audit: Audit,
    rows: list[ComparisonRow],
    learning_points: Iterable[LearningPoint],
    actions: Iterable[Action],
    conclusion: str,
    by: Any,
    today: dt.date | None = None,
) -> Impact:
    """The re-audit's comparison with the previous run, recorded as impact evidence."""
    if audit.previous_audit_id is None:
        raise AuditError("Only a re-audit has a previous run to compare with.")
    if audit.status != Audit.Status.COMPLETE:
        raise AuditError("Attach the comparison once the re-audit is complete.")
    if not conclusion.strip():
        raise AuditError("Say what the comparison shows.")
    before, after = comparison_text(rows)
    previous = audit.previous_audit
    impact = Impact(
        partnership_id=audit.partnership_id,
        title=f"Re-audit {audit.reference} compared with {previous.reference}: {audit.title}"[:300],
        method=Impact.Method.REAUDIT,
        date=today or timezone.localdate(),
        before=f"{previous.reference} ({previous.completed_on or previous.planned_start:%B %Y})\n{before}",
        after=f"{audit.reference} ({audit.completed_on:%B %Y})\n{after}",
        conclusion=conclusion.strip(),
    )
    try:
        return loop_services.impact_save(impact=impact, learning_points=learning_points, actions=actions, by=by)
    except loop_services.LoopError as error:
        raise AuditError(str(error)) from error
