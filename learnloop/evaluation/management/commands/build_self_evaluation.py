"""Write a partnership's self-evaluation for a year to a file: PDF, Word or HTML.

    manage.py build_self_evaluation --partnership glenmoray --year 2026 --format pdf --output se.pdf

It is read as the partnership's lead officer would read it (or as --as EMAIL, a member): the latest
issued version, or the draft when none has been issued.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from learnloop.accounts.models import Membership
from learnloop.core import audit
from learnloop.core.models import AuditEntry
from learnloop.evaluation.documents import FORMATS, NotAvailable, build_self_evaluation
from learnloop.partnership.models import Partnership


class Command(BaseCommand):
    help = "Write a partnership's self-evaluation for a year as PDF, Word or HTML."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--partnership", required=True, help="The partnership's short name (slug).")
        parser.add_argument("--year", required=True, help="The year, YYYY.")
        parser.add_argument("--format", required=True, dest="fmt", help="pdf, docx or html.")
        parser.add_argument("--output", required=True, help="The file to write.")
        parser.add_argument(
            "--as", dest="reader", default="", help="Read as this member (e-mail); the lead officer by default."
        )

    def handle(
        self, *args: Any, partnership: str, year: str, fmt: str, output: str, reader: str, **options: Any
    ) -> None:
        fmt = fmt.lower()
        if fmt not in FORMATS:
            raise CommandError(f"--format: “{fmt}” is not a format; use one of {', '.join(FORMATS)}.")
        if not (year.isdigit() and len(year) == 4):
            raise CommandError(f"--year: “{year}” is not a year; write it as YYYY, for example 2026.")
        found = Partnership.objects.filter(slug=partnership).first()
        if found is None:
            raise CommandError(f"--partnership: there is no partnership “{partnership}”.")
        members = Membership.objects.filter(partnership=found, is_active=True).select_related("user", "partnership")
        member = (
            members.filter(user__email__iexact=reader).first()
            if reader
            else members.filter(role="lead_officer").first()
        )
        if member is None:
            raise CommandError(
                f"--as: “{reader}” is not a member of {found.name}."
                if reader
                else f"{found.name} has no lead officer to read as."
            )
        target = Path(output)
        if not target.parent.exists():
            raise CommandError(f"--output: the folder {target.parent} does not exist.")
        try:
            content = build_self_evaluation(found, int(year), fmt, member)
        except NotAvailable as error:
            raise CommandError(str(error)) from None
        target.write_bytes(content)
        with audit.acting_as(member.user):
            audit.record(
                event=AuditEntry.Event.EXPORT,
                partnership=found,
                detail=f"Built self-evaluation {year} as {fmt.upper()} from the command line",
            )
        self.stdout.write(f"Wrote {target} ({len(content):,} bytes).")
