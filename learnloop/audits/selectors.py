"""Every read in the audit programme a user can trigger, scoped to what that member may see.

The programme and aggregate results are seen by every member of the partnership. Cases are seen
by the programme's managers and the audit's lead, and otherwise only by the readers assigned to
them. Another partnership's records are never returned.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404

from learnloop.accounts.models import Membership
from learnloop.audits.models import (
    Audit,
    AuditCase,
    AuditTool,
    CaseReading,
    ModeratedAnswer,
    ReadingAnswer,
    ToolQuestion,
    ToolSection,
)
from learnloop.audits.permissions import can_manage_audits, can_run_audit, can_see_comments
from learnloop.audits.results import ComparisonRow, Results, build_results, compare
from learnloop.partnership.models import Agency

# Tools ---------------------------------------------------------------------------------------------


def tools_visible(m: Membership) -> QuerySet[AuditTool]:
    return AuditTool.objects.filter(partnership_id=m.partnership_id)


def tool_list(m: Membership) -> QuerySet[AuditTool]:
    return (
        tools_visible(m)
        .annotate(
            question_count=Count("questions", distinct=True),
            audit_count=Count("audits", distinct=True),
        )
        .order_by("name", "-version")
    )


def tool_get(m: Membership, pk: int) -> AuditTool:
    tool = tools_visible(m).select_related("partnership", "previous").filter(pk=pk).first()
    if tool is None:
        raise Http404("No such tool.")
    return tool


def tool_questions(tool: AuditTool) -> tuple[list[ToolSection], list[ToolQuestion]]:
    sections = list(tool.sections.all())
    questions = list(tool.questions.select_related("section").prefetch_related("themes"))
    return sections, questions


# The programme -------------------------------------------------------------------------------------


def audits_visible(m: Membership) -> QuerySet[Audit]:
    return Audit.objects.filter(partnership_id=m.partnership_id)


def programme_year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 4, 1), dt.date(year + 1, 3, 31)


def audit_list(m: Membership) -> QuerySet[Audit]:
    return (
        audits_visible(m)
        .select_related("tool", "lead", "partnership", "previous_audit")
        .prefetch_related("agencies")
        .annotate(
            case_count=Count("cases", distinct=True),
            reading_count=Count("cases__readings", distinct=True),
            submitted_count=Count(
                "cases__readings", filter=Q(cases__readings__status=CaseReading.Status.SUBMITTED), distinct=True
            ),
        )
        .distinct()
        .order_by("planned_start", "number")
    )


def state_filter(state: str, today: dt.date) -> Q:
    """The programme view's states (see Audit.progress_state), as a query."""
    S = Audit.Status
    late = (Q(status__in=[S.PLANNED, S.RUNNING]) & Q(due_date__lt=today)) | (
        Q(status=S.MODERATING) & Q(report_due__lt=today)
    )
    return {
        "due": Q(status=S.PLANNED, planned_start__lte=today, due_date__gte=today),
        "planned": Q(status=S.PLANNED, planned_start__gt=today),
        "running": Q(status__in=[S.RUNNING, S.MODERATING]) & ~late,
        "late": late,
        "done": Q(status=S.COMPLETE),
        "cancelled": Q(status=S.CANCELLED),
    }.get(state, Q())


def programme_summary(m: Membership, year: int, today: dt.date) -> dict[str, int]:
    start, end = programme_year_bounds(year)
    qs = audits_visible(m).filter(planned_start__gte=start, planned_start__lte=end)
    return qs.aggregate(
        **{
            state: Count("pk", filter=state_filter(state, today))
            for state in ("planned", "due", "running", "late", "done")
        }
    )


def audit_get(m: Membership, number: int) -> Audit:
    audit = (
        audits_visible(m)
        .select_related("tool", "lead", "partnership", "previous_audit__partnership")
        .prefetch_related("agencies")
        .filter(number=number)
        .first()
    )
    if audit is None:
        raise Http404("No such audit.")
    return audit


# Cases and readings --------------------------------------------------------------------------------


def reader_ids_by_case(audit: Audit) -> dict[int, set[int]]:
    pairs = CaseReading.objects.filter(case__audit=audit).values_list("case_id", "reader_id")
    result: dict[int, set[int]] = {}
    for case_id, reader_id in pairs:
        result.setdefault(case_id, set()).add(reader_id)
    return result


def is_reader(m: Membership, audit: Audit) -> bool:
    return CaseReading.objects.filter(case__audit=audit, reader_id=m.user_id).exists()


def cases_visible(m: Membership, audit: Audit) -> QuerySet[AuditCase]:
    """Every case for those who run the audit; otherwise only the cases assigned to the member."""
    qs = AuditCase.objects.filter(audit=audit, partnership_id=m.partnership_id)
    if can_run_audit(m, audit):
        return qs
    return qs.filter(readings__reader_id=m.user_id).distinct()


