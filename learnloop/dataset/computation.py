"""Computing the minimum dataset indicators (docs/guide-dataset.md) from the stored events.

Two steps, both fast on PostgreSQL and SQLite:
1. Monthly facts. Event counts, percentages' numerators and denominators come from one
   GROUP BY in the database. The rules that follow a child through time (IRD before CPPM,
   re-registration, length of registration, on the register) come from one ordered pass over
   the registration, deregistration, IRD and initial CPPM events only.
2. Periods. Any period (quarter, calendar, financial or statistics year) is a run of months,
   so its figures are sums of the monthly facts (medians keep their values; the register is
   counted on the period's last day).
"""

from __future__ import annotations

import bisect
import datetime as dt
import statistics
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import ExtractMonth, ExtractYear

from learnloop.dataset import extract, spc
from learnloop.dataset.models import Indicator, JourneyEvent, JourneyImport, Population

PERIOD_KINDS = {
    "quarter": "Quarter",
    "year": "Calendar year",
    "financial_year": "Financial year (April to March)",
    "statistics_year": "Statistics year (August to July)",
}
BREAKDOWNS = {
    "age_band": "Age band",
    "sex": "Sex",
    "disability": "Disability",
    "ethnicity": "Ethnicity",
    "looked_after": "Looked after",
}
ALL = ""  # the breakdown value for the whole partnership

COUNT_TYPES = {
    "concerns": "concern",
    "irds": "ird",
    "investigations": "investigation",
    "cppm_pre_birth": "cppm_pre_birth",
    "cppm_initial": "cppm_initial",
    "cppm_review": "cppm_review",
    "registrations": "registration",
    "deregistrations": "deregistration",
}

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


@dataclass(frozen=True)
class Period:
    kind: str
    label: str
    start: dt.date
    end: dt.date


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


# Periods ---------------------------------------------------------------------------------------


def _month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def period_of(kind: str, day: dt.date) -> Period:
    y, m = day.year, day.month
    if kind == "quarter":
        q = (m - 1) // 3 + 1
        return Period(kind, f"{y}-Q{q}", dt.date(y, 3 * q - 2, 1), _month_end(y, 3 * q))
    if kind == "year":
        return Period(kind, str(y), dt.date(y, 1, 1), dt.date(y, 12, 31))
    first_month = 4 if kind == "financial_year" else 8
    start_year = y if m >= first_month else y - 1
    return Period(
        kind,
        f"{start_year}-{(start_year + 1) % 100:02d}",
        dt.date(start_year, first_month, 1),
        dt.date(start_year + 1, first_month, 1) - dt.timedelta(days=1),
    )


def periods_between(kind: str, first: dt.date, last: dt.date) -> list[Period]:
    """Every period from the one holding `first` to the one holding `last`, no gaps."""
    out = [period_of(kind, first)]
    while out[-1].end < last:
        out.append(period_of(kind, out[-1].end + dt.timedelta(days=1)))
    return out


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, _month_end(year, month + 1).day))


# Monthly facts -----------------------------------------------------------------------------------

Month = tuple[int, int]


@dataclass
class Facts:
    """Numerators and denominators per (indicator, breakdown value, month)."""

    num: dict[tuple[str, str, Month], int] = field(default_factory=lambda: defaultdict(int))
    den: dict[tuple[str, str, Month], int] = field(default_factory=lambda: defaultdict(int))
    values: dict[tuple[str, str, Month], list[int]] = field(default_factory=lambda: defaultdict(list))
    # Children on the register, by the month whose last day it was counted on.
    register: dict[tuple[str, Month], int] = field(default_factory=lambda: defaultdict(int))
    breakdown_values: set[str] = field(default_factory=set)
    # What was loaded: the event types seen, and the months with any event or inside an import.
    event_types: set[str] = field(default_factory=set)
    covered: set[Month] = field(default_factory=set)
    first: dt.date | None = None
    last: dt.date | None = None

    def freeze(self) -> None:
        """Plain dictionaries once counted, so the facts can be pickled into the cache."""
        self.num, self.den, self.values = dict(self.num), dict(self.den), dict(self.values)
        self.register = dict(self.register)


