"""Build a report for a partnership and period and write it to a file.

    manage.py build_report cpc-paper --partnership glenmoray --from 2026-07-01 --to 2026-09-30 \\
        --format pdf --output paper.pdf

The report reads as the committee does (the public version with --public). Exit 0 when written;
a message and a non-zero exit on anything wrong.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learnloop.core.registry import REPORT_KINDS
from learnloop.partnership.models import Partnership
from learnloop.reports import building, render
from learnloop.reports.building import ReportError


def _date(value: str, option: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option}: {value!r} is not a date; write it as YYYY-MM-DD.") from None


class Command(BaseCommand):
    help = "Build a report (committee paper, annual report, framework review...) as PDF, Word or HTML."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("kind", help="The kind of report: " + ", ".join(sorted(REPORT_KINDS)))
        parser.add_argument("--partnership", required=True, help="The partnership's slug.")
        parser.add_argument("--from", dest="start", required=True, help="First day of the period, YYYY-MM-DD.")
        parser.add_argument("--to", dest="end", required=True, help="Last day of the period, YYYY-MM-DD.")
        parser.add_argument("--meeting", help="The meeting date, YYYY-MM-DD (committee paper; default: --to).")
        parser.add_argument("--format", dest="fmt", required=True, choices=["pdf", "docx", "html"])
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument("--public", action="store_true", help="The public version: small numbers suppressed.")

    def handle(self, *args: Any, **options: Any) -> None:
        kind = options["kind"]
        if kind not in REPORT_KINDS:
            raise CommandError(f"Unknown kind {kind!r}: choose one of {', '.join(sorted(REPORT_KINDS))}.")
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"No partnership has the slug {options['partnership']!r}.")
        start, end = _date(options["start"], "--from"), _date(options["end"], "--to")
        if start > end:
            raise CommandError(f"--from ({start}) is after --to ({end}).")
        meeting = _date(options["meeting"], "--meeting") if options.get("meeting") else None
        if REPORT_KINDS[kind].has_meeting and meeting is None:
            meeting = end
        output = Path(options["output"])
        if not output.parent.exists():
            raise CommandError(f"--output: the folder {output.parent} does not exist.")
        if REPORT_KINDS[kind].build_file is not None:
            try:
                data = REPORT_KINDS[kind].build_file(partnership, start, end, options["fmt"])
            except (LookupError, ValueError) as error:
                raise CommandError(str(error)) from None
            self._write(output, data, REPORT_KINDS[kind].title)
            return
        try:
            content = building.build(
                kind=kind, partnership=partnership, start=start, end=end, meeting=meeting, public=options["public"]
            )
        except ReportError as error:
            raise CommandError(str(error)) from None
        fmt = options["fmt"]
        if fmt == "html":
            from django.template.loader import render_to_string

            data = render_to_string(
                "reports/standalone.html", {"title": content["title"], "body": render.to_html(content)}
            ).encode("utf-8")
        elif fmt == "docx":
            data = render.to_docx(content)
        else:
            data = render.to_pdf(content)
        self._write(output, data, content["title"])

    def _write(self, output: Path, data: bytes, title: str) -> None:
        try:
            output.write_bytes(data)
        except OSError as error:
            raise CommandError(f"--output: cannot write {output}: {error.strerror}.") from None
        self.stdout.write(f"Wrote {title} to {output} ({len(data):,} bytes).")
