"""Every write in the audit programme with a rule or a side effect.

Views, the reminder command, the demo seeder and tests all come through here. Each function is
keyword-only and atomic; the core signals write the audit log for every save.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.text import slugify

from learnloop.audits.models import (
    SCALE,
    AnswerType,
    Audit,
    AuditCase,
    AuditTool,
    CaseReading,
    Choice,
    ModeratedAnswer,
    ReadingAnswer,
    ToolQuestion,
    ToolSection,
)
from learnloop.core.numbering import next_number
from learnloop.core.text import mid_sentence
from learnloop.notifications import services as notifications
from learnloop.partnership.models import Agency, Partnership
from learnloop.themes.models import Theme

TOOL_FILE = Path(__file__).resolve().parent / "data" / "case_file_audit_tool.json"


class AuditError(Exception):
    """A rule of the audit programme was broken; the message says which, in the user's words."""


class AnswersInvalid(AuditError):
    """Some answers are missing or wrong: `errors` maps a question's id to what is wrong."""

    def __init__(self, errors: dict[int, str]) -> None:
        self.errors = errors
        super().__init__(
            f"{len(errors)} question{'s' if len(errors) != 1 else ''} need{'s' if len(errors) == 1 else ''} an answer."
        )


@dataclass(frozen=True)
class AnswerData:
    grade: int | None = None
    choice: str = ""
    number: Decimal | None = None
    comment: str = ""

    @property
    def is_blank(self) -> bool:
        return self.grade is None and not self.choice and self.number is None and not self.comment.strip()

    @property
    def has_value(self) -> bool:
        return self.grade is not None or bool(self.choice) or self.number is not None


# Tools ---------------------------------------------------------------------------------------------


@transaction.atomic
def tools_seed(*, partnership: Partnership, by: Any = None) -> AuditTool:
    """The multi-agency case file audit tool, added the first time a partnership needs a tool.

    Seeded per partnership on first use rather than in a migration, because each partnership
    has its own copy of the themes the questions carry (themes are matched by code) and its own
    versions of the tool. Running it again changes nothing.
    """
    spec = json.loads(TOOL_FILE.read_text(encoding="utf-8"))
    existing = AuditTool.objects.filter(partnership=partnership, key=spec["key"]).order_by("-version").first()
    if existing is not None:
        return existing
    themes = {t.code: t for t in Theme.objects.filter(partnership=partnership)}
    tool = AuditTool.objects.create(
        partnership=partnership, key=spec["key"], name=spec["name"], description=spec["description"], created_by=by
    )
    for s_number, s_spec in enumerate(spec["sections"], start=1):
        section = ToolSection.objects.create(
            partnership=partnership,
            tool=tool,
            number=s_number,
            title=s_spec["title"],
            description=s_spec.get("description", ""),
            created_by=by,
        )
        for q_number, q_spec in enumerate(s_spec["questions"], start=1):
            question = ToolQuestion.objects.create(
                partnership=partnership,
                tool=tool,
                section=section,
                number=q_number,
                key=q_spec["key"],
                text=q_spec["text"],
                guidance=q_spec.get("guidance", ""),
                answer_type=q_spec["type"],
                created_by=by,
            )
            question.themes.set([themes[c] for c in q_spec.get("themes", []) if c in themes])
    return tool


def tool_in_use(tool: AuditTool) -> bool:
    """A tool that an audit has started with is kept as it is; edits make a new version."""
    return tool.audits.filter(status__in=[str(s) for s in Audit.STARTED]).exists()


