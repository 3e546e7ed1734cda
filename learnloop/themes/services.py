from __future__ import annotations

import csv
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from learnloop.partnership.models import Partnership
from learnloop.themes.models import Theme

SEED_FILE = Path(__file__).resolve().parent / "data" / "themes.csv"


def themes_seed(*, partnership: Partnership) -> int:
    """Add the standard themes a partnership does not have yet. Returns how many were added."""
    existing = set(Theme.objects.filter(partnership=partnership).values_list("code", flat=True))
    added = 0
    with SEED_FILE.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["code"] in existing:
                continue
            Theme.objects.create(
                partnership=partnership, code=row["code"], name=row["name"], description=row["description"]
            )
            added += 1
    return added


@transaction.atomic
def theme_create(*, partnership: Partnership, name: str, description: str = "", by: object = None) -> Theme:
    base = slugify(name)[:50] or "theme"
    code, n = base, 2
    while Theme.objects.filter(partnership=partnership, code=code).exists():
        code, n = f"{base}-{n}", n + 1
    return Theme.objects.create(partnership=partnership, code=code, name=name, description=description, created_by=by)


@transaction.atomic
def theme_update(*, theme: Theme, name: str, description: str) -> Theme:
    theme.name = name
    theme.description = description
    theme.save()
    return theme


def theme_retire(*, theme: Theme) -> Theme:
    if theme.retired_at is None:
        theme.retired_at = timezone.now()
        theme.save()
    return theme


def theme_restore(*, theme: Theme) -> Theme:
    if theme.retired_at is not None:
        theme.retired_at = None
        theme.save()
    return theme
