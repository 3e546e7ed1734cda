"""The voice's sections of the reports: "you said, we did", from what may be published back to
children and families (the voice's own selector), with how many views had a timely response."""

from __future__ import annotations

from learnloop.core.registry import ReportSection, register_report_section
from learnloop.core.reporting import Block, Paragraph, ReportRequest, Table, percent
from learnloop.voice import selectors

PAPER, ANNUAL = "cpc-paper", "annual-report"


def you_said_we_did(r: ReportRequest) -> list[Block]:
    items = selectors.published(r.m, r.start, r.end)
    timely = selectors.timeliness(r.m, r.start, r.end, today=r.as_of)
    return [
        Paragraph(
            f"Children and families gave {r.count(timely.views)} views in the period; "
            f"{percent(timely.on_time, timely.counted) if not (r.public and 0 < timely.counted < 5) else '[c]'} of those due "
            f"had a response within {timely.target_days} days."
        ),
        Table(
            caption="You said, we did",
            headers=["You said", "We did", "Who is doing it"],
            rows=[[item.response.you_said, item.response.we_did, item.response.who] for item in items],
            empty="No response was given in the period.",
        ),
    ]


def register() -> None:
    register_report_section(
        ReportSection("voice-you-said", "Children's and families' views", frozenset({PAPER}), you_said_we_did, order=50)
    )
    register_report_section(
        ReportSection(
            "voice-year",
            "What children and families told us, and what changed",
            frozenset({ANNUAL}),
            you_said_we_did,
            order=50,
            narrative=True,
            narrative_hint="In children's and families' own words where they agreed to it.",
        )
    )
