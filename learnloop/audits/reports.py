"""The audit report as Word (python-docx, editable) and PDF (WeasyPrint), and the results as rows
for CSV and Excel. All three are built from the same Results, with the same charts and tables.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string
from django.utils import timezone

from learnloop.audits import charts
from learnloop.audits.models import SCALE, AnswerType, Audit
from learnloop.audits.results import SCALE_KEYS, ComparisonRow, Distribution, Results

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"

RESULT_HEADERS = [
    "Section",
    "Question",
    "Answer type",
    "Whose answers",
    "Answers counted",
    "6 excellent",
    "5 very good",
    "4 good",
    "3 adequate",
    "2 weak",
    "1 unsatisfactory",
    "Yes",
    "Partly",
    "No",
    "Not applicable",
    "Share good or better, or yes (%)",
    "Mean",
]


@dataclass
class Report:
    audit: Audit
    results: Results
    comparison: list[ComparisonRow] | None
    share_spec: dict[str, Any] | None
    comparison_spec: dict[str, Any] | None


def build_report(audit: Audit, results: Results, comparison: list[ComparisonRow] | None) -> Report:
    previous = audit.previous_audit
    return Report(
        audit=audit,
        results=results,
        comparison=comparison,
        share_spec=charts.share_spec(results),
        comparison_spec=(
            charts.comparison_spec(comparison, previous.reference, audit.reference)
            if comparison and previous is not None
            else None
        ),
    )


def _percent(value: float | None) -> Any:
    return round(value * 100, 1) if value is not None else ""


def _dist_row(section: str, question: str, kind: str, whose: str, dist: Distribution) -> list[Any]:
    counts = dict(dist.ordered()) if kind in {AnswerType.SCALE, AnswerType.YES_NO} else {}
    scale = [counts.get(k, "") if kind == AnswerType.SCALE else "" for k in SCALE_KEYS]
    choice = [counts.get(k, "") if kind == AnswerType.YES_NO else "" for k in ("yes", "partly", "no", "na")]
    mean = dist.mean
    return [
        section,
        question,
        dict(AnswerType.choices)[kind],
        whose,
        dist.n,
        *scale,
        *choice,
        _percent(dist.share),
        round(mean, 2) if mean is not None else "",
    ]


def result_rows(results: Results) -> list[list[Any]]:
    """One row per question (and per section) for the moderated answers and for each agency."""
    names = {a.pk: a.name for a in results.agencies}
    rows: list[list[Any]] = []
    for s in results.sections:
        section = str(s.section)
        if s.overall.n:
            rows.append(_dist_row(section, "All six-point questions", AnswerType.SCALE, "Moderated", s.overall))
            for agency_id, dist in s.by_agency.items():
                rows.append(
                    _dist_row(section, "All six-point questions", AnswerType.SCALE, f"{names[agency_id]} readers", dist)
                )
        for q in s.questions:
            if q.question.answer_type == AnswerType.TEXT:
                continue
            label = f"{q.question.reference} {q.question.text}"
            kind = q.question.answer_type
            rows.append(_dist_row(section, label, kind, "Moderated", q.overall))
            for agency_id, dist in q.by_agency.items():
                rows.append(_dist_row(section, label, kind, f"{names[agency_id]} readers", dist))
    return rows


def pdf_bytes(report: Report, *, m: Any, with_comments: bool) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "audits/report_pdf.html",
        {
            "m": m,
            "report": report,
            "audit": report.audit,
            "results": report.results,
            "comparison": report.comparison,
            "share_svg": charts.svg_data_uri(report.share_spec),
            "comparison_svg": charts.svg_data_uri(report.comparison_spec),
            "with_comments": with_comments,
            "scale": sorted(SCALE.items(), reverse=True),
            "generated": timezone.localdate(),
        },
    )
    return HTML(string=html).write_pdf()


def _table(document: Any, headers: list[str], rows: list[list[Any]]) -> None:
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, row, strict=True):
            cell.text = "" if value is None else str(value)


def _share(dist: Distribution | None) -> str:
    if dist is None or dist.share is None:
        return "–"
    return f"{round(dist.share * 100)}% ({dist.positive} of {dist.n})"


def docx_bytes(report: Report, *, m: Any, with_comments: bool) -> bytes:
    from docx import Document
    from docx.shared import Cm

    audit, results = report.audit, report.results
    document = Document()
    document.core_properties.title = f"{audit.reference}: {audit.title}"
    document.add_heading(f"{audit.reference}: {audit.title}", level=0)
    document.add_paragraph(
        f"{m.partnership.name}. {audit.tool}. {results.cases} cases in the sample, {results.moderated_cases} "
        f"moderated, {results.submitted_readings} readings submitted. Status: {audit.get_status_display()}."
    )
    document.add_paragraph(
        "Grades use the Care Inspectorate six-point scale: "
        + "; ".join(f"{g} {label.lower()}" for g, (label, _) in sorted(SCALE.items(), reverse=True))
        + ". Good or better means 4, 5 or 6. Overall figures use the moderated answer for each case; "
        "figures by agency use each agency's readers' answers."
    )

    document.add_heading("Strengths", level=1)
    if audit.strengths:
        document.add_paragraph(audit.strengths)
    for q in results.strengths:
        document.add_paragraph(f"{q.question.reference} {q.question.text}: {_share(q.overall)}", style="List Bullet")
    document.add_heading("Areas for improvement", level=1)
    if audit.areas_for_improvement:
        document.add_paragraph(audit.areas_for_improvement)
    for q in results.areas_for_improvement:
        document.add_paragraph(f"{q.question.reference} {q.question.text}: {_share(q.overall)}", style="List Bullet")

    document.add_heading("Results by question", level=1)
    image = charts.png(report.share_spec)
    if image:
        document.add_picture(io.BytesIO(image), width=Cm(16))
        document.add_paragraph("Chart: share good or better (or yes) by question. The figures are in the tables below.")
    agency_names = [a.name for a in results.agencies]
    for s in results.sections:
        document.add_heading(str(s.section), level=2)
        rows = []
        for q in s.questions:
            if not q.is_graded:
                continue
            rows.append(
                [
                    f"{q.question.reference} {q.question.text}",
                    q.overall.n,
                    _share(q.overall),
                    *[_share(q.by_agency.get(a.pk)) for a in results.agencies],
                ]
            )
        if rows:
            _table(document, ["Question", "Cases", "Overall", *agency_names], rows)

    if report.comparison:
        previous = audit.previous_audit
        document.add_heading(f"Compared with {previous.reference if previous else 'the previous run'}", level=1)
        image = charts.png(report.comparison_spec)
        if image:
            document.add_picture(io.BytesIO(image), width=Cm(16))
        _table(
            document,
            ["Question", "Previous run", "This run", "Change (points)"],
            [
                [
                    f"{row.question.reference} {row.question.text}",
                    _share(row.previous),
                    _share(row.current),
                    f"{row.change:+.0f}" if row.change is not None else "–",
                ]
                for row in report.comparison
            ],
        )

    if with_comments and results.comments_by_theme:
        document.add_heading("Readers' comments by theme", level=1)
        for theme, comments in results.comments_by_theme:
            document.add_heading(theme, level=2)
            for comment in comments:
                document.add_paragraph(
                    f"{comment.question.reference} ({comment.agency}): {comment.text}", style="List Bullet"
                )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
