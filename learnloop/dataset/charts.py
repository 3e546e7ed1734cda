"""Vega-Lite charts (Altair) of an indicator's series, rendered to SVG on the server.

The same spec serves the page, exports and the learning point that a signal became. Each
chart has a data table beside it in the page; the SVG itself is labelled for screen readers.
"""

from __future__ import annotations

import re
from typing import Any

import altair as alt

from learnloop.core import charts
from learnloop.core.charts import readable
from learnloop.core.disclosure import MARK
from learnloop.dataset import spc
from learnloop.dataset.computation import NO_DATA, SUPPRESSED, Series

LABEL_COLOURS = {
    spc.COMMON: "#505a5f",
    spc.IMPROVEMENT: "#1d70b8",
    spc.CONCERN: "#d4351c",
    spc.NEUTRAL_HIGH: "#6f3a9c",
    spc.NEUTRAL_LOW: "#6f3a9c",
}
LABEL_SHAPES = {
    spc.COMMON: "circle",
    spc.IMPROVEMENT: "diamond",
    spc.CONCERN: "triangle-up",
    spc.NEUTRAL_HIGH: "square",
    spc.NEUTRAL_LOW: "square",
}


def rows_for(series: Series) -> list[dict[str, Any]]:
    """The data the chart draws, one row a period: also the accessible table under it."""
    rows = []
    for figure in series.figures:
        point = figure.point
        if point:
            label_text = spc.LABEL_TEXT.get(point.label, "")
        elif figure.status == SUPPRESSED:
            label_text = f"{MARK} Not shown: a small number"
        else:
            label_text = spc.NO_DATA_TEXT if figure.status == NO_DATA else "No value"
        rows.append(
            {
                "period": figure.period.label,
                "value": figure.value,
                "status": figure.status,
                "numerator": figure.numerator,
                "denominator": figure.denominator,
                "mean": round(point.mean, 2) if point else None,
                "lower": round(point.lower, 2) if point and point.lower is not None else None,
                "upper": round(point.upper, 2) if point and point.upper is not None else None,
                "label": point.label if point else "",
                "label_text": label_text,
                "rules": ", ".join(spc.RULE_TEXT[r] for r in point.rules) if point else "",
            }
        )
    return rows


def _segments(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The rows with a value, each numbered by its unbroken run: lines join the points of a run
    and leave a gap where a period has no value or no data, rather than drawing a zero."""
    out = []
    segment = 0
    previous = False
    for row in rows:
        present = row["value"] is not None
        if present:
            if not previous:
                segment += 1
            out.append({**row, "segment": segment})
        previous = present
    return out


def spec(series: Series, *, national: float | None = None, width: int = 560) -> dict[str, Any]:
    all_rows = rows_for(series)
    rows = _segments(all_rows)
    title = series.indicator.name
    if not rows:
        return {}
    order = [r["period"] for r in all_rows]
    base = alt.Chart(alt.Data(values=rows)).encode(
        x=alt.X(
            "period:O",
            sort=order,
            scale=alt.Scale(domain=order),  # every period on the axis, a gap where one has no data
            title="Period",
            axis=alt.Axis(labelAngle=-45, labelOverlap=True),
        ),
        detail="segment:N",
    )
    line = base.mark_line(color="#505a5f", strokeWidth=2).encode(y=alt.Y("value:Q", title=_unit(series)))
    points = base.mark_point(filled=True, size=90, opacity=1).encode(
        y="value:Q",
        color=alt.Color(
            "label_text:N",
            title="Points",
            scale=alt.Scale(
                domain=[spc.LABEL_TEXT[k] for k in LABEL_COLOURS],
                range=list(LABEL_COLOURS.values()),
            ),
            legend=alt.Legend(orient="bottom", columns=2, labelLimit=280, symbolSize=120),
        ),
        shape=alt.Shape(
            "label_text:N",
            scale=alt.Scale(domain=[spc.LABEL_TEXT[k] for k in LABEL_SHAPES], range=list(LABEL_SHAPES.values())),
            legend=None,
        ),
    )
    mean = base.mark_line(color="#0b0c0c", strokeDash=[1, 0], strokeWidth=1).encode(y="mean:Q")
    upper = base.mark_line(color="#0b0c0c", strokeDash=[6, 4], strokeWidth=1).encode(y="upper:Q")
    lower = base.mark_line(color="#0b0c0c", strokeDash=[6, 4], strokeWidth=1).encode(y="lower:Q")
    layers = [upper, lower, mean, line, points]
    if national is not None:
        layers.append(
            alt.Chart(alt.Data(values=[{"national": national}]))
            .mark_rule(color="#00703c", strokeDash=[2, 2], strokeWidth=2)
            .encode(y="national:Q")
        )
    chart = alt.layer(*layers).properties(
        width=width,
        height=240,
        title=alt.Title(title, subtitle=_subtitle(series, national), anchor="start"),
        description=f"Chart of {title} by period with its mean and process limits.",
    )
    return readable(chart).to_dict(validate=False)


def _unit(series: Series) -> str:
    return {"count": "Number", "percent": "Per cent", "rate": "Per 1,000 children", "days": "Days"}.get(
        series.indicator.unit, "Value"
    )


def _subtitle(series: Series, national: float | None) -> list[str]:
    lines = ["Solid line: mean. Dashed lines: process limits."]
    if national is not None:
        lines.append(f"Green dotted line: national figure ({national:g}).")
    gaps = series.gaps
    if gaps:
        shown = _listed(gaps)
        lines.append(f"Gaps: no data for {shown} (no extract or return covers {'it' if len(gaps) == 1 else 'them'}).")
    if series.suppressed:
        lines.append(
            f"Not drawn: {_listed(series.suppressed)}, where the figure is a small number and not shown ({MARK})."
        )
    if not series.reliable:
        lines.append(f"Only {series.points} points: the limits are not yet reliable (12 or more needed).")
    return lines


def _listed(labels: list[str]) -> str:
    return ", ".join(labels[:4]) + (f" and {len(labels) - 4} more" if len(labels) > 4 else "")


def text_alternative(series: Series, lead: str) -> str:
    """The chart's label for assistive technology, saying which periods are not drawn."""
    if series.suppressed:
        return f"{lead} Not drawn: {_listed(series.suppressed)}, where the figure is a small number and not shown."
    return lead


_INNER_ARIA = re.compile(
    r'\s(?:role="graphics-[a-z]+"|aria-roledescription="[^"]*"|aria-label="[^"]*"|aria-hidden="[^"]*")'
)


def render_svg(chart_spec: dict[str, Any], *, label: str) -> str:
    """The chart as inline SVG, labelled as one image for assistive technology.

    The drawing is described by its label and the data table under it, so the marks inside
    lose their own roles and labels.
    """
    if not chart_spec:
        return ""
    svg = _INNER_ARIA.sub("", charts.svg(chart_spec))
    safe = label.replace("&", "&amp;").replace('"', "&quot;").replace("<", "&lt;").replace(">", "&gt;")
    return svg.replace("<svg ", f'<svg role="img" aria-label="{safe}" focusable="false" class="app-chart" ', 1)
