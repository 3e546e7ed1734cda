from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learnloop.dataset.importer import journey_import_create, journey_import_run
from learnloop.dataset.models import JourneyImport
from learnloop.partnership.models import Partnership


class Command(BaseCommand):
    help = "Check and load a child-journey extract (CSV or XLSX) for a partnership."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", help="The extract file.")
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument(
            "--accept-good-rows", action="store_true", help="Load the good rows even if some rows have problems."
        )

    def handle(self, *args: Any, path: str, partnership: str, accept_good_rows: bool, **options: Any) -> None:
        target = Partnership.objects.filter(slug=partnership).first()
        if target is None:
            raise CommandError(f"No partnership with the slug '{partnership}'.")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"No such file: {path}")

        def progress(item: JourneyImport) -> None:
            if item.status == JourneyImport.Status.CHECKING:
                self.stdout.write(f"Checked {item.rows_checked:,} of {item.rows_total:,} rows")
            elif item.status == JourneyImport.Status.LOADING:
                self.stdout.write(f"Loading {item.rows_total - item.rows_bad:,} rows...")

        with file.open("rb") as handle:
            item = journey_import_create(
                partnership=target, stream=handle, filename=file.name, accept_good_rows=accept_good_rows
            )
        self.stdout.write(f"Read {item.rows_total:,} rows from {file.name}; checking.")
        if not item.is_finished:
            item = journey_import_run(journey_import=item, progress=progress)
        for problem in item.problems:
            where = f"row {problem['row']}" if problem["row"] else "file"
            column = f", column {problem['column']}" if problem["column"] else ""
            self.stderr.write(f"{where}{column}: {problem['reason']}")
        for warning in item.warnings:
            self.stdout.write(f"Warning: {warning}")
        if item.status != JourneyImport.Status.LOADED:
            raise CommandError(
                f"Rejected: {item.rows_bad:,} of {item.rows_total:,} rows have problems; nothing was loaded."
                if item.rows_bad
                else "Rejected: the file cannot be loaded; nothing was loaded."
            )
        self.stdout.write(
            self.style.SUCCESS(
                f"Loaded {item.rows_loaded:,} events ({item.rows_created:,} new, {item.rows_replaced:,} replaced"
                f"{f', {item.rows_bad:,} bad rows left out' if item.rows_bad else ''})."
            )
        )
