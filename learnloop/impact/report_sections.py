"""The impact app's section of the annual report: each impact evaluation of the year with its
verdict, the figures it links to (read from the sources, never typed) and whether the figures
agree. Registered in ImpactConfig.ready()."""

from __future__ import annotations

from learnloop.core.registry import ReportSection, register_report_section
from learnloop.core.reporting import Block, ReportRequest, Table, day
from learnloop.impact.selectors import CheckedClaim, impact_claims

ANNUAL = "annual-report"


def _evidence(claim: CheckedClaim) -> str:
    parts = []
    for e in claim.evidence:
        reading = e.reading
        if reading is None or reading.hidden:
            parts.append(e.title)
        elif reading.before_text or reading.after_text:
            parts.append(
                f"{reading.title}: {reading.before_label} {reading.before_text} to "
                f"{reading.after_label} {reading.after_text}".replace("  ", " ")
            )
        else:
            parts.append(reading.title)
    return "; ".join(parts) or "No evidence linked"


def impact(r: ReportRequest) -> list[Block]:
    claims = impact_claims(r.partnership, r.m, (r.start, r.end))
    return [
        Table(
            caption="Impact evaluations in the year, checked against their figures",
            headers=["Date", "Evaluation", "Verdict", "Evidence", "Check"],
            rows=[
                [
                    day(c.impact.date),
                    c.impact.title,
                    c.verdict_text or "No verdict given",
                    _evidence(c),
                    f"{c.result.label}: {c.result.message}" if c.result.message else c.result.label,
                ]
                for c in claims
            ],
            empty="No impact evaluation was recorded in the year.",
        )
    ]


def register() -> None:
    register_report_section(
        ReportSection(
            "impact-claims",
            "What difference it made",
            frozenset({ANNUAL}),
            impact,
            order=85,
            narrative=True,
            narrative_hint="What changed for children and families, and how you know.",
        )
    )
