"""The funnel plot's Vega-Lite specification, written out by hand so that no request checks it
against the schema, is the one Altair builds for the same layers."""

from __future__ import annotations

from typing import Any

import altair as alt
import pytest

from learnloop.core.charts import readable
from learnloop.national import benchmarks, charts
from learnloop.national.charts import OTHER, OWN, _curve
from learnloop.national.tests.conftest import INDICATOR
from learnloop.national.tests.test_rates import rates  # noqa: F401 (a fixture)

pytestmark = pytest.mark.django_db


def altair_spec(result: Any, own_ids: set[int], width: int = 560) -> dict[str, Any]:
    """The specification as the page built it with Altair before it was written out by hand."""
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


def test_the_percentage_funnel_is_what_altair_builds(world, national) -> None:
    from learnloop.dataset.models import Indicator

    result = benchmarks.benchmark(Indicator.objects.get(code=INDICATOR), 2025)
    for own in (set(), {world.partnership.pk}):
        assert charts.spec(result, own) == altair_spec(result, own)


def test_the_rate_funnel_is_what_altair_builds(world, rates) -> None:  # noqa: F811
    result = benchmarks.benchmark(rates, 2025)
    assert result.placed
    assert charts.spec(result, {world.other_partnership.pk}) == altair_spec(result, {world.other_partnership.pk})
