"""Series from aggregate returns, for a partnership that enters quarterly figures instead of
loading events (the minimum dataset's second source)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from learnloop.dataset.computation import (
    ALL,
    Figure,
    Period,
    Series,
    _round,
    apply_spc,
    no_data,
    period_of,
    periods_between,
)
from learnloop.dataset.models import AggregateValue, Indicator

Aggregates = dict[str, dict[str, dict[str, AggregateValue]]]  # breakdown value -> indicator -> quarter


def aggregates_of(partnership_id: int, breakdown: str | None) -> Aggregates:
    """Aggregate returns (quarterly) for partnerships without events: the whole-partnership
    values, or the values for each value of one breakdown (entered as `dimension:value`)."""
    values = AggregateValue.objects.filter(partnership_id=partnership_id).select_related("indicator")
    which = {"breakdown": ""} if breakdown is None else {"breakdown__startswith": f"{breakdown}:"}
    values = values.filter(**which)
    out: Aggregates = defaultdict(lambda: defaultdict(dict))
    for value in values:
        key = ALL if breakdown is None else value.breakdown.partition(":")[2]
        out[key][value.indicator.code][value.period] = value
    return out


def _quarter(label: str) -> Period:
    year, q = int(label[:4]), int(label[-1])
    return period_of("quarter", dt.date(year, 3 * q - 2, 1))


def _from_quarters(indicator: Indicator, period: Period, entered: list[AggregateValue | None]) -> Figure:
    """A period's figure from the quarterly returns in it, where one can be: a count adds up,
    a percentage adds its numerators and denominators; a rate or a median cannot be added."""
    if all(v is None for v in entered):
        return no_data(period)  # no return entered for the period (a statistics year has no quarters)
    if period.kind == "quarter":
        value = entered[0]
        return Figure(
            period,
            float(value.value) if value and value.value is not None else None,
            numerator=value.numerator if value else None,
            denominator=value.denominator if value else None,
        )
    if len(entered) != 4 or any(v is None or v.value is None for v in entered):
        return Figure(period, None)  # a year needs all four of its quarters
    if indicator.unit == Indicator.Unit.COUNT:
        total = sum(v.value for v in entered)  # type: ignore[union-attr]
        return Figure(period, float(total), numerator=int(total))
    if indicator.unit == Indicator.Unit.PERCENT and all(
        v.numerator is not None and v.denominator is not None
        for v in entered  # type: ignore[union-attr]
    ):
        num = sum(v.numerator for v in entered)  # type: ignore[union-attr,misc]
        den = sum(v.denominator for v in entered)  # type: ignore[union-attr,misc]
        return Figure(period, _round(100 * num / den) if den else None, numerator=num, denominator=den)
    return Figure(period, None)


def series_from_aggregates(
    indicators: list[Indicator], aggregates: Aggregates, kind: str, with_spc: bool
) -> list[Series]:
    labels = sorted({label for by_code in aggregates.values() for values in by_code.values() for label in values})
    if not labels:
        return []
    first, last = _quarter(labels[0]).start, _quarter(labels[-1]).end
    periods = periods_between(kind, first, last)
    quarters = periods_between("quarter", first, last)
    out = []
    for indicator in indicators:
        for key in sorted(aggregates):
            values = aggregates[key].get(indicator.code, {})
            figures = []
            for period in periods:
                # The quarters wholly inside the period (a statistics year, August to July, has none).
                inside = [q for q in quarters if period.start <= q.start and q.end <= period.end]
                figures.append(_from_quarters(indicator, period, [values.get(q.label) for q in inside]))
            series = Series(indicator, key, figures)
            if with_spc:
                apply_spc(series)
            out.append(series)
    return out