@transaction.atomic
def tool_version_for_editing(*, tool: AuditTool, by: Any = None) -> AuditTool:
    """The version to change: this one if no audit has used it, otherwise a new copy.

    Audits that used the old version keep it, with their answers and results.
    """
    tool = AuditTool.objects.select_for_update().get(pk=tool.pk)
    if not tool.is_current:
        raise AuditError(f"Version {tool.version} has been replaced. Edit the current version instead.")
    if not tool_in_use(tool):
        return tool
    tool.is_current = False
    tool.save()
    new = AuditTool.objects.create(
        partnership_id=tool.partnership_id,
        key=tool.key,
        name=tool.name,
        description=tool.description,
        version=tool.version + 1,
        previous=tool,
        created_by=by,
    )
    sections = {}
    for section in tool.sections.all():
        sections[section.pk] = ToolSection.objects.create(
            partnership_id=tool.partnership_id,
            tool=new,
            number=section.number,
            title=section.title,
            description=section.description,
            created_by=by,
        )
    for question in tool.questions.prefetch_related("themes"):
        copy = ToolQuestion.objects.create(
            partnership_id=tool.partnership_id,
            tool=new,
            section=sections[question.section_id],
            number=question.number,
            key=question.key,
            text=question.text,
            guidance=question.guidance,
            answer_type=question.answer_type,
            created_by=by,
        )
        copy.themes.set(list(question.themes.all()))
    # Planned audits that have not started move to the new version.
    Audit.objects.filter(tool=tool, status__in=[Audit.Status.PLANNED, Audit.Status.CANCELLED]).update(tool=new)
    return new


@transaction.atomic
def question_save(
    *,
    tool: AuditTool,
    key: str | None,
    section_number: int,
    text: str,
    guidance: str,
    answer_type: str,
    themes: Iterable[Theme],
    by: Any = None,
) -> ToolQuestion:
    """Change a question (found by its key) or add one; in a new version if the tool is in use."""
    text = text.strip()
    if not text:
        raise AuditError("Enter the question.")
    if answer_type not in AnswerType.values:
        raise AuditError("Choose how the question is answered.")
    tool = tool_version_for_editing(tool=tool, by=by)
    section = tool.sections.filter(number=section_number).first()
    if section is None:
        raise AuditError("Choose a section.")
    if key:
        question = tool.questions.get(key=key)
    else:
        base = slugify(text)[:60] or "question"
        key, n = base, 2
        while tool.questions.filter(key=key).exists():
            key, n = f"{base}-{n}", n + 1
        number = (section.questions.aggregate(n=Max("number"))["n"] or 0) + 1
        question = ToolQuestion(
            partnership_id=tool.partnership_id, tool=tool, section=section, key=key, number=number, created_by=by
        )
    question.text = text
    question.guidance = guidance.strip()
    question.answer_type = answer_type
    question.save()
    question.themes.set(list(themes))
    return question


# Audits --------------------------------------------------------------------------------------------


@transaction.atomic
def audit_save(*, audit: Audit, agencies: Iterable[Agency], by: Any = None) -> Audit:
    agencies = list(agencies)
    if not agencies:
        raise AuditError("Choose the agencies taking part.")
    if audit.due_date < audit.planned_start:
        raise AuditError("The date readings are due must be on or after the planned start.")
    if audit.tool.partnership_id != audit.partnership_id:
        raise AuditError("Choose one of the partnership's audit tools.")
    if audit.pk is None:
        audit.number = next_number(Audit, audit.partnership_id)
        audit.created_by = by
        if not audit.tool.is_current:
            raise AuditError("Plan new audits with the current version of the tool.")
    else:
        before = Audit.objects.get(pk=audit.pk)
        if before.tool_id != audit.tool_id and before.status in Audit.STARTED:
            raise AuditError("The tool cannot change once the audit has started.")
    audit.save()
    audit.agencies.set(agencies)
    return audit


