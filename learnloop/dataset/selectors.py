"""Every read of the minimum dataset a member can trigger, scoped to their partnership."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Prefetch, QuerySet
from django.shortcuts import get_object_or_404

from learnloop.accounts.models import Membership
from learnloop.dataset import charts, spc
from learnloop.dataset.computation import Series, compute, period_of
from learnloop.dataset.disclosure import suppress_series
from learnloop.dataset.models import (
    AggregateValue,
    Indicator,
    JourneyEvent,
    JourneyImport,
    NationalBenchmark,
    PeriodLock,
    PeriodLockException,
    Population,
    TrendSignal,
)
from learnloop.dataset.permissions import can_see_small_numbers
from learnloop.dataset.versions import data_version


def indicator_list(*, section: str | None = None) -> QuerySet[Indicator]:
    items = Indicator.objects.filter(in_dataset=True)
    if section:
        items = items.filter(section=section)
    return items


def indicator_get(code: str) -> Indicator:
    return get_object_or_404(Indicator, code=code, in_dataset=True)


def national_figures() -> dict[str, NationalBenchmark]:
    """The latest national figure for each indicator that has one."""
    latest: dict[str, NationalBenchmark] = {}
    for benchmark in NationalBenchmark.objects.filter(indicator__isnull=False).select_related("indicator"):
        current = latest.get(benchmark.indicator.code)
        if current is None or benchmark.reference_date > current.reference_date:
            latest[benchmark.indicator.code] = benchmark
    return latest


def comparable_national(indicator: Indicator, benchmark: NationalBenchmark | None) -> float | None:
    """A national figure is drawn on the chart only where it compares like with like (a share)."""
    if benchmark is None or indicator.unit != Indicator.Unit.PERCENT:
        return None
    return float(benchmark.value)


@dataclass
class Panel:
    series: Series
    national: NationalBenchmark | None
    svg: str
    rows: list[dict[str, Any]]


def series_for(
    m: Membership,
    *,
    kind: str = "quarter",
    indicators: Iterable[Indicator] | None = None,
    breakdown: str | None = None,
    suppressed: bool | None = None,
) -> list[Series]:
    """The figures as the member may see them: with small numbers suppressed unless they may see
    them (`suppressed=True` asks for the suppressed figures anyway, as for sharing)."""
    if suppressed is None:
        suppressed = not can_see_small_numbers(m)
    return figures_for(m.partnership_id, kind=kind, indicators=indicators, breakdown=breakdown, suppressed=suppressed)


def figures_for(
    partnership_id: int,
    *,
    kind: str = "quarter",
    indicators: Iterable[Indicator] | None = None,
    breakdown: str | None = None,
    suppressed: bool,
) -> list[Series]:
    """Every indicator's series, with statistical disclosure control applied when `suppressed`:
    a breakdown is suppressed together with the whole-partnership totals it adds up to.

    Kept in the shared cache by indicator, keyed by everything the figures depend on: the
    partnership, its data version, the period kind, the breakdown and whether small numbers
    are suppressed (so a reader who may not see them never gets figures that show them)."""
    indicators = list(indicators) if indicators is not None else list(indicator_list())
    key = _key("series", partnership_id, kind, breakdown or "-", suppressed)
    return [
        series
        for found in _per_indicator(
            key, indicators, lambda missing: _by_code(_figures(partnership_id, kind, missing, breakdown, suppressed))
        )
        for series in found
    ]


def _figures(
    partnership_id: int, kind: str, indicators: list[Indicator], breakdown: str | None, suppressed: bool
) -> list[Series]:
    series_list = compute(partnership_id, kind=kind, indicators=indicators, breakdown=breakdown)
    if not suppressed:
        return series_list
    totals = compute(partnership_id, kind=kind, indicators=indicators, with_spc=False) if breakdown else []
    return suppress_series(series_list, totals=totals)


def _key(what: str, partnership_id: int, *parts: object) -> str:
    version = data_version(partnership_id)
    return ":".join(["dataset", what, str(partnership_id), version, *map(str, parts)])


def _by_code(series_list: list[Series]) -> dict[str, list[Series]]:
    out: dict[str, list[Series]] = {}
    for series in series_list:
        out.setdefault(series.indicator.code, []).append(series)
    return out


def _per_indicator(
    key: str, indicators: list[Indicator], build: Callable[[list[Indicator]], dict[str, Any]]
) -> list[Any]:
    """Each indicator's entry from the cache, building those missing together in one pass."""
    keys = {indicator.code: f"{key}:{indicator.code}" for indicator in indicators}
    found = cache.get_many(list(keys.values()))
    missing = [indicator for indicator in indicators if keys[indicator.code] not in found]
    if missing:
        built = build(missing)
        new = {keys[indicator.code]: built.get(indicator.code, []) for indicator in missing}
        cache.set_many(new)
        found.update(new)
    return [found[keys[indicator.code]] for indicator in indicators]


