"""Website reach's sections of the reports: visitors and page views by month, with the loop's
sharing in the period, from the reach page's own selectors and chart."""

from __future__ import annotations

import base64

from learnloop.core.registry import ReportSection, register_report_section
from learnloop.core.reporting import Block, Chart, ReportRequest, Table, app_link, day
from learnloop.reach import charts, selectors

PAPER, ANNUAL = "cpc-paper", "annual-report"


def _svg(data_uri: str) -> str:
    return base64.b64decode(data_uri.split(",", 1)[1]).decode("utf-8") if data_uri else ""


def reach(r: ReportRequest) -> list[Block]:
    rows = selectors.traffic(r.m, r.start, r.end)
    marks = selectors.timeline_marks(r.m, r.start, r.end)
    table = Table(
        caption="Website visitors and page views by month",
        headers=["Month", "Visitors", "Page views"],
        rows=[[f"{row.month:%B %Y}", row.visitors, row.pageviews] for row in rows],
        numeric=[1, 2],
        empty="No website statistics were loaded for the period.",
    )
    blocks: list[Block] = [
        Chart(svg=_svg(charts.reach_chart(rows, marks)), alt=charts.describe_reach(rows, marks), table=table)
        if rows
        else table,
        Table(
            caption="Campaigns and other sharing in the period",
            headers=["Number on the chart", "Date", "What", "Kind", "People reached"],
            rows=[
                [
                    i,
                    day(mark.dissemination.date),
                    mark.dissemination.title,
                    mark.dissemination.get_kind_display(),
                    mark.dissemination.people_reached,
                ]
                for i, mark in enumerate(marks, start=1)
            ],
            numeric=[0, 4],
            empty="Nothing was shared in the period.",
            more_url=app_link(r, "loop:disseminations", date_from=r.start.isoformat(), date_to=r.end.isoformat()),
            more_label="Sharing in LearnLoop, filtered to the period",
            order="in date order, numbered as on the chart",
        ),
    ]
    return blocks


def register() -> None:
    register_report_section(
        ReportSection("reach-campaigns", "Reach and campaigns", frozenset({PAPER}), reach, order=70)
    )
    register_report_section(
        ReportSection(
            "reach-year",
            "Public information and reach",
            frozenset({ANNUAL}),
            reach,
            order=70,
            narrative=True,
            narrative_hint="What the partnership told the public and who it reached.",
        )
    )
