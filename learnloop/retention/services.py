"""Applying the retention schedule, and the lead officer's changes to it.

`retention_apply` is the one path that deletes or anonymises records whose time has passed, and
the one caller of the audit log's two retention methods (strip an entry's content, delete an
entry past the log's own period). Each kind is done in one transaction, in batches; files are
removed from storage only once that transaction has committed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import math
from dataclasses import dataclass
from typing import Any

from django.core.files.storage import default_storage
from django.db import transaction

from learnloop.core import audit
from learnloop.core.models import RETENTION_STRIPPED, AuditEntry
from learnloop.retention import registry
from learnloop.retention.models import RetentionOverride, RetentionSettings
from learnloop.retention.registry import ACTION_LABELS, RecordKind


class RetentionError(ValueError):
    pass


@dataclass(frozen=True)
class Rule:
    """The period and action that apply to one kind in one partnership (or the whole service)."""

    kind: RecordKind
    months: int
    action: str
    overridden: bool

    def cutoff(self, as_of: dt.date) -> dt.date:
        return registry.months_before(as_of, self.months)


@dataclass
class KindResult:
    kind: RecordKind
    partnership: Any
    rule: Rule
    due: int = 0
    done: int = 0
    audit_entries_stripped: int = 0
    files_removed: int = 0


def rules_for(partnership: Any) -> list[Rule]:
    """Every kind's rule for this partnership; None: the service-wide rows, at the defaults."""
    overrides: dict[str, RetentionOverride] = {}
    if partnership is not None:
        overrides = {o.kind: o for o in RetentionOverride.objects.filter(partnership=partnership)}
    rules = []
    for kind in registry.kinds():
        override = overrides.get(kind.key) if kind.editable else None
        if override is None:
            rules.append(Rule(kind, kind.default_months, kind.default_action, overridden=False))
        else:
            action = override.action if override.action in kind.actions else kind.default_action
            rules.append(Rule(kind, override.months, action, overridden=True))
    return rules


def due_count(rule: Rule, partnership: Any, as_of: dt.date) -> int:
    return sum(qs.count() for qs in rule.kind.due(partnership, rule.cutoff(as_of), rule.action))


def retention_apply(*, partnership: Any, as_of: dt.date, dry_run: bool = False) -> list[KindResult]:
    """Delete or anonymise what has passed its date, in one partnership or (None) the service's own rows.

    Idempotent: what was done is not due any more, so a second run does nothing.
    """
    results = []
    for rule in rules_for(partnership):
        if partnership is not None and not rule.kind.editable:
            continue
        result = KindResult(kind=rule.kind, partnership=partnership, rule=rule)
        result.due = due_count(rule, partnership, as_of)
        if result.due and not dry_run:
            _apply_kind(result, as_of)
        results.append(result)
    return results


def _apply_kind(result: KindResult, as_of: dt.date) -> None:
    rule, partnership = result.rule, result.partnership
    cutoff = rule.cutoff(as_of)
    with transaction.atomic():
        for queryset in rule.kind.due(partnership, cutoff, rule.action):
            # Each pass removes its rows from `due`; the bound stops a kind that failed to.
            passes = math.ceil(queryset.count() / rule.kind.batch_size) + 1
            for _ in range(passes):
                rows = list(queryset[: rule.kind.batch_size])
                if not rows:
                    break
                batch = rule.kind.apply(rows, rule.action)
                result.done += batch.done
                for label, ids in batch.touched:
                    result.audit_entries_stripped += _strip_audit_entries(label, ids)
                for name in batch.files:
                    result.files_removed += 1
                    transaction.on_commit(functools.partial(_remove_file, name))
        if result.done:
            audit.record(
                event=AuditEntry.Event.RETENTION,
                partnership=partnership,
                detail=f"{rule.kind.label}: {result.done} {ACTION_LABELS[rule.action].lower()}d",
                changes={
                    "kind": rule.kind.key,
                    "action": rule.action,
                    "months": rule.months,
                    "as_of": as_of.isoformat(),
                    "records": result.done,
                    "audit_entries_stripped": result.audit_entries_stripped,
                    "files_removed": result.files_removed,
                },
            )


def _strip_audit_entries(label: str, ids: list[str]) -> int:
    stripped = 0
    for start in range(0, len(ids), 500):
        entries = AuditEntry.objects.filter(object_type=label, object_id__in=ids[start : start + 500]).exclude(
            detail=RETENTION_STRIPPED
        )
        stripped += entries.strip_content_for_retention()
    return stripped


def _remove_file(name: str) -> None:
    # Already gone, or the storage refused: the record no longer points at it either way.
    with contextlib.suppress(OSError):
        default_storage.delete(name)


def retention_override_set(*, partnership: Any, kind: RecordKind, months: int, action: str) -> RetentionOverride | None:
    """Keep this kind for `months` with `action`; back at the defaults, the override is removed."""
    if not kind.editable:
        raise RetentionError(f"{kind.label} are kept for the same period in every partnership.")
    if months < kind.minimum_months:
        raise RetentionError(f"{kind.label} must be kept for at least {registry.describe_months(kind.minimum_months)}.")
    if action not in kind.actions:
        raise RetentionError(f"{kind.label} can only be: {', '.join(kind.actions)}.")
    existing = RetentionOverride.objects.filter(partnership=partnership, kind=kind.key).first()
    if months == kind.default_months and action == kind.default_action:
        if existing is not None:
            existing.delete()
        return None
    if existing is None:
        existing = RetentionOverride(partnership=partnership, kind=kind.key)
    existing.months = months
    existing.action = "" if action == kind.default_action else action
    existing.save()
    return existing


def retention_settings_for(partnership: Any) -> RetentionSettings:
    found = RetentionSettings.objects.filter(partnership=partnership).first()
    return found if found is not None else RetentionSettings(partnership=partnership)


def retention_settings_update(*, partnership: Any, former_members_shown_by_role: bool) -> RetentionSettings:
    settings = retention_settings_for(partnership)
    settings.former_members_shown_by_role = former_members_shown_by_role
    settings.save()
    return settings