def audit_cases(m: Membership, audit: Audit) -> list[AuditCase]:
    return list(
        cases_visible(m, audit)
        .select_related("agency", "moderated_by")
        .prefetch_related(
            Prefetch(
                "readings", queryset=CaseReading.objects.select_related("reader", "agency").order_by("agency__name")
            )
        )
        .order_by("number")
    )


def case_get(m: Membership, audit: Audit, number: int) -> AuditCase:
    case = cases_visible(m, audit).select_related("agency", "moderated_by", "audit").filter(number=number).first()
    if case is None:
        raise Http404("No such case.")
    case.audit = audit
    return case


def reading_get(m: Membership, audit: Audit, pk: int) -> CaseReading:
    """A reading: its reader, and whoever runs the audit (to read, not to change)."""
    qs = CaseReading.objects.filter(case__audit=audit, partnership_id=m.partnership_id)
    if not can_run_audit(m, audit):
        qs = qs.filter(reader_id=m.user_id)
    reading = qs.select_related("case", "reader", "agency").filter(pk=pk).first()
    if reading is None:
        raise Http404("No such reading.")
    reading.case.audit = audit
    return reading


def reading_answers(reading: CaseReading) -> dict[int, ReadingAnswer]:
    return {a.question_id: a for a in ReadingAnswer.objects.filter(reading=reading)}


def case_readings_for_moderation(case: AuditCase) -> list[CaseReading]:
    return list(
        CaseReading.objects.filter(case=case)
        .select_related("agency", "reader")
        .prefetch_related("answers")
        .order_by("agency__name")
    )


def moderated_answers(case: AuditCase) -> dict[int, ModeratedAnswer]:
    return {a.question_id: a for a in ModeratedAnswer.objects.filter(case=case)}


def my_open_readings(m: Membership) -> QuerySet[CaseReading]:
    """The member's readings still to submit, in audits that are running."""
    return (
        CaseReading.objects.filter(
            partnership_id=m.partnership_id, reader_id=m.user_id, case__audit__status=Audit.Status.RUNNING
        )
        .exclude(status=CaseReading.Status.SUBMITTED)
        .select_related("case__audit", "agency")
        .order_by("case__audit__due_date", "case__audit__number", "case__number")
    )


def audits_awaiting_moderation(m: Membership) -> QuerySet[Audit]:
    if not can_manage_audits(m):
        return Audit.objects.none()
    return audits_visible(m).filter(status=Audit.Status.MODERATING).order_by("due_date")


# Results -------------------------------------------------------------------------------------------


@dataclass
class ReaderAnswer:
    """A submitted reader's answer with its agency, for the figures by agency."""

    question_id: int
    agency_id: int
    agency_name: str
    grade: int | None
    choice: str
    number: Any
    comment: str


def audit_results(m: Membership, audit: Audit, *, with_comments: bool | None = None, key: str | None = None) -> Results:
    """The audit's figures, in a fixed number of queries whatever the number of cases. `key`:
    `results_cache.results_key(audit, with_comments)` if already read in this request."""
    if with_comments is None:
        with_comments = can_see_comments(m, audit, is_reader(m, audit))
    from learnloop.audits.results_cache import cached_results

    return cached_results(audit, with_comments, lambda: _audit_results(audit, with_comments), key)


def _audit_results(audit: Audit, with_comments: bool) -> Results:
    sections, questions = tool_questions(audit.tool)
    moderated = list(ModeratedAnswer.objects.filter(case__audit=audit).only("question_id", "grade", "choice", "number"))
    reader_rows = (
        ReadingAnswer.objects.filter(reading__case__audit=audit, reading__status=CaseReading.Status.SUBMITTED)
        .values_list(
            "question_id", "reading__agency_id", "reading__agency__name", "grade", "choice", "number", "comment"
        )
        .order_by("reading__agency__name", "reading__case__number")
    )
    readers = [ReaderAnswer(*row) for row in reader_rows]
    agency_ids = {r.agency_id for r in readers}
    agencies = list(Agency.objects.filter(pk__in=agency_ids).order_by("name")) if agency_ids else []
    counts = AuditCase.objects.filter(audit=audit).aggregate(
        cases=Count("pk", distinct=True),
        moderated=Count("pk", filter=Q(moderated_at__isnull=False), distinct=True),
        submitted=Count("readings", filter=Q(readings__status=CaseReading.Status.SUBMITTED), distinct=True),
    )
    return build_results(
        sections=sections,
        questions=questions,
        moderated=moderated,
        reader_answers=readers,
        agencies=agencies,
        cases=counts["cases"],
        moderated_cases=counts["moderated"],
        submitted_readings=counts["submitted"],
        with_comments=with_comments,
    )


def audit_comparison(m: Membership, audit: Audit, current: Results) -> list[ComparisonRow] | None:
    """For a re-audit: this run against the previous one, question by question."""
    if audit.previous_audit_id is None:
        return None
    previous = audits_visible(m).select_related("tool").filter(pk=audit.previous_audit_id).first()
    if previous is None:
        return None
    return compare(audit_results(m, previous, with_comments=False), current)