def _event_counts(ids: list[int], breakdown: str | None, facts_of: dict[int, Facts]) -> None:
    """Two GROUP BYs: every event type's counts, then the registrations' concerns, age bands and
    looked-after status (counting those over registrations only, not over every event)."""
    group = ["partnership_id", "y", "mo", "event_type"] + ([breakdown] if breakdown else [])
    events = JourneyEvent.objects.filter(partnership_id__in=ids).annotate(
        y=ExtractYear("event_date"), mo=ExtractMonth("event_date")
    )
    rows = (
        events.values(*group)
        .annotate(
            n=Count("record_id"),
            with_outcome=Count("record_id", filter=~Q(outcome="")),
            to_investigation=Count("record_id", filter=Q(outcome="investigation")),
        )
        .order_by()
    )
    counted_as = {event_type: code for code, event_type in COUNT_TYPES.items()}
    for row in rows:
        facts = facts_of[row["partnership_id"]]
        num, den = facts.num, facts.den
        month = (row["y"], row["mo"])
        key = row[breakdown] if breakdown else ALL
        facts.breakdown_values.add(key)
        event_type = row["event_type"]
        facts.event_types.add(event_type)
        facts.covered.add(month)
        if event_type in counted_as:
            num[(counted_as[event_type], key, month)] += row["n"]
        if event_type == "ird":
            num[("ird_to_investigation_pct", key, month)] += row["to_investigation"]
            den[("ird_to_investigation_pct", key, month)] += row["with_outcome"]
    aggregates: dict[str, Any] = {
        "n": Count("record_id"),
        "looked_after_yes": Count("record_id", filter=Q(looked_after="yes")),
    }
    for code in extract.CONCERNS:
        aggregates[f"c_{code}"] = Count("record_id", filter=Q(concerns__contains=f";{code};"))
    for band in extract.AGE_BANDS:
        aggregates[f"a_{band}"] = Count("record_id", filter=Q(age_band=band))
    group.remove("event_type")
    rows = events.filter(event_type="registration").values(*group).annotate(**aggregates).order_by()
    for row in rows:
        facts = facts_of[row["partnership_id"]]
        num, den = facts.num, facts.den
        month = (row["y"], row["mo"])
        key = row[breakdown] if breakdown else ALL
        for code in extract.CONCERNS:
            num[(f"concern_{code}_pct", key, month)] += row[f"c_{code}"]
            den[(f"concern_{code}_pct", key, month)] += row["n"]
        for band in extract.AGE_BANDS:
            num[(f"age_{band}_registrations", key, month)] += row[f"a_{band}"]
        num[("looked_after_at_registration_pct", key, month)] += row["looked_after_yes"]
        den[("looked_after_at_registration_pct", key, month)] += row["n"]
        num[("reregistration_18m_pct", key, month)] += 0
        den[("reregistration_18m_pct", key, month)] += row["n"]
        num[("registrations_per_1000", key, month)] += row["n"]


# Same-day order: deregistrations before registrations (a transfer keeps the child on).
_SAME_DAY_ORDER = {"ird": 0, "deregistration": 1, "registration": 2, "cppm_initial": 3}


class _Sequences:
    """One partnership's pass over each child's events in time order."""

    def __init__(self, facts: Facts, breakdown: str | None, month_ends: list[dt.date]) -> None:
        self.facts = facts
        self.breakdown = breakdown
        self.month_ends = month_ends
        self.diffs: dict[str, list[int]] = defaultdict(lambda: [0] * (len(month_ends) + 1))

    def close(self, since: dt.date, until: dt.date | None, key: str) -> None:
        # On the register at a month end E when since <= E < until.
        a = bisect.bisect_left(self.month_ends, since)
        b = len(self.month_ends) if until is None else bisect.bisect_left(self.month_ends, until)
        if a < b:
            diff = self.diffs[key]
            diff[a] += 1
            diff[b] -= 1

    def child(self, rows_of_child: list[tuple[Any, ...]]) -> None:
        num, den, values = self.facts.num, self.facts.den, self.facts.values
        breakdown = self.breakdown
        last_ird: dt.date | None = None
        last_dereg: dt.date | None = None
        last_reg: dt.date | None = None
        on_since: dt.date | None = None
        on_key = ALL
        if len(rows_of_child) > 1:
            rows_of_child.sort(key=lambda r: (r[3], _SAME_DAY_ORDER[r[2]]))
        for row in rows_of_child:
            event_type, day = row[2], row[3]
            key = row[4] if breakdown else ALL
            if event_type == "ird":
                last_ird = day
            elif event_type == "cppm_initial":
                if last_ird is not None:
                    month = (day.year, day.month)
                    den[("cppm_initial_within_28d_pct", key, month)] += 1
                    if (day - last_ird).days <= 28:
                        num[("cppm_initial_within_28d_pct", key, month)] += 1
            elif event_type == "registration":
                if last_dereg is not None and add_months(last_dereg, 18) >= day:
                    month = (day.year, day.month)
                    num[("reregistrations_18m", key, month)] += 1
                    num[("reregistration_18m_pct", key, month)] += 1
                if on_since is None:
                    on_since = day
                    on_key = key
                last_reg = day
            elif event_type == "deregistration":
                if last_reg is not None and last_reg < day:
                    values[("registration_length_median_days", key, (day.year, day.month))].append(
                        (day - last_reg).days
                    )
                if on_since is not None and on_since < day:
                    self.close(on_since, day, on_key)
                    on_since = None
                last_dereg = day
        if on_since is not None:
            self.close(on_since, None, on_key)

    def finish(self) -> None:
        diffs = self.diffs.items() if self.breakdown else [(ALL, self.diffs[ALL])]
        for key, diff in diffs:
            running = 0
            for i, end in enumerate(self.month_ends):
                running += diff[i]
                self.facts.register[(key, (end.year, end.month))] = running


