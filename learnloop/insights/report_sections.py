"""The insights' section of the committee paper: for MISE, what has been found across sources
since the start of the paper's period and not yet decided about (recurring, emerging, stalled,
indicator signals), read as the committee reads it. Registered in InsightsConfig.ready()."""

from __future__ import annotations

from learnloop.core.registry import ReportSection, register_report_section
from learnloop.core.reporting import Block, Paragraph, ReportRequest, Table, app_link, day
from learnloop.insights.selectors import findings_since

PAPER = "cpc-paper"


def new_findings(r: ReportRequest) -> list[Block]:
    # Newest first, so a capped list shows what the committee has not seen before.
    findings = sorted(findings_since(r.partnership, r.m, r.start), key=lambda f: f.since, reverse=True)
    return [
        Paragraph(
            f"What LearnLoop has noticed across sources since {day(r.start)} that nobody has yet raised as "
            "learning, dismissed or marked as being acted on. Each rule is explained in the insights guide."
        ),
        Table(
            caption=f"New findings since {day(r.start)}",
            headers=["Finding", "About", "Since", "Detail", "Evidence"],
            rows=[
                [f.title, f.subject, day(f.since), f.detail, "; ".join(e.reference for e in f.evidence)]
                for f in findings
            ],
            empty="Nothing new was found across sources in the period.",
            more_url=app_link(r, "insights:index", since=r.start.isoformat()),
            more_label=f"MISE in LearnLoop, new since {day(r.start)}",
            order="newest first",
        ),
    ]


def register() -> None:
    register_report_section(
        ReportSection(
            "insights-new",
            "MISE: what is new across sources",
            frozenset({PAPER}),
            new_findings,
            order=15,
        )
    )
