from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learnloop.ingest.sources import IMPORTERS, Job, importers
from learnloop.ingest.staging import NotAccepted
from learnloop.partnership.models import Partnership


class Command(BaseCommand):
    help = (
        "Check an export for a partnership and, with --accept or --accept-good-rows, import it. "
        "Exits 0 when the file was accepted; otherwise prints the check (what would be new, changed, "
        "already imported and every bad row) and exits 1."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("source", help="Which source reads the file: " + ", ".join(sorted(IMPORTERS)) + ".")
        parser.add_argument("path", help="The export file.")
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument("--mapping", default="", help="The format or saved mapping the file is read with.")
        parser.add_argument("--target", default="", help="The record the file is for, where the source needs one.")
        accept = parser.add_mutually_exclusive_group()
        accept.add_argument("--accept", action="store_true", help="Import it if every row is good.")
        accept.add_argument("--accept-good-rows", action="store_true", help="Import the good rows; leave the bad out.")

    def handle(self, *args: Any, **options: Any) -> None:
        importer = IMPORTERS.get(options["source"])
        if importer is None:
            known = ", ".join(i.key for i in importers())
            raise CommandError(f"No source called '{options['source']}'. Sources: {known}.")
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership with the slug '{options['partnership']}'.")
        file = Path(options["path"])
        if not file.is_file():
            raise CommandError(f"No such file: {file}")
        if importer.mappings and options["mapping"] and options["mapping"] not in importer.mappings:
            raise CommandError(
                f"{importer.title} has no mapping '{options['mapping']}'. Mappings: {', '.join(importer.mappings)}."
            )
        if importer.needs_target and not options["target"]:
            raise CommandError(f"{importer.title} needs --target: {importer.needs_target}.")
        job = Job(
            partnership=partnership,
            data=file.read_bytes(),
            filename=file.name,
            mapping=options["mapping"],
            target=options["target"],
        )
        try:
            check = importer.check(job)
        except ValueError as error:  # the target or mapping is not this partnership's
            raise CommandError(str(error)) from None
        self.stdout.write(render_check(check, filename=file.name, title=importer.title))
        if not (options["accept"] or options["accept_good_rows"]):
            raise CommandError("Checked only: nothing was imported. Add --accept or --accept-good-rows to import.")
        if check.fatal:
            raise CommandError("Nothing was imported: the file as a whole has problems.")
        if check.errors and not options["accept_good_rows"]:
            raise CommandError(
                f"Nothing was imported: {check.bad_rows} bad row{'s' if check.bad_rows != 1 else ''}. "
                "Correct the file, or add --accept-good-rows to leave them out."
            )
        try:
            summary = importer.run(job, bool(options["accept_good_rows"]))
        except NotAccepted as refused:
            raise CommandError(str(refused)) from None
        self.stdout.write(self.style.SUCCESS(summary))


def render_check(check: Any, *, filename: str, title: str) -> str:
    """The check page as text: what accepting would do, the notes, and every bad row."""
    lines = [f"{title}: {filename}"]
    lines.append(
        f"New: {check.new}. Changed: {check.changed}. Already imported: {check.unchanged}. Bad rows: {check.bad_rows}."
    )
    rows = ", ".join
    for heading, found in (
        ("Rows that will be flagged: a child feels unsafe", check.flagged),
        ("Flags to be removed: nobody acted on them", check.unflagged),
        ("Flags kept for review: no longer raised by the data, but acted on", check.unflag_kept),
        ("Words to read: may say a child feels unsafe", check.review),
    ):
        if found:
            lines.append(f"{heading}: rows {rows(str(r) for r in found)}.")
    lines.extend(
        f"Answer not in LearnLoop's words: {a.label}: “{a.answer}” ({a.rows_text}). Map it on the check page, or in the saved mapping's answers."
        for a in check.answers
    )
    lines.extend(f"Note: {note}" for note in check.notes)
    lines.extend(f"Problem: {error}" for error in check.errors)
    return "\n".join(lines)
