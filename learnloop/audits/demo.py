"""Demo audits for the demo partnership, written through the services as people would write them.

- AUD-001, a completed multi-agency case file audit on neglect, read by Social Work and Education
  and moderated, with a learning point and an action raised from its findings;
- AUD-002, its completed re-audit, showing the change, attached to that learning point as impact;
- AUD-003, running now, with the NHS Health reader part-way through a draft.

Idempotent: each audit is looked for by its topic and only what is missing is added.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.utils import timezone

from learnloop.accounts.models import User
from learnloop.audits import findings, selectors, services
from learnloop.audits.models import AnswerType, Audit, AuditCase, CaseReading, ToolQuestion
from learnloop.audits.services import AnswerData
from learnloop.loop.models import LearningPoint
from learnloop.partnership.models import Agency, Partnership

FIRST = "Neglect: chronologies and the child's voice"
REAUDIT = "Re-audit: neglect, chronologies and the child's voice"
RUNNING = "Pre-birth planning"

CASES = [
    ("SW-2024-0311", "1-4", "Registered for neglect in the last year; open to health visiting."),
    ("SW-2024-0378", "5-10", "Registered for neglect; attendance below 80%."),
    ("SW-2024-0402", "11-15", "Neglect with parental substance use."),
    ("SW-2024-0455", "5-10", "Re-registered within two years."),
]
REAUDIT_CASES = [
    ("SW-2025-0120", "1-4", "Registered for neglect since the chronology protocol changed."),
    ("SW-2025-0161", "5-10", "Registered for neglect; school attendance concerns."),
    ("SW-2025-0187", "11-15", "Neglect with parental mental health concerns."),
    ("SW-2025-0203", "1-4", "Registered for neglect after a pre-birth assessment."),
]


def _answer(question: ToolQuestion, case_index: int, agency_index: int, better: bool) -> AnswerData:
    """A fixed, plausible pattern: the first run weak on chronologies and voice; the re-audit better."""
    base = 3 if not better else 4
    if question.section.number in (1, 4):  # chronology, the child's views: the audit's focus
        base = 2 if not better else 5
    grade = max(1, min(6, base + ((case_index + question.number) % 3) - 1 + (agency_index if not better else 0)))
    if question.answer_type == AnswerType.SCALE:
        comment = ""
        if question.key == "chronology-used" and not better and case_index == 0:
            comment = "Chronology lists events but does not analyse the pattern of missed health appointments."
        if question.key == "voice-child-views" and better and case_index == 1:
            comment = "The child's own words are recorded at each visit and shaped the plan."
        return AnswerData(grade=grade, comment=comment)
    if question.answer_type == AnswerType.YES_NO:
        yes = "yes" if (grade >= 4) else ("partly" if grade == 3 else "no")
        return AnswerData(choice=yes)
    if question.answer_type == AnswerType.NUMBER:
        return AnswerData(number=Decimal(2 + case_index))
    lessons = [
        "Earlier sharing of the health chronology would have shown the pattern sooner.",
        "The school's attendance concerns were not linked to the neglect plan.",
        "The child's views were recorded once and not revisited.",
        "Core group minutes show actions carried forward without challenge.",
    ]
    return AnswerData(comment=lessons[(case_index + agency_index) % len(lessons)] if not better else "")


def _run(
    *,
    partnership: Partnership,
    title: str,
    cases: list[tuple[str, str, str]],
    readers: list[tuple[User, Agency]],
    lead: User,
    start: dt.date,
    better: bool,
    previous: Audit | None,
    say: Any,
) -> Audit:
    audit = Audit.objects.filter(partnership=partnership, title=title).first()
    if audit is not None:
        return audit
    tool = services.tools_seed(partnership=partnership, by=lead)
    if not tool.is_current:
        tool = type(tool).objects.get(partnership=partnership, key=tool.key, is_current=True)
    audit = services.audit_save(
        audit=Audit(
            partnership=partnership,
            title=title,
            tool=tool,
            lead=lead,
            sample_size=len(cases),
            selection_criteria="Children registered for neglect in the period, chosen at random from the register.",
            planned_start=start,
            due_date=start + dt.timedelta(days=28),
            report_due=start + dt.timedelta(days=56),
            previous_audit=previous,
        ),
        agencies=[agency for _, agency in readers],
        by=lead,
    )
    for reference, age_band, why in cases:
        case = services.case_add(
            audit=audit, local_case_reference=reference, age_band=age_band, why_selected=why, by=lead
        )
        for reader, agency in readers:
            services.reader_assign(case=case, reader=reader, agency=agency, by=lead)
    audit = services.audit_set_status(audit=audit, status=Audit.Status.RUNNING, by=lead, today=start)
    questions = list(audit.tool.questions.select_related("section"))
    for case_index, case in enumerate(AuditCase.objects.filter(audit=audit).order_by("number")):
        for agency_index, reading in enumerate(case.readings.order_by("agency__name")):
            answers = {q.pk: _answer(q, case_index, agency_index, better) for q in questions}
            services.reading_save(reading=reading, answers=answers, submit=True, by=reading.reader)
    audit = services.audit_set_status(audit=audit, status=Audit.Status.MODERATING, by=lead, today=start)
    for case_index, case in enumerate(AuditCase.objects.filter(audit=audit).order_by("number")):
        agreed = {q.pk: _answer(q, case_index, 0, better) for q in questions}
        readings = list(case.readings.prefetch_related("answers"))
        notes = {}
        for q in questions:
            values = {a.value_display for r in readings for a in r.answers.all() if a.question_id == q.pk}
            if len(values) > 1:
                notes[q.pk] = "Agreed at the moderation meeting after discussing the evidence on both files."
        services.case_moderate(case=case, agreed=agreed, notes=notes, by=lead)
    audit = services.audit_set_status(
        audit=audit, status=Audit.Status.COMPLETE, by=lead, today=start + dt.timedelta(days=40)
    )
    say(f"Added {audit.reference}: {title} ({len(cases)} cases, moderated).")
    return audit


def seed_demo_audits(*, partnership: Partnership, say: Any) -> None:
    today = timezone.localdate()
    members = {u.email: u for u in User.objects.filter(memberships__partnership=partnership)}
    lead = members.get("lead@demo.learnloop.test")
    social_worker = members.get("contributor@demo.learnloop.test")
    teacher = members.get("agency-lead@demo.learnloop.test")
    nurse = members.get("health@demo.learnloop.test")
    if not (lead and social_worker and teacher and nurse):
        say("Demo audits skipped: the demo sign-ins are missing.")
        return
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    sw, edu, nhs = agencies["Social Work"], agencies["Education"], agencies["NHS Health"]

    first = _run(
        partnership=partnership,
        title=FIRST,
        cases=CASES,
        readers=[(social_worker, sw), (teacher, edu)],
        lead=lead,
        start=today - dt.timedelta(days=330),
        better=False,
        previous=None,
        say=say,
    )
    if not first.strengths and not first.areas_for_improvement:
        services.audit_summary_save(
            audit=first,
            strengths="Plans were specific and reviewed on time in most cases; information was shared at IRDs.",
            areas_for_improvement=(
                "Chronologies were rarely analysed or shared between agencies, and the child's own views were "
                "seldom recorded or used to shape the plan."
            ),
            by=lead,
        )
    lp = LearningPoint.objects.filter(
        partnership=partnership, source_type="audit", title__startswith="Chronologies"
    ).first()
    if lp is None:
        lp, _ = findings.finding_raise(
            audit=first,
            title="Chronologies are kept but not analysed or shared",
            description=(
                "In most cases read, the chronology listed events without analysis and was not shared with "
                "partner agencies, so patterns of neglect were seen late."
            ),
            kind=LearningPoint.Kind.IMPROVEMENT,
            themes=list(partnership.themes.filter(code__in=["chronologies", "neglect", "voice_of_child"])),
            agencies=[sw, edu],
            subgroup=partnership.subgroups.filter(short_name="MISE").first(),
            action_title="Introduce a shared multi-agency chronology for every child registered for neglect",
            action_owner_agency=sw,
            action_due_date=today - dt.timedelta(days=120),
            action_success_measure="Re-audit finds a chronology analysed and shared in at least 3 of 4 cases.",
            by=lead,
            today=first.completed_on,
        )
        say(f"Raised {lp.reference} from {first.reference}.")

    second = _run(
        partnership=partnership,
        title=REAUDIT,
        cases=REAUDIT_CASES,
        readers=[(social_worker, sw), (teacher, edu)],
        lead=lead,
        start=today - dt.timedelta(days=60),
        better=True,
        previous=first,
        say=say,
    )
    if not lp.impacts.exists():
        from learnloop.accounts.models import Membership

        m = Membership.objects.select_related("partnership").get(user=lead, partnership=partnership)
        results = selectors.audit_results(m, second, with_comments=False)
        rows = selectors.audit_comparison(m, second, results) or []
        findings.comparison_attach(
            audit=second,
            rows=rows,
            learning_points=[lp],
            actions=list(lp.actions.all()),
            conclusion="Chronologies are now analysed and shared in most cases, and the child's voice is heard more often.",
            by=lead,
            today=second.completed_on,
        )
        say(f"Attached the {second.reference} comparison to {lp.reference} as impact evidence.")

    if not Audit.objects.filter(partnership=partnership, title=RUNNING).exists():
        tool = services.tools_seed(partnership=partnership, by=lead)
        tool = type(tool).objects.get(partnership=partnership, key=tool.key, is_current=True)
        start = today - dt.timedelta(days=10)
        running = services.audit_save(
            audit=Audit(
                partnership=partnership,
                title=RUNNING,
                tool=tool,
                lead=lead,
                sample_size=3,
                selection_criteria="Unborn babies subject to a pre-birth case conference in the last six months.",
                planned_start=start,
                due_date=today + dt.timedelta(days=5),
                report_due=today + dt.timedelta(days=30),
            ),
            agencies=[sw, nhs],
            by=lead,
        )
        for reference, why in [
            ("SW-2025-0299", "Pre-birth conference in month 7."),
            ("SW-2025-0304", "Pre-birth conference in month 8."),
        ]:
            case = services.case_add(
                audit=running, local_case_reference=reference, age_band="unborn", why_selected=why, by=lead
            )
            services.reader_assign(case=case, reader=social_worker, agency=sw, by=lead)
            services.reader_assign(case=case, reader=nurse, agency=nhs, by=lead)
        services.audit_set_status(audit=running, status=Audit.Status.RUNNING, by=lead, today=start)
        reading = CaseReading.objects.filter(case__audit=running, reader=nurse).order_by("case__number").first()
        questions = list(running.tool.questions.select_related("section"))[:4]
        services.reading_save(
            reading=reading,
            answers={q.pk: _answer(q, 0, 0, False) for q in questions},
            submit=False,
            by=nurse,
        )
        say(f"Added {running.reference}: {RUNNING} (running; the health reader has a draft).")
