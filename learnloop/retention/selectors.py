"""What the lead officer's retention page shows: each kind, its default, the partnership's rule, what is due."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from learnloop.retention.registry import RecordKind
from learnloop.retention.services import Rule, due_count, rules_for


@dataclass(frozen=True)
class ScheduleRow:
    kind: RecordKind
    rule: Rule
    due_now: int


def schedule_rows(partnership: Any, as_of: dt.date) -> list[ScheduleRow]:
    """One row a kind. Service-wide kinds (sign-in records) show their due count for the whole service."""
    rows = []
    for rule in rules_for(partnership):
        scope = partnership if rule.kind.editable else None
        rows.append(ScheduleRow(kind=rule.kind, rule=rule, due_now=due_count(rule, scope, as_of)))
    return rows


def rule_for(partnership: Any, key: str) -> Rule | None:
    return next((rule for rule in rules_for(partnership) if rule.kind.key == key), None)
