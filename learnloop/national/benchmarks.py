"""Benchmarks: each sharing partnership's yearly figure against the national value, with exact
funnel plot limits (learnloop/national/limits.py) and the small-numbers rule applied.

The national value is worked out from every sharing partnership's true counts (all numerators
over all denominators, or all registrations per 1,000 of all children); only the national value
is shown, never the national counts. A partnership's figure whose numerator or denominator is
small (core.disclosure) is shown as [c], with no limits and no position, as on the dataset pages.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from learnloop.core.disclosure import MARK, is_small, percent_disclosive
from learnloop.national import limits as funnel
from learnloop.national.selectors import sharing_partnerships

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


def yearly_counts(indicator: Any) -> dict[Any, dict[int, tuple[int | None, int | None]]]:
    """Each sharing partnership's true (numerator, denominator) by calendar year, worked out once."""
    from learnloop.dataset.selectors import figures_for

    out: dict[Any, dict[int, tuple[int | None, int | None]]] = {}
    for p in sharing_partnerships(indicator):
        out[p] = {}
        for series in figures_for(p.pk, kind="year", indicators=[indicator], suppressed=False):
            for figure in series.figures:
                if figure.value is not None:
                    out[p][int(figure.period.label)] = (figure.numerator, figure.denominator)
    return out


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
