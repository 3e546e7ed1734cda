"""manage.py apply_retention: delete or anonymise what has passed its retention date. Run daily."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from learnloop.partnership.models import Partnership
from learnloop.retention.registry import ACTION_LABELS, describe_months
from learnloop.retention.services import KindResult, retention_apply


class Command(BaseCommand):
    help = (
        "Delete or anonymise every record whose retention period has ended (docs/retention.md), "
        "in every partnership or one. Run it once a day. What was done is not due any more, so a "
        "second run, or a run on two machines, does nothing twice."
    )

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--partnership", metavar="SLUG", help="Only this partnership (skips the service-wide records)."
        )
        parser.add_argument("--dry-run", action="store_true", help="Count what is due; change nothing.")
        parser.add_argument("--as-of", metavar="YYYY-MM-DD", help="Act as if today were this date.")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = timezone.localdate()
        if options["as_of"]:
            try:
                as_of = dt.date.fromisoformat(options["as_of"])
            except ValueError:
                raise CommandError(f"--as-of must be a date like 2026-03-27, not {options['as_of']!r}.") from None
        if options["partnership"]:
            partnership = Partnership.objects.filter(slug=options["partnership"]).first()
            if partnership is None:
                raise CommandError(f"No partnership has the short name {options['partnership']!r}.")
            partnerships: list[Any] = [partnership]
        else:
            partnerships = [*Partnership.objects.order_by("slug"), None]
        dry_run = options["dry_run"]
        self.stdout.write(f"Retention as of {as_of:%-d %B %Y}{' (dry run: nothing changed)' if dry_run else ''}.")
        for partnership in partnerships:
            results = retention_apply(partnership=partnership, as_of=as_of, dry_run=dry_run)
            self.stdout.write(f"{partnership.name if partnership else 'Service-wide records'}:")
            for result in results:
                if partnership is None and not result.due and result.kind.editable:
                    continue  # the service-wide pass only holds sign-in records and unattached log entries
                self.stdout.write("  " + _line(result, dry_run))


def _line(result: KindResult, dry_run: bool) -> str:
    action = ACTION_LABELS[result.rule.action].lower()
    count = result.due if dry_run else result.done
    line = f"{result.kind.key}: {count} {action} (kept {describe_months(result.rule.months)})"
    if not dry_run and (result.audit_entries_stripped or result.files_removed):
        line += f"; {result.audit_entries_stripped} audit entries stripped, {result.files_removed} files removed"
    return line
