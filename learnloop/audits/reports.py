"""The audit report as Word (editable) and PDF, built with learnloop.core.documents, and the
results as rows for CSV and Excel. All are built from the same Results, with the same charts and
tables.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from learnloop.audits import charts
from learnloop.audits.models import SCALE, AnswerType, Audit
from learnloop.audits.results import SCALE_KEYS, ComparisonRow, Distribution, Results
from learnloop.core import documents

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


def report_title(audit: Audit) -> str:
    return f"{audit.reference}: {audit.title}"


def pdf_bytes(report: Report, *, m: Any, with_comments: bool) -> bytes:
    return documents.render_pdf(
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
        },
        title=report_title(report.audit),
        partnership=m.partnership.name,
    )


def _share(dist: Distribution | None) -> str:
    if dist is None or dist.share is None:
        return "–"
    return f"{round(dist.share * 100)}% ({dist.positive} of {dist.n})"


def docx_bytes(report: Report, *, m: Any, with_comments: bool) -> bytes:
    audit, results = report.audit, report.results
    doc = documents.WordDocument(title=report_title(audit), partnership=m.partnership.name)
    doc.paragraph(
        f"{audit.tool}. {results.cases} cases in the sample, {results.moderated_cases} "
        f"moderated, {results.submitted_readings} readings submitted. Status: {audit.get_status_display()}"
        + (f", completed {audit.completed_on.day} {audit.completed_on:%B %Y}." if audit.completed_on else ".")
    )
    doc.paragraph(
        "Grades use the Care Inspectorate six-point scale: "
        + "; ".join(f"{g} {label.lower()}" for g, (label, _) in sorted(SCALE.items(), reverse=True))
        + ". Good or better means 4, 5 or 6. Overall figures use the moderated answer for each case; "
        "figures by agency use each agency's readers' answers."
    )

    doc.heading("Strengths", level=2)
    if audit.strengths:
        doc.paragraphs(audit.strengths)
    doc.bullets(f"{q.question.reference} {q.question.text}: {_share(q.overall)}" for q in results.strengths)
    doc.heading("Areas for improvement", level=2)
    if audit.areas_for_improvement:
        doc.paragraphs(audit.areas_for_improvement)
    doc.bullets(f"{q.question.reference} {q.question.text}: {_share(q.overall)}" for q in results.areas_for_improvement)

    doc.heading("Results by question", level=2)
    image = charts.png(report.share_spec)
    if image:
        doc.image(
            image,
            alt="Bar chart: share good or better, or yes, by question. The figures are in the tables below.",
        )
    agency_names = [f"{a.name} readers" for a in results.agencies]
    for s in results.sections:
        doc.heading(str(s.section), level=3)
        rows = [
            [
                f"{q.question.reference} {q.question.text}",
                q.overall.n,
                _share(q.overall),
                *[_share(q.by_agency.get(a.pk)) for a in results.agencies],
            ]
            for q in s.questions
            if q.is_graded
        ]
        if rows:
            doc.table(
                ["Question", "Cases", "Overall", *agency_names],
                rows,
                caption=f"{s.section.title}: share good or better, or yes, overall (moderated) and by agency (readers)",
                numeric=range(1, 3 + len(agency_names)),
            )

    if report.comparison:
        previous = audit.previous_audit
        label = previous.reference if previous else "the previous run"
        doc.heading(f"Compared with {label}", level=2)
        image = charts.png(report.comparison_spec)
        if image:
            doc.image(
                image,
                alt=f"Bar chart: share good or better, or yes, in {label} and {audit.reference}, by question. "
                "The figures are in the table below.",
            )
        doc.table(
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
            caption=f"Share good or better (or yes): {label} and {audit.reference}, question by question",
            numeric=(1, 2, 3),
        )

    if with_comments and results.comments_by_theme:
        doc.heading("Readers' comments by theme", level=2)
        for theme, comments in results.comments_by_theme:
            doc.heading(theme, level=3)
            doc.bullets(f"{c.question.reference} ({c.agency}): {c.text}" for c in comments)
    return doc.to_bytes()
