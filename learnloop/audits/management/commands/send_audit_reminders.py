"""Remind readers before and after their readings are due. Safe to run often, on several machines."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from learnloop.audits.reminders import DAYS_BEFORE, reminders_send


class Command(BaseCommand):
    help = (
        "E-mail each reader who has not submitted a reading: once in the days before it is due and once after. "
        "Every reminder sent is recorded, so running this twice, or on two machines, sends nothing twice."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--days-before", type=int, default=DAYS_BEFORE, help="Days before the due date to remind.")
        parser.add_argument("--base-url", default=None, help="The site's address, for links in the e-mails.")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today must be a date like 2026-03-27, not {options['today']!r}.") from None
        run = reminders_send(today=today, days_before=options["days_before"], base_url=options["base_url"])
        self.stdout.write(f"Sent {run.sent} reminder{'s' if run.sent != 1 else ''}; {run.already_sent} already sent.")