def _child_sequences(
    ids: list[int], breakdown: str | None, facts_of: dict[int, Facts], month_ends: dict[int, list[dt.date]]
) -> None:
    fields = ["partnership_id", "child_key", "event_type", "event_date"] + ([breakdown] if breakdown else [])
    rows = (
        JourneyEvent.objects.filter(
            partnership_id__in=ids, event_type__in=["ird", "cppm_initial", "registration", "deregistration"]
        )
        .order_by("partnership_id", "child_key", "event_date", "record_id")
        .values_list(*fields)
    )
    passes = {pid: _Sequences(facts_of[pid], breakdown, month_ends[pid]) for pid in month_ends}
    current: tuple[Any, Any] | None = None
    buffered: list[tuple[Any, ...]] = []
    for row in rows.iterator(chunk_size=50_000):
        if (row[0], row[1]) != current:
            if buffered:
                passes[current[0]].child(buffered)  # type: ignore[index]
            buffered = []
            current = (row[0], row[1])
        buffered.append(row)
    if buffered:
        passes[current[0]].child(buffered)  # type: ignore[index]
    for one in passes.values():
        one.finish()


def _month_ends(first: dt.date, last: dt.date) -> list[dt.date]:
    # Month ends to the end of the last event's statistics year, so any period kind has them.
    horizon = period_of("statistics_year", last).end
    horizon = max(horizon, period_of("financial_year", last).end, dt.date(last.year, 12, 31))
    month_ends = []
    day = dt.date(first.year, first.month, 1)
    while day <= horizon:
        month_ends.append(_month_end(day.year, day.month))
        day = _month_end(day.year, day.month) + dt.timedelta(days=1)
    return month_ends


def monthly_facts_many(ids: Iterable[int], breakdown: str | None = None) -> dict[int, Facts]:
    """Each partnership's monthly facts, read for all of them together: one query for the
    bounds, one GROUP BY, one ordered pass and one for the imports' spans, however many."""
    ids = list(ids)
    facts_of = {pid: Facts() for pid in ids}
    bounds = (
        JourneyEvent.objects.filter(partnership_id__in=ids)
        .values("partnership_id")
        .annotate(first=Min("event_date"), last=Max("event_date"))
        .order_by()
    )
    month_ends = {}
    for row in bounds:
        facts = facts_of[row["partnership_id"]]
        facts.first, facts.last = row["first"], row["last"]
        month_ends[row["partnership_id"]] = _month_ends(row["first"], row["last"])
    with_events = sorted(month_ends)
    if not with_events:
        return facts_of
    _event_counts(with_events, breakdown, facts_of)
    _child_sequences(with_events, breakdown, facts_of, month_ends)
    _import_coverage(with_events, facts_of)
    return facts_of


