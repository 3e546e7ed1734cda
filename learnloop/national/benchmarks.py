"""Benchmarks: each sharing partnership's yearly figure against the national value, with exact
funnel plot limits (learnloop/national/limits.py) and the small-numbers rule applied.

The national value is worked out from every sharing partnership's true counts (all numerators
over all denominators, or all registrations per 1,000 of all children); only the national value
is shown, never the national counts. A partnership's figure whose numerator or denominator is
small (core.disclosure) is shown as [c], with no limits and no position, as on the dataset pages.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache

from learnloop.core.disclosure import MARK, is_small, percent_disclosive
from learnloop.national import limits as funnel
from learnloop.national.models import ALL, NationalShare, ShareKind

PER = 1000


@dataclass
class Row:
    partnership: Any
    value: float | None
    numerator: int | None
    denominator: int | None
    limits: funnel.Limits | None = None
    position: str = ""
    suppressed: bool = False

    @property
    def position_text(self) -> str:
        return MARK if self.suppressed else funnel.POSITION_TEXT.get(self.position, "No data")


@dataclass
class Benchmark:
    indicator: Any
    year: int
    national_value: float | None
    rows: list[Row]

    @property
    def is_rate(self) -> bool:
        return self.indicator.unit == "rate"

    @property
    def placed(self) -> list[Row]:
        return [r for r in self.rows if r.limits is not None and r.value is not None]

    @property
    def outside(self) -> list[Row]:
        return [r for r in self.placed if r.position != funnel.WITHIN]

    def summary(self) -> str:
        """The points outside the limits, named in words."""
        if self.national_value is None:
            return "No sharing partnership has figures for this year."
        if not self.outside:
            return "Every partnership shown is within the 95% limits."
        return " ".join(
            f"{r.partnership.name} ({_fmt(r.value)}{'' if self.is_rate else '%'}) is {funnel.POSITION_TEXT[r.position]}."
            for r in self.outside
        )


def _fmt(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


# The figures of every sharing partnership, worked out together and kept per data version ----------

# How long kept figures stay: they are keyed by every version they rest on, so they never go stale;
# a day only keeps the cache from filling with the figures of versions no longer current.
TIMEOUT = 24 * 60 * 60

Counts = dict[int, dict[int, tuple[int | None, int | None]]]  # partnership id -> year -> (num, den)


@dataclass
class Store:
    """Each shared indicator's yearly counts for the partnerships that share it, with a key of
    everything they rest on (who shares which indicator now, and each one's data version) under
    which what is worked out from them (the limits) is kept. A share, a withdrawal or any change
    to a sharing partnership's data gives a new key at once."""

    key: str
    counts: dict[str, Counts]  # indicator code -> its sharing partnerships' counts
    partnerships: dict[int, Any]  # id -> Partnership, read afresh on every request (names can change)

    def counts_by_year(self, indicator: Any) -> dict[Any, dict[int, tuple[int | None, int | None]]]:
        """`yearly_counts` for the indicator, from the kept figures: by partnership, by name."""
        counts = self.counts.get(indicator.code, {})
        return {p: counts[pid] for pid, p in self.partnerships.items() if pid in counts}


def _sharing() -> dict[int, set[int]]:
    """Every partnership sharing figures: the ids of the indicators it shares (ALL for all). One query."""
    out: dict[int, set[int]] = {}
    for pid, object_id in NationalShare.objects.filter(withdrawn_at__isnull=True, kind=ShareKind.INDICATOR).values_list(
        "partnership_id", "object_id"
    ):
        out.setdefault(pid, set()).add(object_id)
    return out


def _digest(value: Any) -> str:
    return hashlib.sha256(json.dumps(value, separators=(",", ":")).encode("utf-8")).hexdigest()


def store(indicators: list[Any]) -> Store:
    """The yearly counts of every indicator given, for the partnerships sharing each.

    Each partnership's counts are kept in the shared cache under its data version; those
    missing (after a change of its data, or a new indicator shared) are computed with
    `compute_many` together, from their kept monthly facts, so a change to one partnership's
    data counts only that one again. Reading them all costs three queries and two cache reads:
    the shares, the partnerships, the data versions and the counts."""
    from learnloop.dataset.computation import compute_many
    from learnloop.dataset.versions import data_versions
    from learnloop.partnership.models import Partnership

    sharing = _sharing()
    sharers = {i.code: sorted(pid for pid, ids in sharing.items() if ALL in ids or i.pk in ids) for i in indicators}
    wanted = [i for i in indicators if sharers[i.code]]
    ids = sorted({pid for pids in sharers.values() for pid in pids})
    versions = data_versions(ids) if ids else {}
    codes = _digest(sorted(i.code for i in wanted))
    keys = {pid: f"national:counts:{pid}:{versions[pid]}:{codes}" for pid in ids}
    found = cache.get_many(list(keys.values()))
    missing = [pid for pid in ids if keys[pid] not in found]
    if missing:
        computed = compute_many(missing, kinds=["year"], indicators=wanted, with_spc=False, cached=True)
        fresh: dict[str, dict[str, dict[int, tuple[int | None, int | None]]]] = {}
        for pid in missing:
            by_code: dict[str, dict[int, tuple[int | None, int | None]]] = {}
            for series in computed[pid]["year"]:
                years = by_code.setdefault(series.indicator.code, {})
                for figure in series.figures:
                    if figure.value is not None:
                        years[int(figure.period.label)] = (figure.numerator, figure.denominator)
            fresh[keys[pid]] = by_code
        cache.set_many(fresh, timeout=TIMEOUT)
        found.update(fresh)
    counts = {i.code: {pid: found[keys[pid]].get(i.code, {}) for pid in sharers[i.code]} for i in wanted}
    key = "national:benchmarks:" + _digest([sorted(sharers.items()), sorted(versions.items())])
    partnerships = {p.pk: p for p in Partnership.objects.filter(pk__in=ids).order_by("name")}
    return Store(key, counts, partnerships)


def yearly_counts(indicator: Any) -> dict[Any, dict[int, tuple[int | None, int | None]]]:
    """Each sharing partnership's true (numerator, denominator) by calendar year, by name."""
    return store([indicator]).counts_by_year(indicator)


def benchmark(indicator: Any, year: int, counts_by_year: dict[Any, Any] | None = None) -> Benchmark:
    if counts_by_year is None:
        counts_by_year = yearly_counts(indicator)
    counts = [(p, *by_year.get(year, (None, None))) for p, by_year in counts_by_year.items()]
    usable = [(p, n, d) for p, n, d in counts if n is not None and d]
    total_n = sum(n for _, n, _ in usable)
    total_d = sum(d for _, _, d in usable)
    rate = indicator.unit == "rate"
    scale = PER if rate else 100
    national = scale * total_n / total_d if total_d else None
    rows = []
    for p, n, d in counts:
        if n is None or not d:
            rows.append(Row(p, None, None, None))
            continue
        hidden = is_small(n) if rate else percent_disclosive(n, d)
        if hidden:
            rows.append(Row(p, None, None, None, suppressed=True))
            continue
        value = scale * n / d
        bands = funnel.rate_limits(d, national, PER) if rate else funnel.percent_limits(d, national or 0.0)
        rows.append(Row(p, value, n, d, bands, bands.position(value)))
    return Benchmark(indicator, year, national, rows)


def kept_benchmark(kept: Store, indicator: Any, year: int) -> Benchmark:
    """`benchmark` from the kept figures, its limits worked out once per version of them."""
    key = f"{kept.key}:{indicator.code}:{year}"
    found = cache.get(key)
    if found is None:
        result = benchmark(indicator, year, kept.counts_by_year(indicator))
        found = (
            result.national_value,
            [
                (r.partnership.pk, r.value, r.numerator, r.denominator, r.limits, r.position, r.suppressed)
                for r in result.rows
            ],
        )
        cache.set(key, found, timeout=TIMEOUT)
    national, rows = found
    return Benchmark(indicator, year, national, [Row(kept.partnerships[pid], *rest) for pid, *rest in rows])


def years_for(counts_by_year: dict[Any, Any]) -> list[int]:
    """The calendar years any sharing partnership has a figure for, newest first."""
    return sorted({year for by_year in counts_by_year.values() for year in by_year}, reverse=True)


CSV_COLUMNS = [
    "partnership",
    "value",
    "numerator",
    "denominator",
    "national_value",
    "lower_95",
    "upper_95",
    "lower_998",
    "upper_998",
    "position",
]


def csv_rows(result: Benchmark) -> list[list[str]]:
    def num(x: float | None) -> str:
        return "" if x is None else f"{x:.2f}"

    national = num(result.national_value)
    out = []
    for r in result.rows:
        if r.suppressed:
            out.append([r.partnership.name, MARK, MARK, MARK, national, MARK, MARK, MARK, MARK, MARK])
        elif r.limits is None:
            out.append([r.partnership.name, "", "", "", national, "", "", "", "", ""])
        else:
            b = r.limits
            out.append(
                [
                    r.partnership.name,
                    num(r.value),
                    str(r.numerator),
                    str(r.denominator),
                    national,
                    num(b.lower_95),
                    num(b.upper_95),
                    num(b.lower_998),
                    num(b.upper_998),
                    r.position,
                ]
            )
    return out