@transaction.atomic
def audit_set_status(*, audit: Audit, status: str, by: Any = None, today: dt.date | None = None) -> Audit:
    """Move an audit along: planned, running, moderating, complete (or cancelled)."""
    today = today or timezone.localdate()
    audit = Audit.objects.select_for_update().get(pk=audit.pk)
    if not audit.can_move_to(status):
        raise AuditError(
            f"An audit that is {mid_sentence(audit.get_status_display())} cannot become "
            f"{mid_sentence(dict(Audit.Status.choices).get(status, status))}."
        )
    readings = CaseReading.objects.filter(case__audit=audit)
    if status == Audit.Status.RUNNING and audit.status == Audit.Status.PLANNED:
        if not readings.exists():
            raise AuditError("Add at least one case and assign its readers before starting the audit.")
        audit.started_on = audit.started_on or today
    if status == Audit.Status.MODERATING and not readings.filter(status=CaseReading.Status.SUBMITTED).exists():
        raise AuditError("No reader has submitted a reading yet, so there is nothing to moderate.")
    if status == Audit.Status.COMPLETE:
        waiting = (
            AuditCase.objects.filter(audit=audit, moderated_at__isnull=True, readings__status="submitted")
            .distinct()
            .count()
        )
        if waiting:
            raise AuditError(
                f"{waiting} case{'s' if waiting != 1 else ''} with submitted readings "
                f"{'have' if waiting != 1 else 'has'} not been moderated yet."
            )
        if not AuditCase.objects.filter(audit=audit, moderated_at__isnull=False).exists():
            raise AuditError("Moderate at least one case before completing the audit.")
        audit.completed_on = today
    elif audit.status == Audit.Status.COMPLETE:
        audit.completed_on = None
    started = status == Audit.Status.RUNNING
    audit.status = status
    audit.save()
    if started:
        notifications.on_audit_started(audit=audit, by=by)
    return audit


@transaction.atomic
def audit_summary_save(*, audit: Audit, strengths: str, areas_for_improvement: str, by: Any = None) -> Audit:
    audit.strengths = strengths.strip()
    audit.areas_for_improvement = areas_for_improvement.strip()
    audit.save()
    return audit


@transaction.atomic
def reaudit_plan(
    *, audit: Audit, title: str, planned_start: dt.date, due_date: dt.date, lead: Any = None, by: Any = None
) -> Audit:
    """A new run of the same tool (its current version), compared with this one when done."""
    if audit.status != Audit.Status.COMPLETE:
        raise AuditError("Only a completed audit can be re-audited.")
    tool = AuditTool.objects.get(partnership_id=audit.partnership_id, key=audit.tool.key, is_current=True)
    new = Audit(
        partnership_id=audit.partnership_id,
        title=title.strip() or f"Re-audit: {audit.title}",
        tool=tool,
        lead=lead or audit.lead,
        sample_size=audit.sample_size,
        selection_criteria=audit.selection_criteria,
        planned_start=planned_start,
        due_date=due_date,
        previous_audit=audit,
    )
    return audit_save(audit=new, agencies=audit.agencies.all(), by=by)


# The case sample -----------------------------------------------------------------------------------


def reference_hash(partnership_id: int, reference: str) -> str:
    """A keyed hash of a local case reference, to match a case without showing its reference."""
    normalised = "".join(reference.split()).upper()
    message = f"{partnership_id}:{normalised}".encode()
    return hmac.new(settings.PSEUDONYMISATION_KEY.encode(), message, hashlib.sha256).hexdigest()


def _check_open(audit: Audit) -> None:
    if audit.status in {Audit.Status.COMPLETE, Audit.Status.CANCELLED}:
        raise AuditError(f"The audit is {mid_sentence(audit.get_status_display())}; its sample can no longer change.")


@transaction.atomic
def case_add(
    *,
    audit: Audit,
    local_case_reference: str,
    age_band: str,
    why_selected: str,
    agency: Agency | None = None,
    source: Mapping[str, str] | None = None,
    by: Any = None,
) -> AuditCase:
    """Add a case to the sample. `source` (key, title, period, case_key) says which case list
    it was picked from, when it was."""
    _check_open(audit)
    reference = local_case_reference.strip()
    if not reference:
        raise AuditError("Enter the local case reference.")
    digest = reference_hash(audit.partnership_id, reference)
    Audit.objects.select_for_update().filter(pk=audit.pk).first()
    if AuditCase.objects.filter(audit=audit, reference_hash=digest).exists():
        raise AuditError(f"Case reference {reference} is already in this audit's sample.")
    number = (AuditCase.objects.filter(audit=audit).aggregate(n=Max("number"))["n"] or 0) + 1
    return AuditCase.objects.create(
        partnership_id=audit.partnership_id,
        audit=audit,
        number=number,
        local_case_reference=reference,
        reference_hash=digest,
        age_band=age_band,
        why_selected=why_selected.strip(),
        agency=agency,
        source_key=(source or {}).get("key", ""),
        source_title=(source or {}).get("title", "")[:200],
        source_period=(source or {}).get("period", "")[:20],
        source_case_key=(source or {}).get("case_key", ""),
        created_by=by,
    )


