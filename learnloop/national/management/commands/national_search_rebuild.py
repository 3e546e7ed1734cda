"""Rewrite the national search index from the active shares (and, on SQLite, its FTS5 table)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from learnloop.national import search


class Command(BaseCommand):
    help = "Rewrite the national search index from what is shared now."

    def handle(self, *args: Any, **options: Any) -> None:
        count = search.rebuild()
        self.stdout.write(f"National search index rebuilt: {count} shared item{'s' if count != 1 else ''}.")
