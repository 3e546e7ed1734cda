"""The small-numbers rule (learnloop/core/disclosure.py) applied to the indicators' series.

Every figure in the minimum dataset counts children (or their events), so each is sized by the
children behind it:
- a count by its value;
- a rate by its numerator (the population is public, so the rate gives the count away);
- a median (days) by the number of children it is the middle of (not additive);
- a percentage by its denominator, and withheld whenever its numerator or denominator is 1 to 4
  or its numerator is within 1 to 4 of its denominator.
A breakdown's values for one period add up to the whole partnership's figure for that period,
shown on the same page: those cells form a group for secondary suppression.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable

from learnloop.core.disclosure import Group, percent_disclosive, suppress
from learnloop.dataset.computation import Figure, Series
from learnloop.dataset.models import Indicator

TOTAL = object()  # the breakdown key of a whole-partnership series among breakdown series


def _size(indicator: Indicator, figure: Figure) -> int | float | None:
    if figure.value is None:
        return None  # no data or no value: nothing to withhold
    unit = indicator.unit
    if unit == Indicator.Unit.PERCENT:
        return figure.denominator
    if unit == Indicator.Unit.RATE:
        return figure.numerator
    if unit == Indicator.Unit.DAYS:
        return figure.denominator
    return figure.value


def _additive(indicator: Indicator) -> bool:
    return indicator.unit != Indicator.Unit.DAYS  # medians do not add up


def suppress_series(series_list: Iterable[Series], *, totals: Iterable[Series] = ()) -> list[Series]:
    """Withhold, in place, every figure the rule suppresses, and return the series.

    `series_list` holds whole-partnership series or one breakdown's series; `totals` are the
    whole-partnership series the breakdown adds up to (suppressed the same way on their own, so
    they are used here only to find the cells that would give a withheld one away).
    """
    series_list = list(series_list)
    by_indicator: dict[str, list[tuple[Hashable, Series]]] = defaultdict(list)
    for series in series_list:
        by_indicator[series.indicator.code].append((series.breakdown_value, series))
    for series in totals:
        if series.indicator.code in by_indicator:
            by_indicator[series.indicator.code].append((TOTAL, series))
    for members in by_indicator.values():
        indicator = members[0][1].indicator
        sizes: dict[tuple[Hashable, str], int | float | None] = {}
        primary = []
        figures: dict[tuple[Hashable, str], Figure] = {}
        for key, series in members:
            for figure in series.figures:
                cell = (key, figure.period.label)
                figures[cell] = figure
                sizes[cell] = _size(indicator, figure)
                percent = indicator.unit == Indicator.Unit.PERCENT and figure.value is not None
                if percent and percent_disclosive(figure.numerator, figure.denominator):
                    primary.append(cell)
        groups = []
        has_total = any(key is TOTAL for key, _ in members)
        if _additive(indicator) and has_total:
            periods = sorted({label for _, label in figures})
            keys = [key for key, _ in members if key is not TOTAL]
            groups = [Group(tuple((key, label) for key in keys), (TOTAL, label)) for label in periods]
        for cell in suppress(sizes, primary=primary, groups=groups):
            if cell[0] is not TOTAL:
                figures[cell].withhold()
    return series_list
