"""Every write to self-evaluations: start one, grade and write, link evidence, issue."""

from __future__ import annotations

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone

from learnloop.core import audit
from learnloop.core.models import AuditEntry
from learnloop.evaluation import content
from learnloop.evaluation.evidence import KINDS
from learnloop.evaluation.models import EvidenceLink, FrameworkItem, IssuedSelfEvaluation, Judgement, SelfEvaluation
from learnloop.partnership.models import Partnership


class EvaluationError(ValueError):
    """A write that breaks a rule; its message says what to do instead."""


def judgements_sync(*, self_evaluation: SelfEvaluation) -> int:
    """Give the self-evaluation a judgement for every current item it lacks (items added to the
    framework after it began). Returns how many were added."""
    have = set(self_evaluation.judgements.values_list("item_id", flat=True))
    items = FrameworkItem.objects.filter(partnership_id=self_evaluation.partnership_id).current().gradable()
    missing = [i for i in items if i.pk not in have]
    for item in missing:
        Judgement.objects.create(self_evaluation=self_evaluation, item=item)
    return len(missing)


@transaction.atomic
def self_evaluation_create(*, partnership: Partnership, year: int, by: Any = None) -> SelfEvaluation:
    if not 2000 <= year <= 2100:
        raise EvaluationError("Enter a year between 2000 and 2100.")
    if SelfEvaluation.objects.filter(partnership=partnership, year=year).exists():
        raise EvaluationError(f"There is already a self-evaluation for {year}.")
    se = SelfEvaluation.objects.create(partnership=partnership, year=year, created_by=by)
    judgements_sync(self_evaluation=se)
    return se


@transaction.atomic
def drafters_set(*, self_evaluation: SelfEvaluation, users: Any) -> None:
    self_evaluation.drafters.set(users)
    audit.record(
        event=AuditEntry.Event.UPDATE,
        obj=self_evaluation,
        detail="People drafting: " + ", ".join(sorted(str(u) for u in users)) if users else "No one else drafting",
    )


@transaction.atomic
def judgement_save(*, judgement: Judgement, grade: int | None, evaluation: str) -> Judgement:
    judgement.grade = grade
    judgement.evaluation = evaluation
    judgement.save()
    return judgement


@transaction.atomic
def evidence_link(
    *,
    judgement: Judgement,
    kind: str,
    record: Any,
    origin: str = EvidenceLink.Origin.CHOSEN,
    note: str = "",
    by: Any = None,
) -> EvidenceLink:
    """Link a record the person may see (the caller checks it through the kind's selector)."""
    if kind not in KINDS:
        raise EvaluationError(f"“{kind}” is not a kind of evidence.")
    ct = ContentType.objects.get_for_model(type(record))
    existing = EvidenceLink.objects.filter(judgement=judgement, record_type=ct, record_id=record.pk).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            return EvidenceLink.objects.create(
                judgement=judgement, record_type=ct, record_id=record.pk, origin=origin, note=note, created_by=by
            )
    except IntegrityError:  # linked at the same moment by someone else
        return EvidenceLink.objects.get(judgement=judgement, record_type=ct, record_id=record.pk)


@transaction.atomic
def evidence_unlink(*, link: EvidenceLink) -> None:
    link.delete()


@transaction.atomic
def self_evaluation_issue(*, self_evaluation: SelfEvaluation, by: Any, reason: str = "") -> IssuedSelfEvaluation:
    """Freeze what the self-evaluation says now, as a committee member may read it. The first
    issue needs no reason; a correction does."""
    se = SelfEvaluation.objects.select_for_update().get(pk=self_evaluation.pk)
    last = se.issues.aggregate(last=Max("version"))["last"] or 0
    reason = reason.strip()
    if last and not reason:
        raise EvaluationError("Enter the reason for the correction.")
    frozen = content.build(se, content.committee_reader(se.partnership), suppressed=True)
    name = getattr(by, "full_name", "") or getattr(by, "email", "") or "LearnLoop"
    version = last + 1
    now = timezone.now()
    frozen["issue"] = {"version": version, "by": name, "reason": reason, "at": now.isoformat()}
    issued = IssuedSelfEvaluation(
        self_evaluation=se,
        version=version,
        issued_at=now,
        issued_by=by if getattr(by, "pk", None) else None,
        issued_by_name=name,
        reason=reason,
        content=frozen,
    )
    issued.save()
    audit.record(
        event=AuditEntry.Event.CREATE,
        obj=issued,
        partnership=se.partnership,
        user=by,
        detail=f"Issued self-evaluation {se.year}, version {version}" + (f": {reason}" if reason else ""),
    )
    return issued
