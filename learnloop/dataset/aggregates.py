"""Aggregate returns: values per indicator, quarter and breakdown, entered or uploaded by hand.

For partnerships without record-level data. A quarter can be locked once reviewed; after that a
value changes only with a recorded exception (who, when, why). Checking a value is pure
(`check_value`); the services below write, atomically, and every write is audited by the models.

A breakdown is blank (the whole partnership) or `dimension:value`, for example `sex:female`,
`age_band:0_4` or `ethnicity:White Scottish`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import IO, Any

from django.db import transaction
from django.utils import timezone

from learnloop.core import tables
from learnloop.dataset import extract
from learnloop.dataset.computation import BREAKDOWNS, period_of
from learnloop.dataset.models import AggregateValue, Indicator, PeriodLock, PeriodLockException
from learnloop.dataset.versions import data_changed
from learnloop.dataset.vocabulary import partnership_vocabulary
from learnloop.partnership.models import Partnership

COLUMNS = ["indicator", "period", "breakdown", "value", "numerator", "denominator"]
REQUIRED = ["indicator", "period", "value"]
MAX_VALUE = Decimal("9999999999.99")
BREAKDOWN_VALUES = {"age_band": extract.AGE_BANDS}
_QUARTER = re.compile(r"^(\d{4})-Q([1-4])$")


class AggregateError(Exception):
    """A value cannot be saved; `problems` maps each field to the reason, in the user's words."""

    def __init__(self, problems: dict[str, str]) -> None:
        super().__init__("; ".join(problems.values()))
        self.problems = problems


@dataclass(frozen=True)
class Cell:
    """One checked aggregate value, ready to store."""

    indicator: Indicator
    period: str
    breakdown: str
    value: Decimal
    numerator: int | None
    denominator: int | None


def _show(text: str) -> str:
    return text if len(text) <= 40 else text[:37] + "..."


def check_period(text: str, *, today: dt.date) -> tuple[str, str | None]:
    """The quarter as YYYY-Qn, or the reason it is not one."""
    period = text.strip().upper().replace(" ", "")
    match = _QUARTER.match(period)
    if not match:
        return "", f"'{_show(text)}' is not a quarter as YYYY-Qn, for example 2025-Q1."
    if int(match.group(1)) < 1990 or period > period_of("quarter", today).label:
        return "", f"{period} is not a quarter between 1990 and today."
    return period, None


def check_breakdown(text: str, vocabulary: extract.Vocabulary | None = None) -> tuple[str, str | None]:
    """The breakdown as stored, or the reason it is not one. A sex, disability, ethnicity or
    looked-after value must be one of the partnership's listed values (as an extract's must);
    one that is not is never repeated back (it could identify a child)."""
    text = text.strip()
    if not text:
        return "", None
    dimension, sep, value = text.partition(":")
    dimension, value = dimension.strip().lower(), value.strip()
    if not sep or dimension not in BREAKDOWNS or not value:
        names = ", ".join(BREAKDOWNS)
        return "", f"'{_show(text)}' is not blank or dimension:value, with a dimension of {names}."
    if dimension in extract.BREAKDOWN_DIMENSIONS:
        listed = (vocabulary or extract.Vocabulary.default()).match(dimension, value)
        if listed is None:
            return "", (
                f"The value is not in the partnership's list of {dimension.replace('_', ' ')} values "
                f"(see Breakdown values under Load data). {extract.NOT_SHOWN}"
            )
        value = listed
    elif dimension in BREAKDOWN_VALUES:
        value = value.lower()
        if value not in BREAKDOWN_VALUES[dimension]:
            return "", f"'{_show(value)}' is not one of: {', '.join(BREAKDOWN_VALUES[dimension])}."
    if len(text) > 120:
        return "", "A breakdown is at most 120 characters."
    return f"{dimension}:{value}", None


def _whole(text: str, name: str, problems: dict[str, str]) -> int | None:
    text = text.strip().replace(",", "")
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        problems[name] = f"'{_show(text)}' is not a whole number of 0 or more."
        return None
    return int(text)


