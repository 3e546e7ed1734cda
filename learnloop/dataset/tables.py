"""The indicator table: one row an indicator and period, the same in the command, the
dashboard's exports and the API."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from learnloop.core.disclosure import MARK
from learnloop.dataset.computation import SUPPRESSED, Series

HEADERS = [
    "indicator",
    "period",
    "value",
    "numerator",
    "denominator",
    "spc_signal",
    "mean",
    "lower_limit",
    "upper_limit",
    "status",
]
# `status` says what an empty or zero value means: value, zero (a true zero), no_value (nothing to
# count: a percentage or median with an empty denominator), no_data (nothing loaded covers it) or
# suppressed (a small number withheld by statistical disclosure control: learnloop/core/disclosure.py).


def _num(value: float | None) -> Any:
    if value is None:
        return None
    if float(value).is_integer():
        return int(value)
    return round(value, 2)


def indicator_rows(series_list: Iterable[Series]) -> Iterator[dict[str, Any]]:
    for series in series_list:
        for figure in series.figures:
            point = figure.point
            yield {
                "indicator": series.indicator.code,
                "breakdown": series.breakdown_value,
                "period": figure.period.label,
                "value": _num(figure.value),
                "numerator": figure.numerator,
                "denominator": figure.denominator,
                "spc_signal": point.label if point else None,
                "mean": _num(round(point.mean, 2)) if point else None,
                "lower_limit": _num(round(point.lower, 2)) if point and point.lower is not None else None,
                "upper_limit": _num(round(point.upper, 2)) if point and point.upper is not None else None,
                "status": figure.status,
            }


def marked(row: dict[str, Any]) -> dict[str, Any]:
    """A row for a download: a suppressed figure's cells say [c] rather than being blank."""
    if row["status"] != SUPPRESSED:
        return row
    return {**row, "value": MARK, "numerator": MARK, "denominator": MARK}
