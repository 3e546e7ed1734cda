"""Reminders to readers before and after the date their readings are due.

Safe to run on several machines, or several times a day: each reminder is first recorded as a
row that is unique per reading, kind and due date, inside the same transaction as the e-mail.
A second run (or a second machine) finds the row and sends nothing. If sending fails the row is
rolled back, so the next run tries again. Moving an audit's due date allows fresh reminders.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse

from learnloop.audits.models import Audit, CaseReading, ReadingReminder

DAYS_BEFORE = 7


@dataclass(frozen=True)
class ReminderRun:
    sent: int
    already_sent: int


def _due_kind(due: dt.date, today: dt.date, days_before: int) -> str | None:
    if today > due:
        return ReadingReminder.Kind.OVERDUE
    if today >= due - dt.timedelta(days=days_before):
        return ReadingReminder.Kind.BEFORE_DUE
    return None


def _message(reading: CaseReading, kind: str, today: dt.date, base_url: str) -> tuple[str, str]:
    audit = reading.case.audit
    due = audit.due_date
    link = base_url.rstrip("/") + reverse("audits:reading", args=[audit.partnership.slug, audit.number, reading.pk])
    if kind == ReadingReminder.Kind.OVERDUE:
        subject = f"Overdue: your reading for {audit.reference} was due on {due:%-d %B %Y}"
        opening = f"Your reading of {reading.case.label} for {audit.title} was due on {due:%-d %B %Y}."
    else:
        days = (due - today).days
        when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
        subject = f"Reminder: your reading for {audit.reference} is due {when}"
        opening = f"Your reading of {reading.case.label} for {audit.title} is due on {due:%-d %B %Y}."
    body = (
        f"Hello {reading.reader.get_short_name()},\n\n{opening}\n"
        f"You are reading for {reading.agency.name}. Your answers are saved as a draft as you go.\n\n"
        f"Open the reading: {link}\n\n{audit.partnership.name}"
    )
    return subject, body


def reminders_send(*, today: dt.date, days_before: int = DAYS_BEFORE, base_url: str | None = None) -> ReminderRun:
    """Send each reader who has not submitted one reminder before the due date and one after."""
    base_url = base_url if base_url is not None else getattr(settings, "SITE_URL", "")
    readings = (
        CaseReading.objects.filter(case__audit__status=Audit.Status.RUNNING)
        .exclude(status=CaseReading.Status.SUBMITTED)
        .filter(case__audit__due_date__lte=today + dt.timedelta(days=days_before))
        .select_related("case__audit__partnership", "reader", "agency")
        .order_by("pk")
    )
    sent = already = 0
    for reading in readings:
        due = reading.case.audit.due_date
        kind = _due_kind(due, today, days_before)
        if kind is None or not reading.reader.is_active or not reading.reader.email:
            continue
        try:
            with transaction.atomic():
                _, created = ReadingReminder.objects.get_or_create(
                    reading=reading,
                    kind=kind,
                    due_date=due,
                    defaults={
                        "partnership_id": reading.partnership_id,
                        "sent_on": today,
                        "sent_to": reading.reader.email,
                    },
                )
                if created:
                    subject, body = _message(reading, kind, today, base_url)
                    send_mail(subject, body, None, [reading.reader.email])
        except IntegrityError:
            created = False  # another machine recorded it first
        if created:
            sent += 1
        else:
            already += 1
    return ReminderRun(sent=sent, already_sent=already)
