"""The national themes chart: shared themed records by year, drawn once to SVG on the server.

A bar for each year's count (the same figures as the "Total" column of the table by year and
source); a year whose count is withheld ([c]) has no bar, says so on the chart and in the text
alternative. Drawn through core.charts, so a drawing is cached under a digest of its data.
"""

from __future__ import annotations

from typing import Any

import altair as alt

from learnloop.core.charts import readable
from learnloop.core.disclosure import MARK
from learnloop.dataset.charts import render_svg
from learnloop.national.themes import ThemesOverTime, source_name


def _what(result: ThemesOverTime) -> str:
    what = f"records on {result.theme_name}" if result.theme else "records on a shared theme"
    if result.source:
        what += f" from {source_name(result.source).lower()}"
    return what


def spec(result: ThemesOverTime, width: int = 560) -> dict[str, Any]:
    totals = result.year_totals
    if not totals or not any(cell.count for _, cell in totals):
        return {}
    bars = [{"year": str(year), "count": cell.count} for year, cell in totals if not cell.suppressed]
    if not bars:
        return {}  # every year withheld: nothing to draw, the table says [c]
    labels = [
        {"year": str(year), "count": 0 if cell.suppressed else cell.count, "label": cell.text} for year, cell in totals
    ]
    x = alt.X("year:O", title="Year", sort=[str(y) for y, _ in totals], axis=alt.Axis(labelAngle=0))
    drawn = (
        alt.Chart(alt.Data(values=bars))
        .mark_bar(color="#1d70b8")
        .encode(x=x, y=alt.Y("count:Q", title="Records", axis=alt.Axis(tickMinStep=1)))
    )
    text = (
        alt.Chart(alt.Data(values=labels))
        .mark_text(dy=-8, color="#0b0c0c")
        .encode(x=x, y=alt.Y("count:Q"), text="label:N")
    )
    title = f"Shared {_what(result)}, by year"
    chart = alt.layer(drawn, text).properties(
        width=width,
        height=260,
        title=alt.Title(
            title, subtitle=[f"Across {result.partnerships} partnerships that share their themes."], anchor="start"
        ),
    )
    return readable(chart).to_dict(validate=False)


def text_alternative(result: ThemesOverTime) -> str:
    totals = result.year_totals
    said = "; ".join(f"{year}: {cell.text}" for year, cell in totals)
    alt_text = f"Bar chart of shared {_what(result)} by year. {said}."
    withheld = [str(year) for year, cell in totals if cell.suppressed]
    if withheld:
        alt_text += f" Not drawn: {', '.join(withheld)}, where the count is a small number and not shown ({MARK})."
    return alt_text + " The table below gives every figure by source."


def svg(result: ThemesOverTime) -> str:
    return render_svg(spec(result), label=text_alternative(result))