def check_value(
    *,
    indicators: dict[str, Indicator],
    indicator: str,
    period: str,
    breakdown: str,
    value: str,
    numerator: str = "",
    denominator: str = "",
    today: dt.date,
    vocabulary: extract.Vocabulary | None = None,
) -> tuple[Cell | None, dict[str, str]]:
    """One value checked: the cell to store, or every problem by field."""
    problems: dict[str, str] = {}
    found = indicators.get(indicator.strip().lower())
    if not indicator.strip():
        problems["indicator"] = "This value is required."
    elif found is None:
        problems["indicator"] = f"'{_show(indicator.strip())}' is not an indicator code of the catalogue."
    if period.strip():
        period, reason = check_period(period, today=today)
        if reason:
            problems["period"] = reason
    else:
        problems["period"] = "This value is required."
    breakdown, reason = check_breakdown(breakdown, vocabulary)
    if reason:
        problems["breakdown"] = reason
    number = None
    text = value.strip().replace(",", "")
    if not text:
        problems["value"] = "This value is required."
    else:
        try:
            number = Decimal(text)
        except InvalidOperation:
            problems["value"] = f"'{_show(text)}' is not a number."
        else:
            if not number.is_finite() or number < 0 or number > MAX_VALUE:
                problems["value"] = f"{_show(text)} is not a number between 0 and {MAX_VALUE:,}."
            elif number != number.quantize(Decimal("0.01")):
                problems["value"] = "A value has at most 2 decimal places."
            elif found is not None and found.unit == Indicator.Unit.PERCENT and number > 100:
                problems["value"] = f"{found.name} is a percentage: {text} is more than 100."
    num = _whole(numerator, "numerator", problems)
    den = _whole(denominator, "denominator", problems)
    if num is not None and den is not None and num > den and "numerator" not in problems:
        problems["numerator"] = f"The numerator ({num}) is more than the denominator ({den})."
    if problems or found is None or number is None:
        return None, problems
    return Cell(found, period, breakdown, number.quantize(Decimal("0.01")), num, den), {}


def indicators_by_code() -> dict[str, Indicator]:
    return {i.code: i for i in Indicator.objects.all()}


def _differs(existing: AggregateValue | None, cell: Cell) -> bool:
    if existing is None:
        return True
    return (existing.value, existing.numerator, existing.denominator) != (cell.value, cell.numerator, cell.denominator)


def _shown(existing: AggregateValue | None) -> str:
    if existing is None or existing.value is None:
        return ""
    parts = [f"{existing.value}"]
    if existing.numerator is not None or existing.denominator is not None:
        parts.append(f"({existing.numerator if existing.numerator is not None else ''}/{existing.denominator or ''})")
    return " ".join(parts)[:60]


def locked_message(period: str) -> str:
    return f"{period} is locked: give the reason for the exception to change its values."


def _write(
    *,
    partnership: Partnership,
    cell: Cell,
    existing: AggregateValue | None,
    lock: PeriodLock | None,
    reason: str,
    by: Any,
) -> str:
    """Create, update or leave one value; record an exception for a locked quarter."""
    if not _differs(existing, cell):
        return "unchanged"
    data_changed(partnership.pk)
    if lock is not None:
        PeriodLockException.objects.create(
            partnership=partnership,
            lock=lock,
            indicator=cell.indicator,
            breakdown=cell.breakdown,
            before=_shown(existing),
            after=_shown(AggregateValue(value=cell.value, numerator=cell.numerator, denominator=cell.denominator)),
            reason=reason,
            created_by=by,
        )
    if existing is None:
        AggregateValue.objects.create(
            partnership=partnership,
            indicator=cell.indicator,
            period=cell.period,
            breakdown=cell.breakdown,
            value=cell.value,
            numerator=cell.numerator,
            denominator=cell.denominator,
            created_by=by,
        )
        return "created"
    existing.value, existing.numerator, existing.denominator = cell.value, cell.numerator, cell.denominator
    existing.save()
    return "updated"


@transaction.atomic
def aggregate_value_save(
    *,
    partnership: Partnership,
    indicator: str,
    period: str,
    breakdown: str = "",
    value: str,
    numerator: str = "",
    denominator: str = "",
    exception_reason: str = "",
    by: Any = None,
    today: dt.date | None = None,
) -> tuple[AggregateValue, str]:
    """Enter or correct one value; returns it and "created", "updated" or "unchanged"."""
    today = today or timezone.localdate()
    cell, problems = check_value(
        indicators=indicators_by_code(),
        indicator=indicator,
        period=period,
        breakdown=breakdown,
        value=value,
        numerator=numerator,
        denominator=denominator,
        today=today,
        vocabulary=partnership_vocabulary(partnership=partnership),
    )
    if cell is None:
        raise AggregateError(problems)
    existing = (
        AggregateValue.objects.select_for_update()
        .filter(partnership=partnership, indicator=cell.indicator, period=cell.period, breakdown=cell.breakdown)
        .first()
    )
    lock = PeriodLock.objects.filter(partnership=partnership, period=cell.period).first()
    reason = exception_reason.strip()
    if lock is not None and _differs(existing, cell) and not reason:
        raise AggregateError({"exception_reason": locked_message(cell.period)})
    outcome = _write(partnership=partnership, cell=cell, existing=existing, lock=lock, reason=reason, by=by)
    saved = AggregateValue.objects.get(
        partnership=partnership, indicator=cell.indicator, period=cell.period, breakdown=cell.breakdown
    )
    return saved, outcome


@dataclass
class UploadReport:
    """What an upload found and did. `problems`: [{"row", "column", "reason"}], header is row 1."""

    problems: list[dict[str, Any]] = field(default_factory=list)
    rows_total: int = 0
    rows_bad: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    exceptions: int = 0
    loaded: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def rows_good(self) -> int:
        return self.rows_total - self.rows_bad


