"""The funnel plot as a Vega-Lite chart drawn to SVG on the server, with a text alternative.

Shares the readable text settings (core.charts) and the SVG labelling (dataset.charts) with the
other charts; the data table under it on the page says everything the drawing does.
"""

from __future__ import annotations

import copy
import hashlib
import json
from typing import Any

from altair import SCHEMA_URL
from django.core.cache import cache

from learnloop.core.charts import READABLE, SVG_TIMEOUT
from learnloop.dataset.charts import render_svg
from learnloop.national import limits as funnel
from learnloop.national.benchmarks import PER, Benchmark

OWN, OTHER = "Your partnership", "Another partnership"
CURVE_POINTS = 60
DRAWING = "1"  # change when the drawing changes, so no funnel plot drawn by older code is shown


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


def _points(result: Benchmark, own_ids: set[int]) -> list[dict[str, Any]]:
    return [
        {
            "size": r.denominator,
            "value": round(r.value, 2),  # type: ignore[arg-type]
            "name": r.partnership.name,
            "who": OWN if r.partnership.pk in own_ids else OTHER,
        }
        for r in result.placed
    ]


def spec(result: Benchmark, own_ids: set[int], width: int = 560) -> dict[str, Any]:
    """The Vega-Lite specification, written out as a plain dictionary: the one Altair would build
    for these layers (a test compares them), without Altair's schema checks, which took longer
    than drawing the chart."""
    points = _points(result, own_ids)
    if not points:
        return {}
    size_title = "Children aged 0 to 15" if result.is_rate else "Denominator (children or events)"
    value_title = "Per 1,000 children" if result.is_rate else "Per cent"
    x = {"field": "size", "scale": {"zero": False}, "title": size_title, "type": "quantitative"}
    lines = ["95% lower", "95% upper", "99.8% lower", "99.8% upper"]
    who = {"domain": [OWN, OTHER]}
    shape = {"field": "who", "legend": None, "scale": {**who, "range": ["diamond", "circle"]}, "type": "nominal"}
    dots = {
        "color": {
            "field": "who",
            "legend": {"orient": "bottom"},
            "scale": {**who, "range": ["#d4351c", "#1d70b8"]},
            "title": "Points",
            "type": "nominal",
        },
        "shape": shape,
        "x": x,
        "y": {"field": "value", "type": "quantitative"},
    }
    title = f"{result.indicator.name}, {result.year}"
    return {
        "config": {"view": {"continuousWidth": 300, "continuousHeight": 300}, **copy.deepcopy(READABLE)},
        "layer": [
            {
                "data": {"values": _curve(result)},
                "mark": {"type": "line", "color": "#0b0c0c", "strokeWidth": 1},
                "encoding": {
                    "detail": {"field": "line", "type": "nominal"},
                    "strokeDash": {
                        "field": "line",
                        "legend": None,
                        "scale": {"domain": lines, "range": [[6, 4], [6, 4], [2, 2], [2, 2]]},
                        "type": "nominal",
                    },
                    "x": x,
                    "y": {"field": "limit", "title": value_title, "type": "quantitative"},
                },
            },
            {
                "data": {"values": [{"national": result.national_value}]},
                "mark": {"type": "rule", "color": "#00703c", "strokeWidth": 2},
                "encoding": {"y": {"field": "national", "type": "quantitative"}},
            },
            {
                "data": {"values": points},
                "mark": {"type": "point", "filled": True, "opacity": 1, "size": 110},
                "encoding": dots,
            },
            {
                "data": {"values": points},
                "mark": {"type": "text", "align": "left", "dx": 8, "dy": -6},
                "encoding": {
                    **dots,
                    "color": {"value": "#0b0c0c"},
                    "text": {"field": "name", "type": "nominal"},
                },
            },
        ],
        "description": f"Funnel plot of {title}.",
        "height": 300,
        "title": {
            "text": title,
            "anchor": "start",
            "subtitle": [
                f"Green line: national value ({result.national_value:.1f}).",
                "Dashed lines: 95% limits. Dotted lines: 99.8% limits.",
            ],
        },
        "width": width,
        "$schema": SCHEMA_URL,
    }


def text_alternative(result: Benchmark) -> str:
    return (
        f"Funnel plot of {result.indicator.name} in {result.year} for {len(result.placed)} partnerships "
        f"against the national value. {result.summary()} The table below gives every figure."
    )


def svg(result: Benchmark, own_ids: set[int]) -> str:
    """The funnel plot drawn once for any one set of figures, and kept in the shared cache.

    Kept under a digest of everything the drawing shows (the indicator, the year, the national
    value, each point's size, value, name and whether it is the reader's own, and the text
    alternative), so it is drawn again only when the figures, a partnership's name or the
    reader's own partnership differ: once per version of the sharing partnerships' data, not
    once per request, and never served for a chart showing other figures."""
    label = text_alternative(result)
    basis = [DRAWING, result.indicator.code, result.indicator.name, result.indicator.unit, result.year]
    basis += [result.national_value, _points(result, own_ids), label]
    key = "national:funnel:" + hashlib.sha256(json.dumps(basis, default=str).encode("utf-8")).hexdigest()
    drawn = cache.get(key)
    if drawn is None:
        drawn = render_svg(spec(result, own_ids), label=label)
        cache.set(key, drawn, timeout=SVG_TIMEOUT)
    return drawn
