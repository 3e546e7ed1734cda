"""The annual training review as an editable Word document."""

from __future__ import annotations

import io

from learnloop.workforce.selectors import TrainingReview, one_decimal


def _fmt(value: float | None) -> str:
    return "" if value is None else str(one_decimal(value))


def _table(document, headers: list[str], rows: list[list[str]]) -> None:  # type: ignore[no-untyped-def]
    table = document.add_table(rows=1, cols=len(headers))
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, headers, strict=True):
        cell.text = text
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in rows:
        cells = table.add_row().cells
        for cell, text in zip(cells, row, strict=True):
            cell.text = str(text)


def training_review_docx(review: TrainingReview, partnership_name: str) -> bytes:
    from docx import Document

    document = Document()
    title = f"Annual training review, {review.start:%-d %B %Y} to {review.end:%-d %B %Y}"
    document.core_properties.title = title
    document.add_heading(title, level=0)
    document.add_paragraph(partnership_name)

    document.add_heading("Summary", level=1)
    fill = f"{round(review.fill_rate * 100)}%" if review.fill_rate is not None else "not known"
    document.add_paragraph(
        f"{review.sessions} sessions offered {review.places} places; {review.total_attended} people attended "
        f"({fill} of places filled)."
    )

    document.add_heading("Attendance by agency and course", level=1)
    if review.attendance:
        rows = [[course, *[str(c) for c in counts], str(total)] for course, counts, total in review.attendance]
        rows.append(["All courses", *[str(t) for t in review.agency_totals], str(review.total_attended)])
        _table(document, ["Course", *review.agencies, "Total"], rows)
    else:
        document.add_paragraph("No attendance was recorded in this period.")

    document.add_heading("Evaluation results", level=1)
    document.add_paragraph(
        "Mean confidence on the courses' learning outcomes, from 1 (not at all confident) to 5 (very confident)."
    )
    if review.evaluations:
        _table(
            document,
            ["Course", "Respondents", "Before", "After", "Change"],
            [
                [course, str(r.respondents), _fmt(r.before), _fmt(r.after), _fmt(r.change)]
                for course, r in review.evaluations
            ],
        )
    else:
        document.add_paragraph("No evaluations were recorded in this period.")

    document.add_heading("Gaps against recurring practice themes", level=1)
    document.add_paragraph(
        f"Themes tagged on at least {review.min_recurrence} learning points identified in the period, and whether "
        "a course in the current programme addresses them."
    )
    if review.gaps:
        for gap in review.gaps:
            document.add_paragraph(
                f"{gap.theme.name}: {gap.learning_points} learning points, no course", style="List Bullet"
            )
    else:
        document.add_paragraph("Every recurring theme is addressed by at least one course.")
    if review.addressed:
        document.add_heading("Recurring themes the programme addresses", level=2)
        for gap in review.addressed:
            document.add_paragraph(
                f"{gap.theme.name}: {gap.learning_points} learning points; {', '.join(gap.courses)}",
                style="List Bullet",
            )
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
