from __future__ import annotations

import csv
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learnloop.core.disclosure import NOTE
from learnloop.dataset.selectors import figures_for
from learnloop.dataset.tables import HEADERS, indicator_rows, marked
from learnloop.partnership.models import Partnership


class Command(BaseCommand):
    help = "Print every indicator for every period of a partnership, with its SPC signal."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument("--period", choices=["quarter", "year"], default="quarter")
        parser.add_argument("--format", choices=["csv"], default="csv")
        parser.add_argument(
            "--unsuppressed",
            action="store_true",
            help=(
                "Print counts of 1 to 4 children as they are. By default they are suppressed as [c], like "
                "every download for sharing: operators are trusted, but the output is easily passed on."
            ),
        )

    def handle(self, *args: Any, partnership: str, period: str, unsuppressed: bool = False, **options: Any) -> None:
        target = Partnership.objects.filter(slug=partnership).first()
        if target is None:
            raise CommandError(f"No partnership with the slug '{partnership}'.")
        writer = csv.writer(self.stdout, lineterminator="\n")
        writer.writerow(HEADERS)
        for row in map(marked, indicator_rows(figures_for(target.pk, kind=period, suppressed=not unsuppressed))):
            writer.writerow(["" if row[h] is None else row[h] for h in HEADERS])
        if not unsuppressed:
            writer.writerow([NOTE])