def _check_sample_can_change(audit: Audit) -> None:
    if audit.status not in {Audit.Status.PLANNED, Audit.Status.RUNNING}:
        raise AuditError(f"The audit is {mid_sentence(audit.get_status_display())}; its sample can no longer change.")


@transaction.atomic
def case_remove(*, case: AuditCase, by: Any = None) -> None:
    """Take a case out of the sample, with its readers, while no reader has started it."""
    case = AuditCase.objects.select_for_update().select_related("audit").get(pk=case.pk)
    _check_sample_can_change(case.audit)
    if case.is_moderated or case.readings.exclude(status=CaseReading.Status.NOT_STARTED).exists():
        raise AuditError(f"A reader has started {case.label}, so it cannot be removed.")
    for reading in case.readings.all():
        reading.delete()  # each delete is written to the audit log
    case.delete()


@transaction.atomic
def reading_remove(*, reading: CaseReading, by: Any = None) -> None:
    """Take a reader off a case before they have started."""
    reading = CaseReading.objects.select_for_update().select_related("case__audit", "reader").get(pk=reading.pk)
    _check_sample_can_change(reading.case.audit)
    if reading.status != CaseReading.Status.NOT_STARTED:
        raise AuditError(f"{reading.reader} has already started this reading, so they cannot be removed.")
    reading.delete()


@transaction.atomic
def reader_assign(*, case: AuditCase, reader: Any, agency: Agency, by: Any = None) -> CaseReading:
    """One reader per agency per case. A reader who has not started can be replaced."""
    from learnloop.accounts.models import Membership

    audit = case.audit
    _check_open(audit)
    if not Membership.objects.filter(user=reader, partnership_id=audit.partnership_id, is_active=True).exists():
        raise AuditError("The reader must be a member of the partnership.")
    if not audit.agencies.filter(pk=agency.pk).exists():
        raise AuditError(f"{agency.name} is not taking part in this audit.")
    reading = CaseReading.objects.select_for_update().filter(case=case, agency=agency).first()
    if reading is not None:
        if reading.reader_id == reader.pk:
            raise AuditError(f"{reader} is already reading {case.label} for {agency.name}.")
        if reading.status != CaseReading.Status.NOT_STARTED:
            raise AuditError(
                f"{reading.reader} has already started reading {case.label} for {agency.name}, so they cannot be replaced."
            )
        reading.reader = reader
        reading.save()
    else:
        reading = CaseReading.objects.create(
            partnership_id=audit.partnership_id, case=case, reader=reader, agency=agency, created_by=by
        )
    notifications.on_reader_assigned(reading=reading, by=by)
    return reading


# Readings and moderation ---------------------------------------------------------------------------


def _check_answer(question: ToolQuestion, data: AnswerData) -> str | None:
    """What is wrong with one answer, in words, or None."""
    if data.grade is not None and (question.answer_type != AnswerType.SCALE or data.grade not in SCALE):
        return "Choose a grade from 1 to 6."
    if data.choice and (question.answer_type != AnswerType.YES_NO or data.choice not in Choice.values):
        return "Choose yes, partly, no or not applicable."
    if data.number is not None and (question.answer_type != AnswerType.NUMBER or data.number < 0):
        return "Enter a whole number, 0 or more."
    return None


def _write_answer(model: type, lookup: dict[str, Any], data: AnswerData, extra: dict[str, Any], by: Any) -> Any:
    answer = model.objects.filter(**lookup).first()
    if answer is None:
        if data.is_blank and not extra.get("readers_disagreed"):
            return None
        answer = model(**lookup, created_by=by)
    answer.grade = data.grade
    answer.choice = data.choice
    answer.number = data.number
    answer.comment = data.comment.strip()
    for name, value in extra.items():
        setattr(answer, name, value)
    answer.save()  # an unchanged answer writes nothing to the audit log
    return answer


