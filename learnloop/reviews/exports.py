"""The public summary and the action plan as Word (python-docx) and PDF (WeasyPrint).

Both formats are built from the same content so they say the same thing. Each download is
audited by the view.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from typing import Any

from django.template.loader import render_to_string

from learnloop.reviews.models import Publication, Review

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


@dataclass
class PlanRow:
    number: int
    recommendation: str
    owner: str
    due: dt.date
    success_measure: str
    action: str
    status: str


def action_plan_rows(review: Review) -> list[PlanRow]:
    rows = []
    recs = review.recommendations.select_related("owner_agency", "owner_subgroup", "action").order_by("id")
    for i, rec in enumerate(recs, start=1):
        owner = " and ".join(
            x for x in [rec.owner_agency.name if rec.owner_agency else "", str(rec.owner_subgroup or "")] if x
        )
        rows.append(
            PlanRow(
                number=i,
                recommendation=rec.text,
                owner=owner,
                due=rec.action.due_date if rec.action else rec.due_date,
                success_measure=rec.success_measure,
                action=rec.action.reference if rec.action else "Not yet in the loop",
                status=rec.action.get_status_display() if rec.action else "",
            )
        )
    return rows


def _docx_response_bytes(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _paragraphs(document: Any, text: str) -> None:
    for paragraph in text.split("\n\n"):
        if paragraph.strip():
            document.add_paragraph(paragraph.strip())


def summary_docx(publication: Publication) -> bytes:
    from docx import Document

    review = publication.review
    document = Document()
    document.core_properties.title = publication.title
    document.add_heading(publication.title, level=0)
    document.add_paragraph(f"{review.partnership.name}. {publication.get_kind_display()} of {review.reference}.")
    _paragraphs(document, publication.body)
    return _docx_response_bytes(document)


def action_plan_docx(review: Review) -> bytes:
    from docx import Document

    document = Document()
    document.core_properties.title = f"Action plan: {review.title}"
    document.add_heading(f"Action plan: {review.title}", level=0)
    document.add_paragraph(f"{review.partnership.name}. {review.get_kind_display()} {review.reference}.")
    rows = action_plan_rows(review)
    headers = ["No.", "What will be done", "Who", "By when", "How we will know", "Action", "Status"]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
    for row in rows:
        cells = table.add_row().cells
        values = [
            str(row.number),
            row.recommendation,
            row.owner,
            f"{row.due:%-d %B %Y}",
            row.success_measure,
            row.action,
            row.status,
        ]
        for cell, text in zip(cells, values, strict=True):
            cell.text = text
    if not rows:
        document.add_paragraph("No recommendations have been recorded.")
    return _docx_response_bytes(document)


def _pdf(template: str, context: dict[str, Any]) -> bytes:
    from weasyprint import HTML

    html = render_to_string(template, context)
    return HTML(string=html).write_pdf()


def summary_pdf(publication: Publication) -> bytes:
    paragraphs = [p.strip() for p in publication.body.split("\n\n") if p.strip()]
    return _pdf("reviews/pdf/summary.html", {"publication": publication, "paragraphs": paragraphs})


def action_plan_pdf(review: Review) -> bytes:
    return _pdf("reviews/pdf/action_plan.html", {"review": review, "rows": action_plan_rows(review)})
