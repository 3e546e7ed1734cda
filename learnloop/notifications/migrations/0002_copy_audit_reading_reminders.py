"""Carry the audit reading reminders already sent into the one record of e-mails sent.

Before this app, `send_audit_reminders` kept its own table (audits.ReadingReminder, removed by
audits 0003). Copying its rows means no reader is reminded a second time after the upgrade.
"""

import datetime as dt

from django.db import migrations
from django.utils import timezone


def copy(apps, schema_editor):
    ReadingReminder = apps.get_model("audits", "ReadingReminder")
    Notification = apps.get_model("notifications", "Notification")
    rows = []
    for r in ReadingReminder.objects.select_related("reading").iterator():
        overdue = r.kind == "overdue"
        when = timezone.make_aware(dt.datetime.combine(r.sent_on, dt.time(9)))
        rows.append(
            Notification(
                partnership_id=r.partnership_id,
                recipient_id=r.reading.reader_id,
                kind="overdue" if overdue else "due_soon",
                subject_key=f"reading:{r.reading_id}",
                # The old command sent one overdue reminder: the first of the weekly ones now.
                occurrence=f"{r.due_date.isoformat()}/0" if overdue else r.due_date.isoformat(),
                sent_to=r.sent_to,
                subject="Audit reading reminder (sent before e-mails were recorded here)",
                body="",
                status="sent",
                attempts=1,
                claimed_at=when,
                sent_at=when,
            )
        )
    Notification.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0001_notifications_and_preferences"),
        ("audits", "0002_case_source"),
    ]

    operations = [migrations.RunPython(copy, migrations.RunPython.noop)]
