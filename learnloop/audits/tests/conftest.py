"""An audit in the Glen partnership, built through the services, with helpers to answer it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

import pytest

from learnloop.audits import services
from learnloop.audits.models import AnswerType, Audit, AuditCase, AuditTool, CaseReading, ToolQuestion
from learnloop.audits.services import AnswerData

START = dt.date(2026, 1, 5)
DUE = dt.date(2026, 2, 2)


def default_answers(audit: Audit, overrides: dict[str, AnswerData] | None = None) -> dict[int, AnswerData]:
    """Every question answered: 4 (good) on the scale, yes, 3 meetings; overrides by question key."""
    overrides = overrides or {}
    answers = {}
    for q in audit.tool.questions.all():
        if q.key in overrides:
            answers[q.pk] = overrides[q.key]
        elif q.answer_type == AnswerType.SCALE:
            answers[q.pk] = AnswerData(grade=4)
        elif q.answer_type == AnswerType.YES_NO:
            answers[q.pk] = AnswerData(choice="yes")
        elif q.answer_type == AnswerType.NUMBER:
            answers[q.pk] = AnswerData(number=Decimal(3))
        else:
            answers[q.pk] = AnswerData(comment="Share chronologies earlier.")
    return answers


def question(audit: Audit, key: str) -> ToolQuestion:
    return audit.tool.questions.get(key=key)


@dataclass
class AuditSetup:
    tool: AuditTool
    audit: Audit
    case1: AuditCase
    case2: AuditCase
    sw1: CaseReading  # case 1, Social Work, read by the contributor
    edu1: CaseReading  # case 1, Education, read by the education lead
    sw2: CaseReading  # case 2, Social Work, read by the contributor


@pytest.fixture
def setup(world) -> AuditSetup:
    """AUD-001, running: two cases; the contributor reads both for Social Work, the education
    lead reads case 1 for Education. The police lead and others read nothing."""
    tool = services.tools_seed(partnership=world.partnership)
    audit = services.audit_save(
        audit=Audit(
            partnership=world.partnership,
            title="Neglect: chronologies",
            tool=tool,
            lead=world.subgroup_member,
            sample_size=2,
            selection_criteria="Registered for neglect in 2025.",
            planned_start=START,
            due_date=DUE,
        ),
        agencies=[world.social_work, world.education],
        by=world.lead,
    )
    case1 = services.case_add(
        audit=audit, local_case_reference="SW-2025-0001", age_band="5-10", why_selected="Neglect", by=world.lead
    )
    case2 = services.case_add(
        audit=audit, local_case_reference="SW-2025-0002", age_band="1-4", why_selected="Neglect", by=world.lead
    )
    sw1 = services.reader_assign(case=case1, reader=world.contributor, agency=world.social_work, by=world.lead)
    edu1 = services.reader_assign(case=case1, reader=world.education_lead, agency=world.education, by=world.lead)
    sw2 = services.reader_assign(case=case2, reader=world.contributor, agency=world.social_work, by=world.lead)
    audit = services.audit_set_status(audit=audit, status=Audit.Status.RUNNING, by=world.lead, today=START)
    case1.audit = audit
    case2.audit = audit
    return AuditSetup(tool, audit, case1, case2, sw1, edu1, sw2)


def complete(setup: AuditSetup, world, grades: dict[str, dict[str, AnswerData]] | None = None) -> Audit:
    """Submit every reading, moderate both cases with the Social Work answers, complete the audit."""
    grades = grades or {}
    audit = setup.audit
    for name in ("sw1", "edu1", "sw2"):
        reading = getattr(setup, name)
        services.reading_save(
            reading=reading, answers=default_answers(audit, grades.get(name)), submit=True, by=reading.reader
        )
    audit = services.audit_set_status(audit=audit, status=Audit.Status.MODERATING, by=world.lead, today=DUE)
    for case, key in ((setup.case1, "mod1"), (setup.case2, "mod2")):
        notes = {q.pk: "Agreed on the evidence." for q in audit.tool.questions.all()}
        services.case_moderate(case=case, agreed=default_answers(audit, grades.get(key)), notes=notes, by=world.lead)
    return services.audit_set_status(audit=audit, status=Audit.Status.COMPLETE, by=world.lead, today=DUE)