def panels(m: Membership, *, kind: str, indicators: Iterable[Indicator]) -> list[Panel]:
    return panels_for(m.partnership_id, kind=kind, indicators=indicators, suppressed=not can_see_small_numbers(m))


def panels_for(partnership_id: int, *, kind: str, indicators: Iterable[Indicator], suppressed: bool) -> list[Panel]:
    """Each indicator's chart (drawn SVG and its text alternative) with its table, drawn once per
    version of the data and kept in the shared cache by the same key as its figures."""
    indicators = list(indicators)
    key = _key("panel", partnership_id, kind, suppressed)

    def build(missing: list[Indicator]) -> dict[str, Any]:
        nationals = national_figures()
        out: dict[str, Any] = {}
        for series in figures_for(partnership_id, kind=kind, indicators=missing, suppressed=suppressed):
            national = nationals.get(series.indicator.code)
            spec = charts.spec(series, national=comparable_national(series.indicator, national))
            label = charts.text_alternative(
                series, f"Chart of {series.indicator.name}; the data is in the table below."
            )
            out.setdefault(series.indicator.code, []).append(
                Panel(
                    series=series,
                    national=national,
                    svg=charts.render_svg(spec, label=label),
                    rows=charts.rows_for(series),
                )
            )
        return out

    return [panel for found in _per_indicator(key, indicators, build) for panel in found]


@dataclass
class Trend:
    indicator: Indicator
    period: str
    value: float | None
    point: spc.Point
    decision: TrendSignal | None

    @property
    def label_text(self) -> str:
        return spc.LABEL_TEXT[self.point.label]

    @property
    def rules_text(self) -> str:
        return "; ".join(spc.RULE_TEXT[r] for r in self.point.rules)

    @property
    def direction(self) -> str:
        if self.point.label == spc.IMPROVEMENT:
            return "Improvement"
        if self.point.label == spc.CONCERN:
            return "Concern"
        return "Higher than usual" if self.point.label == spc.NEUTRAL_HIGH else "Lower than usual"


def emerging_trends(m: Membership, *, include_decided: bool = True) -> list[Trend]:
    """Every special-cause signal in the latest quarter, with what MISE decided about it."""
    series_list = series_for(m, kind="quarter")
    if not series_list:
        return []
    latest_period = series_list[0].figures[-1].period.label if series_list[0].figures else None
    decisions = {
        (s.indicator_id, s.period): s
        for s in TrendSignal.objects.filter(partnership_id=m.partnership_id, period=latest_period).select_related(
            "decided_by"
        )
    }
    trends = []
    for series in series_list:
        latest = series.latest
        if latest is None or latest.point is None or not latest.point.is_special:
            continue
        decision = decisions.get((series.indicator.pk, latest.period.label))
        if decision is not None and not include_decided:
            continue
        trends.append(Trend(series.indicator, latest.period.label, latest.value, latest.point, decision))
    with_learning_points(m, [t.decision for t in trends if t.decision is not None])
    return trends


def with_learning_points(m: Membership, signals: Iterable[TrendSignal]) -> list[TrendSignal]:
    """Give each signal turned into learning its `learning_point` (None if the member may not see it)."""
    from django.contrib.contenttypes.models import ContentType

    from learnloop.loop.selectors import learning_points_visible

    signals = list(signals)
    ids = [s.pk for s in signals if s.status == TrendSignal.Status.LEARNING]
    found = {}
    if ids:
        found = {
            lp.source_record_id: lp
            for lp in learning_points_visible(m).filter(
                source_record_type=ContentType.objects.get_for_model(TrendSignal), source_record_id__in=ids
            )
        }
    for signal in signals:
        signal.learning_point = found.get(signal.pk)  # type: ignore[attr-defined]
    return signals


