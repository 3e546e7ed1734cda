"""Monthly facts: what the indicators are summed from (docs/guide-dataset.md).

Event counts and percentages' numerators and denominators come from two GROUP BYs in the
database. The rules that follow a child through time (IRD before CPPM, re-registration, length
of registration, on the register) come from one ordered pass over the registration,
deregistration, IRD and initial CPPM events only. Once counted, each indicator's monthly
numerators and denominators are turned into running totals (`Facts.finish`), so the figure of
any run of months is one subtraction.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import accumulate
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.db.models.functions import ExtractMonth, ExtractYear

from learnloop.dataset import extract
from learnloop.dataset.models import JourneyEvent, JourneyImport
from learnloop.dataset.periods import Month, Period, add_months, month_end, month_number, period_of

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

# Bump when Facts changes shape: facts kept in the cache under an older shape are then not read.
FACTS_FORMAT = 2

Cells = dict[tuple[str, str, Month], int]
Sums = dict[tuple[str, str], list[int]]


@dataclass
class Facts:
    """Numerators and denominators per (indicator, breakdown value, month)."""

    num: Cells = field(default_factory=lambda: defaultdict(int))
    den: Cells = field(default_factory=lambda: defaultdict(int))
    values: dict[tuple[str, str, Month], list[int]] = field(default_factory=lambda: defaultdict(list))
    # Children on the register, by the month whose last day it was counted on.
    register: dict[tuple[str, Month], int] = field(default_factory=lambda: defaultdict(int))
    breakdown_values: set[str] = field(default_factory=set)
    # What was loaded: the event types seen, and the months with any event or inside an import.
    event_types: set[str] = field(default_factory=set)
    covered: set[Month] = field(default_factory=set)
    first: dt.date | None = None
    last: dt.date | None = None
    # Once finished: running totals of `num` and `den` per (indicator, breakdown value), from
    # the month of `first` (index 1) to the month of `last`; index 0 is the zero before them.
    num_sums: Sums = field(default_factory=dict)
    den_sums: Sums = field(default_factory=dict)
    base: int = 0
    size: int = 0
    finished: bool = False

    def finish(self) -> None:
        """Turn the monthly cells into running totals, and leave plain dictionaries (so the
        facts can be pickled into the cache)."""
        if self.finished:
            return
        if self.first is not None and self.last is not None:
            self.base = month_number(self.first)
            self.size = month_number(self.last) - self.base + 1
            self.num_sums = _running_totals(self.num, self.base, self.size)
            self.den_sums = _running_totals(self.den, self.base, self.size)
        # The cells are all in the running totals now.
        self.num, self.den = {}, {}
        self.values, self.register = dict(self.values), dict(self.register)
        self.finished = True

    def span(self, period: Period) -> tuple[int, int]:
        """The indexes into the running totals whose difference is the period's sum."""
        low = min(max(month_number(period.start) - self.base, 0), self.size)
        high = min(max(month_number(period.end) - self.base + 1, 0), self.size)
        return low, high


def _running_totals(cells: Cells, base: int, size: int) -> Sums:
    rows: dict[tuple[str, str], list[int]] = {}
    for (code, key, (year, month)), n in cells.items():
        row = rows.get((code, key))
        if row is None:
            row = rows[(code, key)] = [0] * size
        row[year * 12 + month - 1 - base] += n
    return {which: list(accumulate(row, initial=0)) for which, row in rows.items()}


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
        month_ends.append(month_end(day.year, day.month))
        day = month_end(day.year, day.month) + dt.timedelta(days=1)
    return month_ends


def monthly_facts_many(ids: Iterable[int], breakdown: str | None = None) -> dict[int, Facts]:
    """Each partnership's monthly facts, read for all of them together: one query for the
    bounds, two GROUP BYs, one ordered pass and one for the imports' spans, however many;
    finished (`Facts.finish`)."""
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
    if with_events:
        _event_counts(with_events, breakdown, facts_of)
        _child_sequences(with_events, breakdown, facts_of, month_ends)
        _import_coverage(with_events, facts_of)
    for facts in facts_of.values():
        facts.finish()
    return facts_of


def cached_facts(ids: Iterable[int], breakdown: str | None = None) -> dict[int, Facts]:
    """`monthly_facts_many` kept in the shared cache under each partnership's data version, so a
    national view reads what the background warming after an import already counted."""
    from django.core.cache import cache

    from learnloop.dataset.versions import data_versions

    ids = list(ids)
    versions = data_versions(ids)
    keys = {pid: f"dataset:facts:{FACTS_FORMAT}:{pid}:{versions[pid]}:{breakdown or '-'}" for pid in ids}
    found = cache.get_many(list(keys.values()))
    facts_of = {pid: found[key] for pid, key in keys.items() if key in found}
    missing = [pid for pid in ids if pid not in facts_of]
    if missing:
        built = monthly_facts_many(missing, breakdown)
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
