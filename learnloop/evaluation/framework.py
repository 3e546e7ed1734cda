"""The quality framework as the partnership's own data: seeded from data/quality_framework.csv,
then added to, renamed and retired by the lead officer."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from learnloop.evaluation.models import FrameworkItem
from learnloop.partnership.models import Partnership

SEED_FILE = Path(__file__).resolve().parent / "data" / "quality_framework.csv"


def seed_rows() -> list[dict[str, str]]:
    with SEED_FILE.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def framework_seed(*, partnership: Partnership) -> int:
    """Add the standard framework items the partnership does not have yet; returns how many."""
    existing = {i.code: i for i in FrameworkItem.objects.filter(partnership=partnership)}
    added = 0
    for position, row in enumerate(seed_rows(), start=1):
        if row["code"] in existing:
            continue
        parent = existing.get(row["parent"]) if row["parent"] else None
        existing[row["code"]] = FrameworkItem.objects.create(
            partnership=partnership,
            kind=row["kind"],
            code=row["code"],
            name=row["name"],
            parent=parent,
            source=row["source"],
            position=position * 10,
        )
        added += 1
    return added


def seed_new_partnership(sender: Any, instance: Partnership, created: bool, raw: bool = False, **kwargs: Any) -> None:
    """Every new partnership starts with the standard framework (a post_save receiver)."""
    if created and not raw:
        framework_seed(partnership=instance)


@transaction.atomic
def framework_item_save(*, item: FrameworkItem, themes: Any = None, by: Any = None) -> FrameworkItem:
    """Add or change an item. A new one goes to the end of the framework."""
    if item.pk is None:
        item.created_by = by
        last = FrameworkItem.objects.filter(partnership=item.partnership).order_by("-position").first()
        item.position = (last.position if last else 0) + 10
    item.save()
    if themes is not None:
        item.themes.set(themes)
    _join_unissued_drafts(item)
    return item


def _join_unissued_drafts(item: FrameworkItem) -> None:
    """A gradable item in use joins every self-evaluation of its partnership not yet issued."""
    from learnloop.evaluation.models import Judgement, SelfEvaluation

    if item.kind == FrameworkItem.Kind.DOMAIN or item.is_retired:
        return
    drafts = SelfEvaluation.objects.filter(partnership_id=item.partnership_id, issues__isnull=True).exclude(
        judgements__item=item
    )
    for se in drafts:
        Judgement.objects.create(self_evaluation=se, item=item)


def framework_item_retire(*, item: FrameworkItem) -> FrameworkItem:
    if item.retired_at is None:
        item.retired_at = timezone.now()
        item.save()
    return item


def framework_item_restore(*, item: FrameworkItem) -> FrameworkItem:
    if item.retired_at is not None:
        item.retired_at = None
        item.save()
        _join_unissued_drafts(item)
    return item