def trend_get(m: Membership, code: str, period: str) -> tuple[Trend, Series]:
    """One signal of the latest quarter, or a 404 if the figures no longer show it."""
    from django.http import Http404

    indicator = indicator_get(code)
    series = series_for(m, kind="quarter", indicators=[indicator])
    latest = series[0].latest if series else None
    if latest is None or latest.period.label != period or latest.point is None or not latest.point.is_special:
        raise Http404("No such signal.")
    decision = TrendSignal.objects.filter(partnership_id=m.partnership_id, indicator=indicator, period=period).first()
    return Trend(indicator, period, latest.value, latest.point, decision), series[0]


def signal_decisions(m: Membership) -> QuerySet[TrendSignal]:
    return TrendSignal.objects.filter(partnership_id=m.partnership_id).select_related("indicator", "decided_by")


def import_list(m: Membership) -> QuerySet[JourneyImport]:
    return JourneyImport.objects.filter(partnership_id=m.partnership_id).select_related("created_by", "partnership")


def import_get(m: Membership, pk: int) -> JourneyImport:
    return get_object_or_404(import_list(m), pk=pk)


def population_list(m: Membership) -> QuerySet[Population]:
    return Population.objects.filter(partnership_id=m.partnership_id)


def event_summary(m: Membership) -> dict[str, Any]:
    events = JourneyEvent.objects.filter(partnership_id=m.partnership_id).order_by()
    first = events.order_by("event_date").values_list("event_date", flat=True).first()
    last = events.order_by("-event_date").values_list("event_date", flat=True).first()
    return {"first": first, "last": last, "count": events.count()}


@dataclass
class LateMeeting:
    record_id: str
    period: str
    ird_date: dt.date
    cppm_date: dt.date
    child_key: str = ""
    age_band: str = ""

    @property
    def days(self) -> int:
        return (self.cppm_date - self.ird_date).days


def timeliness(m: Membership, *, period: str | None = None) -> list[LateMeeting]:
    """Initial CPPMs held more than 28 days after the child's latest IRD, newest first."""
    rows = (
        JourneyEvent.objects.filter(partnership_id=m.partnership_id, event_type__in=["ird", "cppm_initial"])
        .order_by("child_key", "event_date", "-event_type", "record_id")  # an IRD before a same-day CPPM
        .values_list("child_key", "event_type", "event_date", "record_id", "age_band")
    )
    late = []
    child = None
    last_ird: dt.date | None = None
    for child_key, event_type, day, record_id, age_band in rows:
        if child_key != child:
            child, last_ird = child_key, None
        if event_type == "ird":
            last_ird = day
        elif last_ird is not None and (day - last_ird).days > 28:
            label = period_of("quarter", day).label
            if period is None or period == label:
                late.append(LateMeeting(record_id, label, last_ird, day, child_key, age_band))
    late.sort(key=lambda x: (x.cppm_date, x.record_id), reverse=True)
    return late


# Aggregate returns ---------------------------------------------------------------------------


def aggregate_list(m: Membership) -> QuerySet[AggregateValue]:
    """The partnership's aggregate values, newest quarter first."""
    return (
        AggregateValue.objects.filter(partnership_id=m.partnership_id)
        .select_related("indicator", "created_by")
        .order_by("-period", "indicator__position", "indicator__code", "breakdown")
    )


def aggregate_get(m: Membership, pk: int) -> AggregateValue:
    return get_object_or_404(aggregate_list(m), pk=pk)


@dataclass
class AggregatePeriod:
    period: str
    values: int
    lock: PeriodLock | None


def aggregate_periods(m: Membership, *, with_exceptions: bool = True) -> list[AggregatePeriod]:
    """Every quarter with aggregate values or a lock, newest first, with its lock (and exceptions)."""
    counts = dict(
        AggregateValue.objects.filter(partnership_id=m.partnership_id)
        .values("period")
        .annotate(n=Count("id"))
        .order_by()
        .values_list("period", "n")
    )
    exceptions = PeriodLockException.objects.select_related("indicator", "created_by").order_by("-created_at", "-id")
    locks_query = PeriodLock.objects.filter(partnership_id=m.partnership_id).select_related("locked_by")
    if with_exceptions:
        locks_query = locks_query.prefetch_related(Prefetch("exceptions", queryset=exceptions))
    locks = {lock.period: lock for lock in locks_query}
    periods = sorted(set(counts) | set(locks), reverse=True)
    return [AggregatePeriod(p, counts.get(p, 0), locks.get(p)) for p in periods]


def locked_periods(m: Membership) -> set[str]:
    return set(PeriodLock.objects.filter(partnership_id=m.partnership_id).values_list("period", flat=True))
