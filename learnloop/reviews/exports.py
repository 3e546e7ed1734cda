"""The public summary and the action plan as Word and PDF, built with learnloop.core.documents.

Both formats are built from the same content so they say the same thing. Each download is
audited by the view.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from learnloop.core import documents
from learnloop.reviews.models import Publication, Review


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


ACTION_PLAN_HEADERS = ["No.", "What will be done", "Who", "By when", "How we will know", "Action", "Status"]


def _paragraphs(text: str) -> list[str]:
    return [p.strip() for p in text.split("\n\n") if p.strip()]


def action_plan_title(review: Review) -> str:
    return f"Action plan: {review.title}"


def summary_docx(publication: Publication) -> bytes:
    review = publication.review
    doc = documents.WordDocument(title=publication.title, partnership=review.partnership.name)
    doc.paragraph(f"{publication.get_kind_display()} of {review.reference}.")
    for paragraph in _paragraphs(publication.body):
        doc.paragraph(paragraph)
    return doc.to_bytes()


def action_plan_docx(review: Review) -> bytes:
    doc = documents.WordDocument(title=action_plan_title(review), partnership=review.partnership.name, landscape=True)
    doc.paragraph(f"{review.get_kind_display()} {review.reference}.")
    rows = action_plan_rows(review)
    if rows:
        doc.table(
            ACTION_PLAN_HEADERS,
            [
                [
                    row.number,
                    row.recommendation,
                    row.owner,
                    f"{row.due.day} {row.due:%B %Y}",
                    row.success_measure,
                    row.action,
                    row.status,
                ]
                for row in rows
            ],
            caption="Recommendations and the actions that answer them",
        )
    else:
        doc.paragraph("No recommendations have been recorded.")
    return doc.to_bytes()


def summary_pdf(publication: Publication) -> bytes:
    return documents.render_pdf(
        "reviews/pdf/summary.html",
        {"publication": publication, "paragraphs": _paragraphs(publication.body)},
        title=publication.title,
        partnership=publication.review.partnership.name,
    )


def action_plan_pdf(review: Review) -> bytes:
    return documents.render_pdf(
        "reviews/pdf/action_plan.html",
        {"review": review, "rows": action_plan_rows(review), "headers": ACTION_PLAN_HEADERS},
        title=action_plan_title(review),
        partnership=review.partnership.name,
        landscape=True,
    )
