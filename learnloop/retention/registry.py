"""The record kinds that have a retention period, and the arithmetic of their dates.

Each kind says which records it covers, the date their retention runs from, how long they are
kept by default, and what happens when that time has passed: the records are deleted, or
anonymised (the content goes, the row and its figures stay). The kinds are declared in
`learnloop/retention/kinds.py`; the defaults there must equal the table in `docs/retention.md`.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import models

DELETE = "delete"
ANONYMISE = "anonymise"
ACTION_LABELS = {DELETE: "Delete", ANONYMISE: "Anonymise"}

PARTNERSHIP = "partnership"
SERVICE = "service"


@dataclass
class Batch:
    """What one pass over a batch of records did: how many, and which audit entries to strip."""

    done: int = 0
    # (model label, ids) of every row whose audit entries must lose their content.
    touched: list[tuple[str, list[str]]] = field(default_factory=list)
    # Names of files in the default storage to remove once the change is committed.
    files: list[str] = field(default_factory=list)

    def touch(self, model: type[models.Model], ids: Iterable[Any]) -> None:
        ids = [str(pk) for pk in ids]
        if ids:
            self.touched.append((model._meta.label, ids))


@dataclass(frozen=True)
class RecordKind:
    key: str
    label: str
    runs_from: str
    default_months: int
    actions: tuple[str, ...]
    how: str
    # due(partnership or None, cutoff date) -> the rows whose time has passed and that still
    # need doing (so a second run finds none).
    due: Callable[[Any, dt.date], models.QuerySet[Any]]
    # apply(list of due rows, action) -> Batch
    apply: Callable[[list[Any], str], Batch]
    scope: str = PARTNERSHIP
    minimum_months: int = 1
    batch_size: int = 500

    @property
    def default_action(self) -> str:
        return self.actions[0]

    @property
    def editable(self) -> bool:
        return self.scope == PARTNERSHIP


_kinds: dict[str, RecordKind] = {}


def register(kind: RecordKind) -> RecordKind:
    if kind.key in _kinds:
        raise ValueError(f"Record kind {kind.key!r} is declared twice.")
    if kind.default_months < kind.minimum_months:
        raise ValueError(f"Record kind {kind.key!r} has a default shorter than its minimum.")
    _kinds[kind.key] = kind
    return kind


def kinds() -> list[RecordKind]:
    return list(_kinds.values())


def get(key: str) -> RecordKind:
    return _kinds[key]


def months_before(day: dt.date, months: int) -> dt.date:
    """The last date whose period of `months` has ended by `day`.

    A record dated D is due on the day D + months (the same day of the month, or the month's last
    day if it is shorter). So on the last day of a month every record from the end of the target
    month is due too: on 28 February, a one-month period has ended for 29, 30 and 31 January.
    """
    total = day.year * 12 + (day.month - 1) - months
    year, month = divmod(total, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    if day.day == calendar.monthrange(day.year, day.month)[1]:
        return dt.date(year, month, last)
    return dt.date(year, month, min(day.day, last))


def months_after(day: dt.date, months: int) -> dt.date:
    total = day.year * 12 + (day.month - 1) + months
    year, month = divmod(total, 12)
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def describe_months(months: int) -> str:
    if months % 12 == 0:
        years = months // 12
        return f"{years} year{'s' if years != 1 else ''}"
    return f"{months} month{'s' if months != 1 else ''}"