@transaction.atomic
def reading_save(
    *, reading: CaseReading, answers: Mapping[int, AnswerData], submit: bool, by: Any, now: dt.datetime | None = None
) -> CaseReading:
    """Save a reader's answers as a draft, or submit them (every graded question answered)."""
    reading = CaseReading.objects.select_for_update().select_related("case__audit").get(pk=reading.pk)
    audit = reading.case.audit
    if audit.status != Audit.Status.RUNNING:
        raise AuditError(f"The audit is {mid_sentence(audit.get_status_display())}; readings can no longer change.")
    if reading.is_submitted:
        raise AuditError("This reading has been submitted and can no longer change.")
    questions = list(audit.tool.questions.select_related("section"))
    errors: dict[int, str] = {}
    for question in questions:
        data = answers.get(question.pk, AnswerData())
        problem = _check_answer(question, data)
        if problem is None and submit and question.is_graded and not data.has_value:
            problem = f"Answer question {question.reference}."
        if problem:
            errors[question.pk] = problem
    if errors:
        raise AnswersInvalid(errors)
    for question in questions:
        data = answers.get(question.pk, AnswerData())
        _write_answer(
            ReadingAnswer,
            {"reading": reading, "question": question},
            data,
            {"partnership_id": reading.partnership_id},
            by,
        )
    if submit:
        reading.status = CaseReading.Status.SUBMITTED
        reading.submitted_at = now or timezone.now()
    else:
        reading.status = CaseReading.Status.DRAFT
    reading.save()
    return reading


def _answer_key(answer: Any) -> str:
    return answer.value_display


@transaction.atomic
def case_moderate(
    *,
    case: AuditCase,
    agreed: Mapping[int, AnswerData],
    notes: Mapping[int, str],
    note: str = "",
    by: Any,
    now: dt.datetime | None = None,
) -> AuditCase:
    """Agree one answer per question, recording where the readers' answers differed and why."""
    case = AuditCase.objects.select_for_update().select_related("audit__tool").get(pk=case.pk)
    audit = case.audit
    if audit.status not in {Audit.Status.RUNNING, Audit.Status.MODERATING}:
        raise AuditError(f"The audit is {mid_sentence(audit.get_status_display())}; moderation is closed.")
    readings = list(
        CaseReading.objects.filter(case=case, status=CaseReading.Status.SUBMITTED)
        .select_related("agency")
        .prefetch_related("answers")
    )
    if not readings:
        raise AuditError(f"No reader has submitted {case.label} yet.")
    questions = list(audit.tool.questions.select_related("section"))
    errors: dict[int, str] = {}
    plan: list[tuple[ToolQuestion, AnswerData, dict[str, Any]]] = []
    for question in questions:
        data = agreed.get(question.pk, AnswerData())
        given = []
        for reading in readings:
            answer = next((a for a in reading.answers.all() if a.question_id == question.pk), None)
            if answer is not None and not answer.is_blank and _answer_key(answer):
                given.append((reading.agency.name, _answer_key(answer)))
        disagreed = len({value for _, value in given}) > 1
        problem = _check_answer(question, data)
        if problem is None and question.is_graded and given and not data.has_value:
            problem = f"Agree an answer for question {question.reference}."
        why = notes.get(question.pk, "").strip()
        if problem is None and disagreed and not why:
            problem = f"The readers' answers to question {question.reference} differ: say how they were resolved."
        if problem:
            errors[question.pk] = problem
            continue
        extra = {
            "partnership_id": case.partnership_id,
            "readers_disagreed": disagreed,
            "readers_answers": "; ".join(f"{agency}: {value}" for agency, value in given)[:500],
            "disagreement_note": why,
        }
        plan.append((question, data, extra))
    if errors:
        raise AnswersInvalid(errors)
    for question, data, extra in plan:
        _write_answer(ModeratedAnswer, {"case": case, "question": question}, data, extra, by)
    case.moderated_at = now or timezone.now()
    case.moderated_by = by
    case.moderation_note = note.strip()
    case.save()
    return case
