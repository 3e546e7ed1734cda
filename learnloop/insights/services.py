"""Every write in insights: thresholds, and decisions about findings."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from learnloop.insights.models import FindingDecision, InsightSettings
from learnloop.insights.rules import Finding
from learnloop.loop import services as loop_services
from learnloop.loop.models import Action, LearningPoint, SourceType
from learnloop.themes.models import Theme


class InsightError(Exception):
    """A rule was broken; the message says which, in the user's words."""


def insight_settings_save(*, settings: InsightSettings, by: Any) -> InsightSettings:
    if settings.pk is None:
        settings.created_by = by
    settings.save()
    return settings


def _evidence(finding: Finding) -> list[dict[str, str]]:
    return [
        {"reference": e.reference, "title": e.title, "url": e.url, "confidential": e.confidential}
        for e in finding.evidence
    ]


def _decide(
    *, partnership: Any, finding: Finding, status: str, by: Any, reason: str = "", **links: Any
) -> FindingDecision:
    decision, _ = FindingDecision.objects.update_or_create(
        partnership=partnership,
        key=finding.key,
        defaults={
            "kind": finding.kind,
            "status": status,
            "reason": reason,
            "subject": finding.subject[:300],
            "detail": finding.detail,
            "evidence": _evidence(finding),
            "decided_by": by,
            "decided_at": timezone.now(),
            "learning_point": links.get("learning_point"),
            "action": links.get("action"),
        },
    )
    return decision


@transaction.atomic
def finding_dismiss(*, partnership: Any, finding: Finding, reason: str, by: Any) -> FindingDecision:
    """Dismiss with a reason. It stays dismissed until evidence it did not have appears."""
    if not reason.strip():
        raise InsightError("Enter why the finding is dismissed.")
    return _decide(
        partnership=partnership, finding=finding, status=FindingDecision.Status.DISMISSED, by=by, reason=reason
    )


@transaction.atomic
def finding_mark_acting(
    *, partnership: Any, finding: Finding, action: Action, by: Any, reason: str = ""
) -> FindingDecision:
    if action.partnership_id != partnership.pk:
        raise InsightError("Choose an action of this partnership.")
    return _decide(
        partnership=partnership,
        finding=finding,
        status=FindingDecision.Status.ACTING,
        by=by,
        reason=reason,
        action=action,
    )


@transaction.atomic
def finding_raise(*, partnership: Any, finding: Finding, by: Any, today: Any = None) -> LearningPoint:
    """Raise the finding as a learning point in one step: its source is the insight, and the
    learning point links to the finding's evidence."""
    today = today or timezone.localdate()
    already = FindingDecision.objects.filter(
        partnership=partnership, key=finding.key, status=FindingDecision.Status.RAISED, learning_point__isnull=False
    ).first()
    if already is not None:
        return already.learning_point  # raised once; a second press changes nothing
    decision = _decide(partnership=partnership, finding=finding, status=FindingDecision.Status.RAISED, by=by)
    # The learning point is read by everyone: confidential evidence is counted, never named.
    shown = [e for e in finding.evidence if not e.confidential]
    hidden = len(finding.evidence) - len(shown)
    evidence = "\n".join(f"- {e.reference}: {e.title}" for e in shown)
    if hidden:
        evidence += f"\n- and {hidden} confidential record{'s' if hidden != 1 else ''}"
    lp = LearningPoint(
        partnership=partnership,
        title=f"{finding.title}: {finding.subject}"[:200],
        description=f"{finding.detail}\n\nEvidence:\n{evidence}",
        kind=LearningPoint.Kind.IMPROVEMENT,
        source_type=SourceType.INSIGHT,
        source_title=f"Insight across sources: {finding.title.lower()}"[:300],
        source_date=today,
        date_identified=today,
        source_record=decision,
    )
    themes = Theme.objects.filter(partnership=partnership, code=finding.theme) if finding.theme else []
    lp = loop_services.learning_point_save(learning_point=lp, themes=themes, by=by)
    decision.learning_point = lp
    decision.save(update_fields=["learning_point", "updated_at"])
    return lp
