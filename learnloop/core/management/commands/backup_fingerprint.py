"""manage.py backup_fingerprint: what a backup must bring back, as JSON, to compare after a restore.

It prints, sorted so that two runs over the same data print the same text:

- `rows`: the number of rows of every model (many-to-many tables included) of every LearnLoop app;
- `figures`: for each partnership, by slug, its minimum dataset indicators for every quarter
  (unsuppressed, as computed from what is stored) and its loop health as its first lead officer sees it;
- `files`: for every row with a file, the file's name and the sha256 of its content, or `missing`
  when the database names a file the storage does not have.

.ci/restore_check.py runs it before a backup and after the restore and compares the two.
It reads only; it writes nothing and audits nothing.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from typing import Any

from django.apps import apps
from django.core.management.base import BaseCommand, CommandParser
from django.db import models

from learnloop.accounts.models import Membership
from learnloop.accounts.roles import Role
from learnloop.dataset.selectors import figures_for
from learnloop.dataset.tables import indicator_rows
from learnloop.loop.selectors import loop_health
from learnloop.partnership.models import Partnership


def learnloop_models() -> list[type[models.Model]]:
    found = []
    for config in apps.get_app_configs():
        if config.name == "learnloop" or config.name.startswith("learnloop."):
            found += config.get_models(include_auto_created=True)
    return sorted(found, key=lambda model: model._meta.label)


def row_counts() -> dict[str, int]:
    return {model._meta.label: model._base_manager.count() for model in learnloop_models()}


def partnership_figures() -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for partnership in Partnership.objects.order_by("slug"):
        lead = (
            Membership.objects.select_related("partnership", "agency")
            .filter(partnership=partnership, role=Role.LEAD_OFFICER)
            .order_by("pk")
            .first()
        )
        figures[partnership.slug] = {
            "indicators": list(indicator_rows(figures_for(partnership.pk, kind="quarter", suppressed=False))),
            "loop_health": dataclasses.asdict(loop_health(lead, None, None)) if lead else None,
        }
    return figures


def _sha256(field: models.FileField, name: str) -> str:
    storage = field.storage
    if not storage.exists(name):
        return "missing"
    digest = hashlib.sha256()
    with storage.open(name, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def file_hashes() -> dict[str, dict[str, str]]:
    hashes: dict[str, dict[str, str]] = {}
    for model in learnloop_models():
        for field in model._meta.concrete_fields:
            if not isinstance(field, models.FileField):
                continue
            rows = model._base_manager.exclude(**{field.attname: ""}).exclude(**{f"{field.attname}__isnull": True})
            for pk, name in rows.order_by("pk").values_list("pk", field.attname):
                hashes[f"{model._meta.label}.{field.name}:{pk}"] = {"name": name, "sha256": _sha256(field, name)}
    return hashes


def fingerprint() -> dict[str, Any]:
    return {"rows": row_counts(), "figures": partnership_figures(), "files": file_hashes()}


class Command(BaseCommand):
    help = (
        "Print, as JSON, the row count of every LearnLoop table, each partnership's key figures and "
        "the sha256 of every stored file: run it before a backup and after a restore, and compare."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--indent", type=int, default=2, help="JSON indent (0 for one line).")

    def handle(self, *args: Any, indent: int, **options: Any) -> None:
        text = json.dumps(fingerprint(), indent=indent or None, sort_keys=True, default=str)
        self.stdout.write(text)
