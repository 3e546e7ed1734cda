"""Charts for the results page, the PDF and the Word report: one Vega-Lite spec (Altair), rendered
on the server to SVG (pages, PDF) or PNG (Word). Every chart sits beside a table of its figures.
"""

from __future__ import annotations

import base64
import copy
import functools
from typing import Any

from learnloop.audits.results import ComparisonRow, Results
from learnloop.core import charts
from learnloop.core.charts import readable

BLUE = "#1d70b8"
GREY = "#b1b4b6"


def _shares(results: Results) -> list[dict[str, Any]]:
    return [
        {"question": f"{q.question.reference} {q.question.text[:60]}", "share": round(q.overall.share * 100)}
        for q in results.questions()
        if q.overall.share is not None
    ]


def _with_data(template: dict[str, Any], data: list[dict[str, Any]]) -> dict[str, Any]:
    """The chart's specification with its data: the rest is the same for every audit, so it is
    made by Altair once per process (Altair's own checks cost tens of milliseconds a chart)."""
    return {**copy.deepcopy(template), "data": {"values": data}}


def share_spec(results: Results) -> dict[str, Any] | None:
    """Share good or better (or yes) by question, across all moderated cases."""
    data = _shares(results)
    if not data:
        return None
    return _with_data(_share_template(), data)


@functools.cache
def _share_template() -> dict[str, Any]:
    import altair as alt

    chart = (
        alt.Chart(alt.Data(values=[]))
        .mark_bar(color=BLUE)
        .encode(
            y=alt.Y("question:N", sort=None, title=None, axis=alt.Axis(labelLimit=360)),
            x=alt.X("share:Q", title="Share good or better, or yes (%)", scale=alt.Scale(domain=[0, 100])),
        )
        .properties(width=300, title="Share good or better, by question")
    )
    return readable(chart).to_dict(validate=False)


def comparison_spec(rows: list[ComparisonRow], previous_label: str, current_label: str) -> dict[str, Any] | None:
    data = []
    for row in rows:
        name = f"{row.question.reference} {row.question.text[:50]}"
        if row.previous is not None and row.previous.share is not None:
            data.append({"question": name, "run": previous_label, "share": round(row.previous.share * 100)})
        if row.current.share is not None:
            data.append({"question": name, "run": current_label, "share": round(row.current.share * 100)})
    if not data:
        return None
    return _with_data(_comparison_template(previous_label, current_label), data)


@functools.lru_cache(maxsize=256)
def _comparison_template(previous_label: str, current_label: str) -> dict[str, Any]:
    import altair as alt

    chart = (
        alt.Chart(alt.Data(values=[]))
        .mark_bar()
        .encode(
            y=alt.Y("question:N", sort=None, title=None, axis=alt.Axis(labelLimit=340)),
            yOffset=alt.YOffset("run:N", sort=[previous_label, current_label]),
            x=alt.X("share:Q", title="Share good or better, or yes (%)", scale=alt.Scale(domain=[0, 100])),
            color=alt.Color(
                "run:N",
                title="Run",
                sort=[previous_label, current_label],
                scale=alt.Scale(range=[GREY, BLUE]),
                legend=alt.Legend(orient="bottom"),
            ),
        )
        .properties(width=300, title="Re-audit compared with the previous run")
    )
    return readable(chart).to_dict(validate=False)


def svg(spec: dict[str, Any] | None) -> str:
    return charts.svg(spec)


def svg_data_uri(spec: dict[str, Any] | None) -> str:
    """An <img> source: allowed by the content security policy, unlike inline styles in SVG."""
    rendered = svg(spec)
    if not rendered:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(rendered.encode("utf-8")).decode("ascii")


def png(spec: dict[str, Any] | None) -> bytes:
    if spec is None:
        return b""
    import vl_convert

    return vl_convert.vegalite_to_png(spec, scale=2)
