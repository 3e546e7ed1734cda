"""The minimum dataset's indicators for periods (docs/guide-dataset.md): figures and series
from each partnership's monthly facts (`facts.py`), with the SPC rules applied.

Any period (quarter, calendar, financial or statistics year) is a run of months, so its numerator
and denominator are one subtraction of the facts' running totals; medians keep their values and
the register is counted on the period's last day.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from learnloop.dataset import spc
from learnloop.dataset.facts import ALL, BREAKDOWNS, COUNT_TYPES, Facts, cached_facts, monthly_facts_many
from learnloop.dataset.models import Indicator, JourneyEvent, Population
from learnloop.dataset.periods import PERIOD_KINDS, Period, months_of, periods_between

# The event types an indicator is computed from: with none of one of them loaded at all, the
# indicator has no data (not a run of zeros). Indicators not named here need registrations only
# (concerns, age bands and circumstances at registration) or nothing in particular.
NEEDS: dict[str, tuple[str, ...]] = {
    **{code: (event_type,) for code, event_type in COUNT_TYPES.items()},
    "ird_to_investigation_pct": ("ird",),
    "cppm_initial_within_28d_pct": ("cppm_initial", "ird"),
    "on_register_at_end": ("registration", "deregistration"),
    "reregistrations_18m": ("registration", "deregistration"),
    "reregistration_18m_pct": ("registration", "deregistration"),
    "registration_length_median_days": ("registration", "deregistration"),
    "looked_after_at_registration_pct": ("registration",),
    "registrations_per_1000": ("registration",),
}


def needs(code: str) -> tuple[str, ...]:
    """The event types the indicator `code` is computed from."""
    if code in NEEDS:
        return NEEDS[code]
    if code.startswith(("concern_", "age_")):
        return ("registration",)
    return ()


# What a figure is: a number (a true zero is a number), "no value" (a percentage or median with
# nothing to count, or a rate with no population) or "no data" (nothing was loaded that could
# say: no event of a type the indicator needs, or a period no import or aggregate return covers).
VALUE = "value"
ZERO = "zero"
NO_VALUE = "no_value"
NO_DATA = "no_data"
# A figure withheld by statistical disclosure control (learnloop/core/disclosure.py): a small
# number of children, or one from which such a number could be worked out.
SUPPRESSED = "suppressed"
STATUS_TEXT = {VALUE: "", ZERO: "", NO_VALUE: "No value", NO_DATA: "No data", SUPPRESSED: "[c]"}


@dataclass
class Figure:
    period: Period
    value: float | None
    numerator: int | None = None
    denominator: int | None = None
    point: spc.Point | None = None
    status: str = ""

    def __post_init__(self) -> None:
        if self.status == NO_DATA:
            self.value = self.numerator = self.denominator = None
        elif self.value is None:
            self.status = NO_VALUE
        else:
            self.status = ZERO if self.value == 0 else VALUE

    @property
    def status_text(self) -> str:
        return STATUS_TEXT[self.status]

    def withhold(self) -> None:
        """Suppress the figure: no value, numerator, denominator or SPC point is left to show."""
        self.value = self.numerator = self.denominator = None
        self.point = None
        self.status = SUPPRESSED


def no_data(period: Period) -> Figure:
    return Figure(period, None, status=NO_DATA)


@dataclass
class Series:
    indicator: Indicator
    breakdown_value: str
    figures: list[Figure] = field(default_factory=list)
    # The event types the indicator needs that no loaded extract holds.
    missing_event_types: list[str] = field(default_factory=list)

    @property
    def latest(self) -> Figure | None:
        return self.figures[-1] if self.figures else None

    @property
    def points(self) -> int:
        return sum(1 for f in self.figures if f.value is not None)

    @property
    def reliable(self) -> bool:
        return self.points >= spc.RELIABLE_POINTS

    @property
    def has_data(self) -> bool:
        return any(f.status != NO_DATA for f in self.figures)

    @property
    def missing_event_type_names(self) -> list[str]:
        return [str(JourneyEvent.EventType(t).label) for t in self.missing_event_types]

    @property
    def suppressed(self) -> list[str]:
        """The periods whose figure is withheld by statistical disclosure control."""
        return [f.period.label for f in self.figures if f.status == SUPPRESSED]

    @property
    def gaps(self) -> list[str]:
        """The periods with no data, when the series has data elsewhere."""
        missing = [f.period.label for f in self.figures if f.status == NO_DATA]
        return missing if len(missing) < len(self.figures) else []


def compute(
    partnership_id: int,
    *,
    kind: str = "quarter",
    indicators: Iterable[Indicator] | None = None,
    breakdown: str | None = None,
    with_spc: bool = True,
) -> list[Series]:
    """Every indicator's series over every period from the first event to the last."""
    found = compute_many([partnership_id], kinds=[kind], indicators=indicators, breakdown=breakdown, with_spc=with_spc)
    return found[partnership_id][kind]


