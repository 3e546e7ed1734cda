"""The daily run: reminders before and after due dates, the weekly summary, and retries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from learnloop.notifications.services import notifications_send_due


class Command(BaseCommand):
    help = (
        "Send today's reminders (before and after due dates), the weekly summaries (from the digest day on) "
        "and retry e-mails that failed. Run it once a day from one scheduler. Every e-mail is recorded before it "
        "is sent, so running it twice, or on two machines at once, sends nothing twice."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--today", help="Act as if today were this date (YYYY-MM-DD).")
        parser.add_argument("--base-url", default=None, help="The site's address for links (default: SITE_URL).")

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        if options["today"]:
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError(f"--today must be a date like 2026-03-27, not {options['today']!r}.") from None
        run = notifications_send_due(today=today, base_url=options["base_url"])
        self.stdout.write(
            f"Sent {run.sent} e-mail{'s' if run.sent != 1 else ''}; {run.already} already sent; "
            f"{run.skipped} held for the weekly summary; {run.failed} failed (tried again next run)."
        )
