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

RATE, REGISTRATIONS = "registrations_per_1000", "registrations"
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


def _rate_from_quarters(
    period: Period,
    entered: list[AggregateValue | None],
    registrations: list[AggregateValue | None],
    population: dict[int, int],
) -> Figure:
    """A rate per 1,000 children as the events give it: the period's registrations over the
    children in the population figure for the year it starts in. The registrations are the
    rate's own quarterly numerators where every quarter gives one, otherwise the quarterly
    returns of the registrations count (a rate's values cannot be added; its counts can). Used
    for every period longer than a quarter, and for a quarter with no rate entered."""
    if all(v is None for v in entered + registrations):
        return no_data(period)
    children = population.get(period.start.year)
    if all(v is not None and v.numerator is not None for v in entered):
        num = sum(v.numerator for v in entered)  # type: ignore[union-attr,misc]
    elif all(v is not None and v.value is not None for v in registrations):
        num = int(sum(v.value for v in registrations))  # type: ignore[union-attr,misc]
    else:
        return Figure(period, None)
    if not children:
        return Figure(period, None, numerator=num)
    return Figure(period, _round(num * 1000 / children), numerator=num, denominator=children)


def _from_quarters(
    indicator: Indicator,
    period: Period,
    entered: list[AggregateValue | None],
    registrations: list[AggregateValue | None] | None = None,
    population: dict[int, int] | None = None,
) -> Figure:
    """A period's figure from the quarterly returns in it, where one can be: a count adds up,
    a percentage adds its numerators and denominators, a rate per 1,000 children adds the
    registrations and divides by the population figure; a median cannot be added."""
    if not entered:
        return no_data(period)  # a statistics year, August to July, has no quarters wholly inside
    rate = indicator.code == RATE and registrations is not None
    if rate and (period.kind != "quarter" or entered[0] is None):
        return _rate_from_quarters(period, entered, registrations or [], population or {})
    if all(v is None for v in entered):
        return no_data(period)  # no return entered for the period
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
    indicators: list[Indicator],
    aggregates: Aggregates,
    kind: str,
    with_spc: bool,
    population: dict[int, int] | None = None,
) -> list[Series]:
    """Every indicator's series from the returns; `population` (children aged 0 to 15 by year)
    gives the rate per 1,000 children where it is not entered (always, for a longer period)."""
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
            counted = aggregates[key].get(REGISTRATIONS, {})
            figures = []
            for period in periods:
                # The quarters wholly inside the period (a statistics year, August to July, has none).
                inside = [q for q in quarters if period.start <= q.start and q.end <= period.end]
                figures.append(
                    _from_quarters(
                        indicator,
                        period,
                        [values.get(q.label) for q in inside],
                        [counted.get(q.label) for q in inside],
                        population,
                    )
                )
            series = Series(indicator, key, figures)
            if with_spc:
                apply_spc(series)
            out.append(series)
    return out
