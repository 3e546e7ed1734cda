"""Charts of reach over time: Vega-Lite specs (Altair) rendered to SVG on the server.

Every chart is shown with a data table beside it; the SVG is embedded as an image with a text
alternative that says what it shows.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import json
from collections.abc import Callable
from typing import Any

import altair as alt
from django.core.cache import cache

from learnloop.core import charts
from learnloop.core.charts import readable
from learnloop.reach.models import MonthlyTraffic
from learnloop.reach.selectors import CampaignEffect, TimelineMark

BLUE = "#1d70b8"
GREEN = "#00703c"
MARK = "#d4351c"
DRAWING = 1  # change when the charts below are drawn differently, so no old drawing is reused


def _svg_data_uri(chart: alt.TopLevelMixin) -> str:
    svg = charts.svg(chart.to_dict(validate=False))
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _drawn_once(inputs: list[Any], draw: Callable[[], str]) -> str:
    """The chart drawn from exactly these figures, from the shared cache when it was drawn before
    (keyed by a digest of every figure, so it is never reused for other figures)."""
    text = json.dumps(inputs, sort_keys=True, separators=(",", ":"), default=str)
    key = f"reach:chart:{DRAWING}:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    drawn = cache.get(key)
    if drawn is None:
        drawn = draw()
        cache.set(key, drawn, timeout=charts.SVG_TIMEOUT)
    return drawn


def _config(chart: alt.TopLevelMixin) -> alt.TopLevelMixin:
    return readable(chart, legend={"orient": "bottom"})


def reach_chart(rows: list[MonthlyTraffic], marks: list[TimelineMark]) -> str:
    """Page views and visitors by month, with the loop's sharing marked as numbered lines."""
    values = []
    for row in rows:
        if row.pageviews is not None:
            values.append({"month": row.month.isoformat(), "measure": "Page views", "value": row.pageviews})
        if row.visitors is not None:
            values.append({"month": row.month.isoformat(), "measure": "Visitors", "value": row.visitors})
    mark_values = [
        {"date": mark.dissemination.date.isoformat(), "label": str(i)} for i, mark in enumerate(marks, start=1)
    ]
    return _drawn_once(["reach", values, mark_values], lambda: _reach_chart(values, mark_values))


def _reach_chart(values: list[dict[str, Any]], mark_values: list[dict[str, Any]]) -> str:
    lines = (
        alt.Chart(alt.Data(values=values))
        .mark_line(point=True, strokeWidth=3)
        .encode(
            x=alt.X("month:T", title="Month", axis=alt.Axis(format="%b %Y", labelAngle=-40)),
            y=alt.Y("value:Q", title="Count"),
            color=alt.Color(
                "measure:N", title=None, scale=alt.Scale(domain=["Page views", "Visitors"], range=[BLUE, GREEN])
            ),
            strokeDash=alt.StrokeDash("measure:N", legend=None),
        )
    )
    layers: list[alt.Chart] = [lines]
    if mark_values:
        data = alt.Data(values=mark_values)
        layers.append(alt.Chart(data).mark_rule(color=MARK, strokeWidth=2, strokeDash=[4, 3]).encode(x="date:T"))
        layers.append(
            alt.Chart(data)
            .mark_text(color=MARK, dy=-8, fontWeight="bold", fontSize=14, baseline="bottom")
            .encode(x="date:T", y=alt.value(0), text="label:N")
        )
    chart = alt.layer(*layers).properties(width=620, height=300)
    return _svg_data_uri(_config(chart))


def campaign_chart(effect: CampaignEffect, title: str) -> str:
    values = [{"month": m.isoformat(), "views": v} for m, v in effect.series if v is not None]
    month = effect.month.isoformat()
    return _drawn_once(["campaign", values, month, title], lambda: _campaign_chart(values, month, title))


def _campaign_chart(values: list[dict[str, Any]], month: str, title: str) -> str:
    bars = (
        alt.Chart(alt.Data(values=values))
        .mark_bar(color=BLUE)
        .encode(
            x=alt.X("month:O", title="Month", timeUnit="yearmonth", axis=alt.Axis(format="%b %Y", labelAngle=-40)),
            y=alt.Y("views:Q", title="Views of the promoted pages"),
        )
    )
    rule = (
        alt.Chart(alt.Data(values=[{"month": month}]))
        .mark_rule(color=MARK, strokeWidth=3, strokeDash=[4, 3])
        .encode(x=alt.X("month:O", timeUnit="yearmonth"))
    )
    chart = alt.layer(bars, rule).properties(width=520, height=260, title=title)
    return _svg_data_uri(_config(chart))


def describe_reach(rows: list[MonthlyTraffic], marks: list[TimelineMark]) -> str:
    """The chart's text alternative: its range and extremes in words."""
    known = [r for r in rows if r.pageviews is not None]
    if not known:
        return "No figures to chart."
    high = max(known, key=lambda r: r.pageviews or 0)
    low = min(known, key=lambda r: r.pageviews or 0)
    return (
        f"Line chart of page views{' and visitors' if any(r.visitors is not None for r in rows) else ''} by month, "
        f"{rows[0].month:%B %Y} to {rows[-1].month:%B %Y}. Page views were highest in {high.month:%B %Y} "
        f"({high.pageviews:,}) and lowest in {low.month:%B %Y} ({low.pageviews:,}). "
        f"{len(marks)} sharing record{'s are' if len(marks) != 1 else ' is'} marked by number. The same figures "
        "are in the tables below."
    )


def describe_campaign(effect: CampaignEffect, month: dt.date) -> str:
    return (
        f"Bar chart of views of the promoted pages by month, {effect.months[0]:%B %Y} to {effect.months[-1]:%B %Y}, "
        f"with the campaign month ({month:%B %Y}) marked. The figures are in the table below."
    )
