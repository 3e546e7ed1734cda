"""The workforce's sections of the reports: training delivered, its evaluation and the gaps
against recurring themes, from the training review page's own selector."""

from __future__ import annotations

from learnloop.core.registry import ReportSection, register_report_section
from learnloop.core.reporting import Block, Bullets, Heading, Paragraph, ReportRequest, Table, percent
from learnloop.workforce import selectors

PAPER, ANNUAL = "cpc-paper", "annual-report"


def _score(value: float | None) -> str:
    return "No data" if value is None else f"{value:.1f}"


def training(r: ReportRequest) -> list[Block]:
    review = selectors.training_review(r.m, r.start, r.end)
    blocks: list[Block] = [
        Paragraph(
            f"{review.sessions} sessions ran with {review.places} places; {review.total_attended} people attended "
            f"({percent(review.total_attended, review.places)} of places)."
        ),
        Table(
            caption="Attendance by course and agency",
            headers=["Course", *review.agencies, "All"],
            rows=[[title, *counts, total] for title, counts, total in review.attendance],
            numeric=list(range(1, len(review.agencies) + 2)),
            empty="No one attended training in the period.",
        ),
        Table(
            caption="Confidence before and after training (1 to 5)",
            headers=["Course", "Respondents", "Before", "After", "Change"],
            rows=[
                [
                    title,
                    row.respondents,
                    _score(row.before),
                    _score(row.after),
                    "" if row.change is None else f"{row.change:+.1f}",
                ]
                for title, row in review.evaluations
            ],
            numeric=[1, 2, 3, 4],
            empty="No evaluation was returned in the period.",
        ),
        Heading("Recurring themes without training"),
    ]
    gaps = [f"{gap.theme.name} ({gap.learning_points} learning points)" for gap in review.gaps]
    blocks.append(Bullets(gaps) if gaps else Paragraph("Every recurring theme is covered by a course."))
    return blocks


def register() -> None:
    register_report_section(
        ReportSection("workforce-training", "Training and its evaluation", frozenset({PAPER}), training, order=60)
    )
    register_report_section(
        ReportSection(
            "workforce-year",
            "Workforce development and its evaluation",
            frozenset({ANNUAL}),
            training,
            order=60,
            narrative=True,
            narrative_hint="What the workforce learned and what the evaluations say changed in practice.",
        )
    )
