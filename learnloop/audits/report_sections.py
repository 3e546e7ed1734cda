"""The audits' sections of the reports: the programme and its results for the committee paper,
and audits with the change at re-audit for the annual report. Figures come from the audits' own
selectors (the programme view and each audit's results page), scoped to the reader.
"""

from __future__ import annotations

from django.db.models import Q

from learnloop.audits import charts, selectors
from learnloop.audits.models import Audit
from learnloop.core.charts import svg as chart_svg
from learnloop.core.registry import ReportSection, register_report_section
from learnloop.core.reporting import Block, Chart, Heading, ReportRequest, Table, day

PAPER, ANNUAL = "cpc-paper", "annual-report"
STATES = {
    "planned": "Planned",
    "due": "Due to start",
    "running": "Running",
    "late": "Late",
    "done": "Done",
    "cancelled": "Cancelled",
}


def _share(value: float | None) -> str:
    return f"{round(value * 100)}%" if value is not None else "Not graded"


def _audits(r: ReportRequest) -> list[Audit]:
    in_period = Q(planned_start__gte=r.start, planned_start__lte=r.end) | Q(
        completed_on__gte=r.start, completed_on__lte=r.end
    )
    return list(selectors.audit_list(r.m).filter(in_period))


def _results(r: ReportRequest, audits: list[Audit]) -> list[Block]:
    blocks: list[Block] = []
    for audit in audits:
        if audit.status != Audit.Status.COMPLETE:
            continue
        results = selectors.audit_results(r.m, audit, with_comments=False)
        blocks.append(Heading(f"Audit {audit.number}: {audit.title}"))
        comparison = selectors.audit_comparison(r.m, audit, results)
        if comparison:
            rows = [
                [
                    row.question.text,
                    _share(row.previous.share if row.previous else None),
                    _share(row.current.share),
                    "" if row.change is None else f"{row.change:+g}",
                ]
                for row in comparison
            ]
            table = Table(
                caption=f"Re-audit: audit {audit.number} against audit {audit.previous_audit.number}",
                headers=["Question", "Before (good or better)", "Now (good or better)", "Change (points)"],
                rows=rows,
                numeric=[1, 2, 3],
            )
            spec = charts.comparison_spec(comparison, f"Audit {audit.previous_audit.number}", f"Audit {audit.number}")
            svg = chart_svg(spec) if spec else ""
            if svg:
                blocks.append(
                    Chart(
                        svg=svg,
                        alt=f"Bar chart comparing audit {audit.number} with audit {audit.previous_audit.number}, question by question; the figures are in the table.",
                        table=table,
                    )
                )
            else:
                blocks.append(table)
        else:
            blocks.append(
                Table(
                    caption=f"Audit {audit.number}: {results.cases} cases read",
                    headers=["Question", "Answers", "Good or better"],
                    rows=[
                        [q.question.text, q.overall.n, _share(q.overall.share)]
                        for q in results.questions()
                        if q.is_graded
                    ],
                    numeric=[1, 2],
                )
            )
    return blocks


def programme(r: ReportRequest) -> list[Block]:
    audits = _audits(r)
    blocks: list[Block] = [
        Table(
            caption=f"The audit programme, {day(r.start)} to {day(r.end)}",
            headers=["Audit", "Topic", "Agencies", "Starts", "Readings due", "State"],
            rows=[
                [
                    f"Audit {a.number}",
                    a.title,
                    ", ".join(ag.name for ag in a.agencies.all()),
                    day(a.planned_start),
                    day(a.due_date),
                    STATES.get(a.progress_state(r.as_of), a.get_status_display()),
                ]
                for a in audits
            ],
            empty="No audit was planned or finished in the period.",
        )
    ]
    return blocks + _results(r, audits)


def register() -> None:
    register_report_section(
        ReportSection("audits-programme", "Case-file audits", frozenset({PAPER}), programme, order=40)
    )
    register_report_section(
        ReportSection(
            "audits-year",
            "Case-file audits and re-audits",
            frozenset({ANNUAL}),
            programme,
            order=40,
            narrative=True,
            narrative_hint="What the audits found and what changed at re-audit.",
        )
    )
