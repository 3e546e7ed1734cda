"""Print a partnership's findings as CSV: kind,theme,subject,since,detail,evidence.

    manage.py insights --partnership SLUG [--as-of YYYY-MM-DD] --format csv

Read as a committee member would: nothing confidential shapes the output. Dismissed findings,
and those marked as raised or being acted on, are left out, as on the page.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from learnloop.accounts.models import Membership
from learnloop.accounts.roles import Role
from learnloop.core import audit
from learnloop.core.models import AuditEntry
from learnloop.insights import selectors
from learnloop.insights.export import findings_csv
from learnloop.partnership.models import Partnership


class Command(BaseCommand):
    help = "Print a partnership's insights (recurring, emerging, stalled...) as CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--partnership", required=True, help="The partnership's short name (slug).")
        parser.add_argument("--as-of", help="Read the records as they stood on this date (YYYY-MM-DD).")
        parser.add_argument("--format", choices=["csv"], default="csv")

    def handle(self, *args: Any, **options: Any) -> None:
        partnership = Partnership.objects.filter(slug=options["partnership"]).first()
        if partnership is None:
            raise CommandError(f"--partnership: there is no partnership “{options['partnership']}”.")
        as_of = None
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(f"--as-of: “{options['as_of']}” is not a date like 2026-03-31.") from None
        reader = Membership(partnership=partnership, role=Role.COMMITTEE_MEMBER)
        found = selectors.insights(reader, as_of)
        audit.record(
            event=AuditEntry.Event.EXPORT,
            partnership=partnership,
            actor="manage.py insights",
            detail=f"Insights as of {found.as_of.isoformat()}: {len(found.findings)} findings (CSV)",
        )
        self.stdout.write(findings_csv(found.findings), ending="")
