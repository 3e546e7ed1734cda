from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learnloop.dataset.computation import compute
from learnloop.dataset.tables import HEADERS, indicator_rows
from learnloop.partnership.models import Partnership


class Command(BaseCommand):
    help = "Print every indicator for every period of a partnership, with its SPC signal."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument("--period", choices=["quarter", "year"], default="quarter")
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args: Any, partnership: str, period: str, **options: Any) -> None:
        target = Partnership.objects.filter(slug=partnership).first()
        if target is None:
            raise CommandError(f"No partnership with the slug '{partnership}'.")
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(HEADERS)
        for row in indicator_rows(compute(target.pk, kind=period)):
            writer.writerow(["" if row[h] is None else row[h] for h in HEADERS])