def compute_many(
    partnership_ids: Iterable[int],
    *,
    kinds: Iterable[str] = ("quarter",),
    indicators: Iterable[Indicator] | None = None,
    breakdown: str | None = None,
    with_spc: bool = True,
    cached: bool = False,
) -> dict[int, dict[str, list[Series]]]:
    """`compute` for several partnerships and period kinds at once (a national view): the
    events are read once for all of them, and each partnership's monthly facts serve every kind.
    With `cached`, the monthly facts come from the shared cache where they were kept."""
    kinds = list(kinds)
    for kind in kinds:
        if kind not in PERIOD_KINDS:
            raise ValueError(f"Unknown period kind {kind!r}.")
    if breakdown is not None and breakdown not in BREAKDOWNS:
        raise ValueError(f"Unknown breakdown {breakdown!r}.")
    ids = list(partnership_ids)
    indicators = list(indicators) if indicators is not None else list(Indicator.objects.filter(in_dataset=True))
    facts_of = cached_facts(ids, breakdown) if cached else monthly_facts_many(ids, breakdown)
    populations: dict[int, dict[int, int]] = defaultdict(dict)
    for pid, year, children in Population.objects.filter(partnership_id__in=ids).values_list(
        "partnership_id", "year", "children_0_15"
    ):
        populations[pid][year] = children
    out: dict[int, dict[str, list[Series]]] = {}
    for pid in ids:
        facts = facts_of[pid]
        if facts.first is None:
            from learnloop.dataset.returns import aggregates_of, series_from_aggregates

            aggregates = aggregates_of(pid, breakdown)
            out[pid] = {
                kind: series_from_aggregates(indicators, aggregates, kind, with_spc, populations[pid]) for kind in kinds
            }
        else:
            out[pid] = {
                kind: _series_from_facts(indicators, facts, populations[pid], kind, breakdown, with_spc)
                for kind in kinds
            }
    return out


# Figures for periods -------------------------------------------------------------------------------


def _round(value: float) -> float:
    return round(value + 0.0, 1)


def _series_from_facts(
    indicators: list[Indicator],
    facts: Facts,
    population: dict[int, int],
    kind: str,
    breakdown: str | None,
    with_spc: bool,
) -> list[Series]:
    periods = periods_between(kind, facts.first, facts.last)  # type: ignore[arg-type]
    months = [months_of(p) for p in periods]
    spans = [facts.span(p) for p in periods]
    keys = sorted(facts.breakdown_values) if breakdown else [ALL]
    covered = [any(month in facts.covered for month in inside) for inside in months]
    out = []
    for indicator in indicators:
        missing = [t for t in needs(indicator.code) if t not in facts.event_types]
        for key in keys:
            if missing:
                figures = [no_data(p) for p in periods]
            else:
                figures = _figures(indicator, key, periods, months, spans, covered, facts, population)
            series = Series(indicator, key, figures, missing_event_types=missing)
            if with_spc:
                apply_spc(series)
            out.append(series)
    return out


def _figures(
    indicator: Indicator,
    key: str,
    periods: list[Period],
    months: list[list[tuple[int, int]]],
    spans: list[tuple[int, int]],
    covered: list[bool],
    facts: Facts,
    population: dict[int, int],
) -> list[Figure]:
    """One indicator's figures for one breakdown value over the periods (no data where a period
    is not covered)."""
    code = indicator.code
    out = []
    if code == "on_register_at_end":
        for period, inside, cover in zip(periods, months, covered, strict=True):
            if not cover:
                out.append(no_data(period))
                continue
            count = facts.register.get((key, inside[-1]), 0)
            out.append(Figure(period, float(count), numerator=count))
        return out
    if code == "registration_length_median_days":
        for period, inside, cover in zip(periods, months, covered, strict=True):
            if not cover:
                out.append(no_data(period))
                continue
            values = [v for month in inside for v in facts.values.get((code, key, month), [])]
            if not values:
                out.append(Figure(period, None, denominator=0))
            else:
                out.append(Figure(period, _round(statistics.median(values)), denominator=len(values)))
        return out
    nums = facts.num_sums.get((code, key))
    rate = code == "registrations_per_1000"
    dens = facts.den_sums.get((code, key)) if indicator.unit == Indicator.Unit.PERCENT and not rate else None
    percent = indicator.unit == Indicator.Unit.PERCENT and not rate
    for period, (low, high), cover in zip(periods, spans, covered, strict=True):
        if not cover:
            out.append(no_data(period))
            continue
        num = nums[high] - nums[low] if nums else 0
        if rate:
            children = population.get(period.start.year)
            if not children:
                out.append(Figure(period, None, numerator=num))
            else:
                out.append(Figure(period, _round(num * 1000 / children), numerator=num, denominator=children))
        elif percent:
            den = dens[high] - dens[low] if dens else 0
            if not den:
                out.append(Figure(period, None, numerator=num, denominator=0))
            else:
                out.append(Figure(period, _round(100 * num / den), numerator=num, denominator=den))
        else:
            out.append(Figure(period, float(num), numerator=num))
    return out


def apply_spc(series: Series) -> None:
    present = [f for f in series.figures if f.value is not None]
    if not present:
        return
    bounds = (0.0, 100.0) if series.indicator.unit == Indicator.Unit.PERCENT else (None, None)
    points = spc.evaluate([f.value for f in present], improvement=series.indicator.improvement, bounds=bounds)
    for figure, point in zip(present, points, strict=True):
        figure.point = point