def cached_facts(ids: Iterable[int], breakdown: str | None = None) -> dict[int, Facts]:
    """`monthly_facts_many` kept in the shared cache under each partnership's data version, so a
    national view reads what the background warming after an import already counted."""
    from django.core.cache import cache

    from learnloop.dataset.versions import data_versions

    ids = list(ids)
    versions = data_versions(ids)
    keys = {pid: f"dataset:facts:{pid}:{versions[pid]}:{breakdown or '-'}" for pid in ids}
    found = cache.get_many(list(keys.values()))
    facts_of = {pid: found[key] for pid, key in keys.items() if key in found}
    missing = [pid for pid in ids if pid not in facts_of]
    if missing:
        built = monthly_facts_many(missing, breakdown)
        for facts in built.values():
            facts.freeze()
        cache.set_many({keys[pid]: built[pid] for pid in missing})
        facts_of.update(built)
    return facts_of


def monthly_facts(partnership_id: int, breakdown: str | None = None) -> Facts:
    return monthly_facts_many([partnership_id], breakdown)[partnership_id]


def _import_coverage(ids: list[int], facts_of: dict[int, Facts]) -> None:
    """Every month from a loaded import's first event to its last is covered, with or without
    events in it: a quarter with no events inside an extract's span is a true zero."""
    spans = JourneyImport.objects.filter(
        partnership_id__in=ids, status=JourneyImport.Status.LOADED, first_event__isnull=False
    ).values_list("partnership_id", "first_event", "last_event")
    for pid, first, last in spans:
        covered = facts_of[pid].covered
        y, m = first.year, first.month
        while (y, m) <= (last.year, last.month):
            covered.add((y, m))
            y, m = (y + 1, 1) if m == 12 else (y, m + 1)


# Figures for periods -------------------------------------------------------------------------------


def _round(value: float) -> float:
    return round(value + 0.0, 1)


def _months(period: Period) -> list[Month]:
    out = []
    y, m = period.start.year, period.start.month
    while (y, m) <= (period.end.year, period.end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def _figure(
    indicator: Indicator, key: str, period: Period, months: list[Month], facts: Facts, population: dict[int, int]
) -> Figure:
    code = indicator.code
    if code == "on_register_at_end":
        end = months[-1]
        count = facts.register.get((key, end), 0)
        return Figure(period, float(count), numerator=count)
    if code == "registration_length_median_days":
        values = [v for month in months for v in facts.values.get((code, key, month), [])]
        if not values:
            return Figure(period, None, denominator=0)
        return Figure(period, _round(statistics.median(values)), denominator=len(values))
    num = sum(facts.num.get((code, key, month), 0) for month in months)
    if code == "registrations_per_1000":
        children = population.get(period.start.year)
        if not children:
            return Figure(period, None, numerator=num)
        return Figure(period, _round(num * 1000 / children), numerator=num, denominator=children)
    if indicator.unit == Indicator.Unit.PERCENT:
        den = sum(facts.den.get((code, key, month), 0) for month in months)
        if not den:
            return Figure(period, None, numerator=num, denominator=0)
        return Figure(period, _round(100 * num / den), numerator=num, denominator=den)
    return Figure(period, float(num), numerator=num)


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


def _series_from_facts(
    indicators: list[Indicator],
    facts: Facts,
    population: dict[int, int],
    kind: str,
    breakdown: str | None,
    with_spc: bool,
) -> list[Series]:
    periods = periods_between(kind, facts.first, facts.last)  # type: ignore[arg-type]
    months = [_months(p) for p in periods]
    keys = sorted(facts.breakdown_values) if breakdown else [ALL]
    covered = [any(month in facts.covered for month in inside) for inside in months]
    out = []
    for indicator in indicators:
        missing = [t for t in needs(indicator.code) if t not in facts.event_types]
        for key in keys:
            if missing:
                figures = [no_data(p) for p in periods]
            else:
                figures = [
                    _figure(indicator, key, p, inside, facts, population) if cover else no_data(p)
                    for p, inside, cover in zip(periods, months, covered, strict=True)
                ]
            series = Series(indicator, key, figures, missing_event_types=missing)
            if with_spc:
                apply_spc(series)
            out.append(series)
    return out


def apply_spc(series: Series) -> None:
    present = [f for f in series.figures if f.value is not None]
    if not present:
        return
    bounds = (0.0, 100.0) if series.indicator.unit == Indicator.Unit.PERCENT else (None, None)
    points = spc.evaluate([f.value for f in present], improvement=series.indicator.improvement, bounds=bounds)
    for figure, point in zip(present, points, strict=True):
        figure.point = point
