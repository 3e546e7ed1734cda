"""Reporting periods of the minimum dataset: quarters, calendar, financial (April to March) and
statistics (August to July) years. Every period is a run of whole months."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

PERIOD_KINDS = {
    "quarter": "Quarter",
    "year": "Calendar year",
    "financial_year": "Financial year (April to March)",
    "statistics_year": "Statistics year (August to July)",
}

Month = tuple[int, int]


@dataclass(frozen=True)
class Period:
    kind: str
    label: str
    start: dt.date
    end: dt.date


def month_end(year: int, month: int) -> dt.date:
    if month == 12:
        return dt.date(year, 12, 31)
    return dt.date(year, month + 1, 1) - dt.timedelta(days=1)


def month_number(day: dt.date) -> int:
    """The month holding `day`, counted from year 0: consecutive months have consecutive numbers."""
    return day.year * 12 + day.month - 1


def period_of(kind: str, day: dt.date) -> Period:
    y, m = day.year, day.month
    if kind == "quarter":
        q = (m - 1) // 3 + 1
        return Period(kind, f"{y}-Q{q}", dt.date(y, 3 * q - 2, 1), month_end(y, 3 * q))
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
    return dt.date(year, month + 1, min(day.day, month_end(year, month + 1).day))


def months_of(period: Period) -> list[Month]:
    """The (year, month) pairs of the period, in order."""
    out = []
    y, m = period.start.year, period.start.month
    while (y, m) <= (period.end.year, period.end.month):
        out.append((y, m))
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out