def _problem(row: int, column: str, reason: str) -> dict[str, Any]:
    return {"row": row, "column": column, "reason": reason}


@transaction.atomic
def aggregate_upload(
    *,
    partnership: Partnership,
    stream: IO[bytes],
    accept_good_rows: bool = False,
    exception_reason: str = "",
    by: Any = None,
    today: dt.date | None = None,
) -> UploadReport:
    """Check every row of a CSV or XLSX upload, then save all of them, the good ones, or none.

    Nothing changes when any row is bad unless `accept_good_rows`. Saving is idempotent on
    indicator, quarter and breakdown: an unchanged value is not written again.
    """
    today = today or timezone.localdate()
    report = UploadReport()
    try:
        header, rows = extract.read_table(stream, limits=tables.limits_for("aggregates"))
        missing = [name for name in REQUIRED if name not in header]
        if missing:
            report.problems = [_problem(1, n, "This required column is missing from the header row.") for n in missing]
            return report
        repeated = sorted({n for n in header if n in COLUMNS and header.count(n) > 1})
        if repeated:
            report.problems = [
                _problem(1, n, "This column appears more than once in the header row.") for n in repeated
            ]
            return report
        unknown = sorted({n for n in header if n and n not in COLUMNS})
        if unknown:
            report.warnings.append("Columns not recognised and ignored: " + ", ".join(unknown[:20]) + ".")
        index = {name: header.index(name) for name in COLUMNS if name in header}
        indicators = indicators_by_code()
        vocabulary = partnership_vocabulary(partnership=partnership)
        cells: list[tuple[int, Cell]] = []
        seen: dict[tuple[int, str, str], int] = {}
        for number, raw in rows:
            if not any(c.strip() for c in raw):
                continue
            report.rows_total += 1
            values = {n: (raw[i] if i < len(raw) else "") for n, i in index.items()}
            if "\x00" in "".join(values.values()):
                report.rows_bad += 1
                report.problems.append(_problem(number, "", "The row contains a NUL character."))
                continue
            cell, problems = check_value(
                indicators=indicators, today=today, vocabulary=vocabulary, **{n: values.get(n, "") for n in COLUMNS}
            )
            if cell is not None:
                key = (cell.indicator.pk, cell.period, cell.breakdown)
                if key in seen:
                    problems = {
                        "indicator": f"The same indicator, quarter and breakdown is already on row {seen[key]}."
                    }
                else:
                    seen[key] = number
            if problems:
                report.rows_bad += 1
                report.problems.extend(_problem(number, column, reason) for column, reason in problems.items())
            elif cell is not None:
                cells.append((number, cell))
    except extract.ExtractError as error:
        return UploadReport(problems=[_problem(0, "", str(error))])
    if report.rows_total == 0:
        report.problems.append(_problem(0, "", "The file has a header row but no rows of data."))
        return report
    existing = {
        (v.indicator_id, v.period, v.breakdown): v
        for v in AggregateValue.objects.select_for_update().filter(
            partnership=partnership, period__in={c.period for _, c in cells}
        )
    }
    locks = {
        lock.period: lock
        for lock in PeriodLock.objects.filter(partnership=partnership, period__in={c.period for _, c in cells})
    }
    reason = exception_reason.strip()
    if not reason:
        kept = []
        for number, cell in cells:
            if cell.period in locks and _differs(existing.get((cell.indicator.pk, cell.period, cell.breakdown)), cell):
                report.rows_bad += 1
                report.problems.append(_problem(number, "period", locked_message(cell.period)))
            else:
                kept.append((number, cell))
        cells = kept
    report.problems.sort(key=lambda p: p["row"])
    if not cells or (report.rows_bad and not accept_good_rows):
        return report
    for _, cell in cells:
        key = (cell.indicator.pk, cell.period, cell.breakdown)
        lock = locks.get(cell.period)
        outcome = _write(
            partnership=partnership, cell=cell, existing=existing.get(key), lock=lock, reason=reason, by=by
        )
        setattr(report, outcome, getattr(report, outcome) + 1)
        if lock is not None and outcome != "unchanged":
            report.exceptions += 1
    report.loaded = True
    return report


@transaction.atomic
def period_lock(*, partnership: Partnership, period: str, by: Any, today: dt.date | None = None) -> PeriodLock:
    """Lock a reviewed quarter: from now on a change needs a recorded exception."""
    period, reason = check_period(period, today=today or timezone.localdate())
    if reason:
        raise AggregateError({"period": reason})
    if PeriodLock.objects.filter(partnership=partnership, period=period).exists():
        raise AggregateError({"period": f"{period} is already locked."})
    if not AggregateValue.objects.filter(partnership=partnership, period=period).exists():
        raise AggregateError({"period": f"{period} has no aggregate values to lock."})
    data_changed(partnership.pk)
    return PeriodLock.objects.create(
        partnership=partnership, period=period, locked_by=by, locked_at=timezone.now(), created_by=by
    )
