"""The annual training review as an editable Word document (built with learnloop.core.documents)."""

from __future__ import annotations

from learnloop.core import documents
from learnloop.workforce.selectors import TrainingReview, one_decimal


def _fmt(value: float | None) -> str:
    return "" if value is None else str(one_decimal(value))


def training_review_docx(review: TrainingReview, partnership_name: str) -> bytes:
    title = f"Annual training review, {review.start:%-d %B %Y} to {review.end:%-d %B %Y}"
    doc = documents.WordDocument(title=title, partnership=partnership_name)

    doc.heading("Summary", level=2)
    fill = f"{round(review.fill_rate * 100)}%" if review.fill_rate is not None else "not known"
    doc.paragraph(
        f"{review.sessions} sessions offered {review.places} places; {review.total_attended} people attended "
        f"({fill} of places filled)."
    )

    doc.heading("Attendance by agency and course", level=2)
    if review.attendance:
        rows = [[course, *[str(c) for c in counts], str(total)] for course, counts, total in review.attendance]
        rows.append(["All courses", *[str(t) for t in review.agency_totals], str(review.total_attended)])
        doc.table(
            ["Course", *review.agencies, "Total"],
            rows,
            caption="People who attended, by course and agency",
            numeric=range(1, len(review.agencies) + 2),
        )
    else:
        doc.paragraph("No attendance was recorded in this period.")

    doc.heading("Evaluation results", level=2)
    doc.paragraph(
        "Mean confidence on the courses' learning outcomes, from 1 (not at all confident) to 5 (very confident)."
    )
    if review.evaluations:
        doc.table(
            ["Course", "Respondents", "Before", "After", "Change"],
            [
                [course, str(r.respondents), _fmt(r.before), _fmt(r.after), _fmt(r.change)]
                for course, r in review.evaluations
            ],
            caption="Mean confidence before and after, by course",
            numeric=(1, 2, 3, 4),
        )
    else:
        doc.paragraph("No evaluations were recorded in this period.")

    doc.heading("Gaps against recurring practice themes", level=2)
    doc.paragraph(
        f"Themes tagged on at least {review.min_recurrence} learning points identified in the period, and whether "
        "a course in the current programme addresses them."
    )
    if review.gaps:
        doc.bullets(f"{gap.theme.name}: {gap.learning_points} learning points, no course" for gap in review.gaps)
    else:
        doc.paragraph("Every recurring theme is addressed by at least one course.")
    if review.addressed:
        doc.heading("Recurring themes the programme addresses", level=3)
        doc.bullets(
            f"{gap.theme.name}: {gap.learning_points} learning points; {', '.join(gap.courses)}"
            for gap in review.addressed
        )
    return doc.to_bytes()
