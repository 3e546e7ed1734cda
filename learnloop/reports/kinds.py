"""The three kinds of report this app knows, and the sections that belong to the report itself
(narrative only, the committee's decisions, the framework's recommendations). Other apps register
their own kinds (the self-evaluation) and sections in their AppConfig.ready()."""

from __future__ import annotations

from learnloop.core.registry import (
    COMMITTEE_DECISIONS,
    ReportKind,
    ReportSection,
    register_committee_decisions,
    register_report_kind,
    register_report_section,
)
from learnloop.core.reporting import Block, Bullets, Paragraph, ReportRequest, Table, day

PAPER, ANNUAL, FRAMEWORK = "cpc-paper", "annual-report", "framework-review"


def committee_decisions(r: ReportRequest) -> list[Block]:
    items = [sentence for provider in COMMITTEE_DECISIONS for sentence in provider(r)]
    if not items:
        return [Paragraph("Nothing is waiting for the committee's decision.")]
    return [Paragraph("The committee is asked to:"), Bullets(items)]


def recommendations(r: ReportRequest) -> list[Block]:
    from learnloop.reports.models import Recommendation

    report_id = getattr(r, "report_id", None)
    rows = []
    if report_id:
        for i, rec in enumerate(Recommendation.objects.filter(report_id=report_id), start=1):
            decision = rec.get_decision_display()
            if rec.decided_on:
                decision += f" ({day(rec.decided_on)})"
            rows.append([i, rec.text, decision, rec.decision_note])
    return [
        Table(
            caption="Recommendations to change the framework, and the committee's decisions",
            headers=["No.", "Recommendation", "Decision", "What the committee said"],
            rows=rows,
            numeric=[0],
            empty="No recommendation has been made.",
        )
    ]


def recommendations_awaiting(r: ReportRequest) -> list[str]:
    from learnloop.reports.models import Recommendation

    waiting = Recommendation.objects.filter(
        report__partnership_id=r.m.partnership_id, decision=Recommendation.Decision.AWAITING
    ).order_by("id")
    return [f"Decide on the framework recommendation: {rec.text}" for rec in waiting]


def register() -> None:
    register_committee_decisions(recommendations_awaiting)
    register_report_kind(
        ReportKind(
            PAPER,
            "Committee paper",
            "For a meeting of the Child Protection Committee: what each subgroup did, what the data, reviews, "
            "audits, views, training and reach tell us, which actions are late, and what the committee must decide.",
            "Committee members",
            order=10,
            has_meeting=True,
        )
    )
    register_report_kind(
        ReportKind(
            ANNUAL,
            "Annual report",
            "For the Chief Officers Group and then the public: what was learned, what changed, what difference "
            "it made and next year's priorities.",
            "The Chief Officers Group, then the public",
            order=20,
            has_public_version=True,
        )
    )
    register_report_kind(
        ReportKind(
            FRAMEWORK,
            "Framework annual review",
            "For MISE and the committee: is the Learning and Improvement Framework working, source by source, "
            "and what should change.",
            "MISE, then the committee",
            order=30,
            has_recommendations=True,
        )
    )
    for section in (
        ReportSection(
            "report-context",
            "Context",
            frozenset({ANNUAL}),
            None,
            order=1,
            narrative=True,
            narrative_hint="The area, its children and the partnership's year, in a few paragraphs.",
        ),
        ReportSection(
            "report-summary",
            "Summary",
            frozenset({PAPER, FRAMEWORK}),
            None,
            order=1,
            narrative=True,
            narrative_hint="What the committee most needs to know.",
        ),
        ReportSection(
            "report-decisions",
            "Decisions the committee is asked to make",
            frozenset({PAPER}),
            committee_decisions,
            order=95,
        ),
        ReportSection(
            "report-priorities",
            "Priorities for next year",
            frozenset({ANNUAL}),
            None,
            order=95,
            narrative=True,
            narrative_hint="What the partnership will focus on next year, and why.",
        ),
        ReportSection(
            "report-recommendations",
            "Recommendations to change the framework",
            frozenset({FRAMEWORK}),
            recommendations,
            order=90,
            narrative=True,
            narrative_hint="Why the framework should change.",
        ),
    ):
        register_report_section(section)
