"""The funnel plot as a Vega-Lite chart drawn to SVG on the server, with a text alternative.

Shares the readable text settings (core.charts) and the SVG labelling (dataset.charts) with the
other charts; the data table under it on the page says everything the drawing does.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from learnloop.core.charts import readable
from learnloop.dataset.charts import render_svg
from learnloop.national import limits as funnel
from learnloop.national.benchmarks import PER, Benchmark

OWN, OTHER = "Your partnership", "Another partnership"
CURVE_POINTS = 60


def _curve(result: Benchmark) -> list[dict[str, Any]]:
    sizes = [r.denominator for r in result.placed if r.denominator]
    if not sizes or result.national_value is None:
        return []
    low, high = max(1, int(min(sizes) * 0.8)), int(max(sizes) * 1.2) + 1
    steps = sorted({round(low * (high / low) ** (i / (CURVE_POINTS - 1))) for i in range(CURVE_POINTS)})
    rows = []
    for n in steps:
        if result.is_rate:
            b = funnel.rate_limits(n, result.national_value, PER)
        else:
            b = funnel.percent_limits(n, result.national_value)
        rows += [
            {"size": n, "limit": v, "line": name}
            for name, v in (
                ("95% lower", b.lower_95),
                ("95% upper", b.upper_95),
                ("99.8% lower", b.lower_998),
                ("99.8% upper", b.upper_998),
            )
        ]
    return rows


def spec(result: Benchmark, own_ids: set[int], width: int = 560) -> dict[str, Any]:
    points = [
        {
            "size": r.denominator,
            "value": round(r.value, 2),
            "name": r.partnership.name,
            "who": OWN if r.partnership.pk in own_ids else OTHER,
        }
        for r in result.placed
    ]
    if not points:
        return {}
    size_title = "Children aged 0 to 15" if result.is_rate else "Denominator (children or events)"
    value_title = "Per 1,000 children" if result.is_rate else "Per cent"
    x = alt.X("size:Q", title=size_title, scale=alt.Scale(zero=False))
    curves = (
        alt.Chart(alt.Data(values=_curve(result)))
        .mark_line(color="#0b0c0c", strokeWidth=1)
        .encode(
            x=x,
            y=alt.Y("limit:Q", title=value_title),
            detail="line:N",
            strokeDash=alt.StrokeDash(
                "line:N",
                scale=alt.Scale(
                    domain=["95% lower", "95% upper", "99.8% lower", "99.8% upper"],
                    range=[[6, 4], [6, 4], [2, 2], [2, 2]],
                ),
                legend=None,
            ),
        )
    )
    national = (
        alt.Chart(alt.Data(values=[{"national": result.national_value}]))
        .mark_rule(color="#00703c", strokeWidth=2)
        .encode(y="national:Q")
    )
    dots = (
        alt.Chart(alt.Data(values=points))
        .mark_point(filled=True, size=110, opacity=1)
        .encode(
            x=x,
            y="value:Q",
            color=alt.Color(
                "who:N",
                title="Points",
                scale=alt.Scale(domain=[OWN, OTHER], range=["#d4351c", "#1d70b8"]),
                legend=alt.Legend(orient="bottom"),
            ),
            shape=alt.Shape("who:N", scale=alt.Scale(domain=[OWN, OTHER], range=["diamond", "circle"]), legend=None),
        )
    )
    labels = dots.mark_text(align="left", dx=8, dy=-6).encode(text="name:N", color=alt.value("#0b0c0c"))
    title = f"{result.indicator.name}, {result.year}"
    chart = alt.layer(curves, national, dots, labels).properties(
        width=width,
        height=300,
        title=alt.Title(
            title,
            subtitle=[
                f"Green line: national value ({result.national_value:.1f}).",
                "Dashed lines: 95% limits. Dotted lines: 99.8% limits.",
            ],
            anchor="start",
        ),
        description=f"Funnel plot of {title}.",
    )
    return readable(chart).to_dict(validate=False)


def text_alternative(result: Benchmark) -> str:
    return (
        f"Funnel plot of {result.indicator.name} in {result.year} for {len(result.placed)} partnerships "
        f"against the national value. {result.summary()} The table below gives every figure."
    )


def svg(result: Benchmark, own_ids: set[int]) -> str:
    return render_svg(spec(result, own_ids), label=text_alternative(result))
