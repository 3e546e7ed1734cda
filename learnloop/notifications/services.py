"""Every e-mail LearnLoop sends about work: claimed in the database first, then sent, once.

How nothing is sent twice, even with the daily command running on two machines at once:
1. the e-mail is *claimed* by inserting its `Notification` row, in its own transaction. The row
   is unique per recipient, kind, subject and occurrence: a second insert (another machine, a
   second run) fails on the constraint and that caller sends nothing;
2. the e-mail is sent through Django's mail;
3. the row is marked sent, or failed with the error. Failed rows are tried again by the next
   daily run (a failed row is taken back with a conditional update, so only one machine
   retries it), up to `MAX_ATTEMPTS` times.

E-mails name references (A-0012, R-0004, AUD-003), titles and links: never a case reference,
a tracked child, or what a child said.
"""

from __future__ import annotations

import datetime as dt
import functools
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from learnloop.accounts.models import Membership, User
from learnloop.notifications import selectors
from learnloop.notifications.models import ALWAYS_IMMEDIATE, Kind, Notification, NotificationPreference
from learnloop.notifications.selectors import Assignment

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 5
WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]


@dataclass
class Tally:
    """What a run did: e-mails sent, recorded but not sent (summary only), already sent, failed."""

    sent: int = 0
    skipped: int = 0
    already: int = 0
    failed: int = 0
    retried: int = 0

    def add(self, outcome: str) -> None:
        setattr(self, outcome, getattr(self, outcome) + 1)

    def __iadd__(self, other: Tally) -> Tally:
        for name in ("sent", "skipped", "already", "failed", "retried"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        return self


# Preferences ----------------------------------------------------------------------------------


def digest_only_for(user: User) -> bool:
    return NotificationPreference.objects.filter(user=user, digest_only=True).exists()


def _digest_only_ids(user_ids: Iterable[int]) -> set[int]:
    return set(
        NotificationPreference.objects.filter(user_id__in=set(user_ids), digest_only=True).values_list(
            "user_id", flat=True
        )
    )


@transaction.atomic
def preference_set(*, user: User, digest_only: bool) -> NotificationPreference:
    """A person chooses every e-mail, or the weekly summary only. Audited like every write."""
    preference, _ = NotificationPreference.objects.select_for_update().get_or_create(
        user=user, defaults={"created_by": user}
    )
    if preference.digest_only != digest_only:
        preference.digest_only = digest_only
        preference.save()
    return preference


# Claim, send, record ----------------------------------------------------------------------------


def _claim(
    *,
    recipient: User,
    partnership_id: int,
    kind: str,
    subject_key: str,
    occurrence: str,
    subject: str,
    body: str,
    skip: bool,
) -> Notification | None:
    try:
        with transaction.atomic():
            return Notification.objects.create(
                partnership_id=partnership_id,
                recipient=recipient,
                kind=kind,
                subject_key=subject_key,
                occurrence=occurrence,
                sent_to=recipient.email,
                subject=subject[:300],
                body=body,
                status=Notification.Status.SKIPPED if skip else Notification.Status.SENDING,
                claimed_at=timezone.now(),
            )
    except IntegrityError:
        return None  # claimed already: by an earlier run, or by another machine just now


def _deliver(row: Notification) -> bool:
    try:
        send_mail(row.subject, row.body, None, [row.sent_to])
    except Exception as error:  # noqa: BLE001 (any mail failure is recorded and retried)
        logger.exception("Could not send notification %s to %s", row.pk, row.sent_to)
        Notification.objects.filter(pk=row.pk).update(
            status=Notification.Status.FAILED,
            attempts=F("attempts") + 1,
            last_error=f"{type(error).__name__}: {error}"[:500],
        )
        return False
    Notification.objects.filter(pk=row.pk).update(
        status=Notification.Status.SENT, attempts=F("attempts") + 1, sent_at=timezone.now(), last_error=""
    )
    return True


def notification_send(
    *,
    recipient: User,
    partnership_id: int,
    kind: str,
    subject_key: str,
    occurrence: str = "",
    subject: str,
    body: str,
    digest_only: bool | None = None,
) -> str:
    """Send one e-mail to one person once: 'sent', 'skipped' (they chose the weekly summary
    only; recorded so it is not sent later), 'already' (sent before) or 'failed' (retried later)."""
    if not recipient.is_active or not recipient.email:
        return "skipped"
    if digest_only is None:
        digest_only = digest_only_for(recipient)
    skip = digest_only and kind not in ALWAYS_IMMEDIATE
    row = _claim(
        recipient=recipient,
        partnership_id=partnership_id,
        kind=kind,
        subject_key=subject_key,
        occurrence=occurrence,
        subject=subject,
        body=body,
        skip=skip,
    )
    if row is None:
        return "already"
    if skip:
        return "skipped"
    return "sent" if _deliver(row) else "failed"


def failed_retry(*, max_attempts: int = MAX_ATTEMPTS) -> Tally:
    """Try again each failed e-mail, at most `max_attempts` times in all."""
    tally = Tally()
    rows = Notification.objects.filter(
        status=Notification.Status.FAILED, attempts__lt=max_attempts, recipient__is_active=True
    ).order_by("pk")
    for row in rows:
        taken = Notification.objects.filter(pk=row.pk, status=Notification.Status.FAILED, attempts=row.attempts).update(
            status=Notification.Status.SENDING, claimed_at=timezone.now()
        )
        if taken:  # another machine did not take it first
            tally.retried += 1
            tally.add("sent" if _deliver(row) else "failed")
    return tally


# Writing the e-mails ----------------------------------------------------------------------------


def _base(base_url: str | None) -> str:
    return (base_url or settings.SITE_URL).rstrip("/")


def _render(template: str, *, recipient: User, partnership: Any, base: str, **context: Any) -> str:
    context.update(
        recipient=recipient,
        partnership=partnership,
        preferences_link=base + reverse("notifications:preferences"),
    )
    return render_to_string(f"notifications/emails/{template}.txt", context).strip() + "\n"


def _day(day: dt.date) -> str:
    return f"{day:%-d %B %Y}"


def _asked_subject(a: Assignment) -> str:
    verb = "is requested" if a.kind == "return" else "is assigned to you"
    return f"{a.what} {verb}, due {_day(a.due)}"


ASKED_KIND = {"action": Kind.ACTION_ASSIGNED, "reading": Kind.READING_ASSIGNED, "return": Kind.RETURN_REQUESTED}


def _asked_send(assignments: Iterable[Assignment], *, by_id: int | None, base_url: str | None) -> Tally:
    base = _base(base_url)
    tally = Tally()
    for a in assignments:
        for m in a.recipients:
            if m.user_id == by_id:
                continue  # nobody is told what they have just asked of themselves
            body = _render("asked", recipient=m.user, partnership=a.partnership, base=base, a=a, link=base + a.path)
            tally.add(
                notification_send(
                    recipient=m.user,
                    partnership_id=a.partnership.pk,
                    kind=ASKED_KIND[a.kind],
                    subject_key=a.key,
                    subject=_asked_subject(a),
                    body=body,
                )
            )
    return tally


# Someone is asked for something: sent once the asking has committed ------------------------------


def action_assigned_notify(*, action_id: int, by_id: int | None = None, base_url: str | None = None) -> Tally:
    """Tell whoever must act on the action. Safe on every save: each person is told once."""
    assignment = selectors.action_assignment(action_id)
    return _asked_send([assignment] if assignment else [], by_id=by_id, base_url=base_url)


def readings_assigned_notify(
    *,
    reading_ids: Iterable[int] = (),
    audit_id: int | None = None,
    by_id: int | None = None,
    base_url: str | None = None,
) -> Tally:
    """Tell readers of a running audit what they are to read (when assigned, or when it starts)."""
    assignments = selectors.reading_assignments(reading_ids=reading_ids, audit_id=audit_id)
    return _asked_send(assignments, by_id=by_id, base_url=base_url)


def returns_requested_notify(
    *, request_ids: Iterable[int], by_id: int | None = None, base_url: str | None = None
) -> Tally:
    """Tell each agency's leads that a review asks for the agency's return."""
    return _asked_send(selectors.return_assignments(request_ids=request_ids), by_id=by_id, base_url=base_url)


def _pk(user: Any) -> int | None:
    return getattr(user, "pk", None)


def on_action_saved(*, action: Any, by: Any = None) -> None:
    """The one line `loop.services.action_save` calls: notify after the save commits."""
    transaction.on_commit(functools.partial(action_assigned_notify, action_id=action.pk, by_id=_pk(by)), robust=True)


def on_reader_assigned(*, reading: Any, by: Any = None) -> None:
    transaction.on_commit(
        functools.partial(readings_assigned_notify, reading_ids=[reading.pk], by_id=_pk(by)), robust=True
    )


def on_audit_started(*, audit: Any, by: Any = None) -> None:
    transaction.on_commit(functools.partial(readings_assigned_notify, audit_id=audit.pk, by_id=_pk(by)), robust=True)


def on_returns_requested(*, requests: Iterable[Any], by: Any = None) -> None:
    ids = [r.pk for r in requests]
    transaction.on_commit(functools.partial(returns_requested_notify, request_ids=ids, by_id=_pk(by)), robust=True)


def on_safety_flag_raised(*, flag: Any, recipients: Iterable[Membership], subject: str, body: str) -> None:
    """An alert that a child feels unsafe: always sent at once, to each recipient, once."""
    people = [(m.user, m.partnership_id) for m in recipients]

    def send() -> None:
        for user, partnership_id in people:
            notification_send(
                recipient=user,
                partnership_id=partnership_id,
                kind=Kind.SAFETY_FLAG,
                subject_key=f"flag:{flag.pk}",
                subject=subject,
                body=body,
            )

    transaction.on_commit(send, robust=True)


# Reminders around the due date -----------------------------------------------------------------


def _reminder(a: Assignment, today: dt.date, days_before: int, every: int) -> tuple[str, str] | None:
    """(kind, occurrence) of the reminder due today, if any: once in the days before the due
    date, then the day after it and every `every` days while it is not done."""
    if a.due >= today:
        return (Kind.DUE_SOON, a.due.isoformat()) if a.due <= today + dt.timedelta(days=days_before) else None
    late = (today - a.due).days
    return Kind.OVERDUE, f"{a.due.isoformat()}/{(late - 1) // every}"


def _reminder_subject(a: Assignment, kind: str, today: dt.date) -> str:
    if kind == Kind.OVERDUE:
        return f"Overdue: {a.what} was due on {_day(a.due)}"
    days = (a.due - today).days
    when = "today" if days == 0 else f"in {days} day{'s' if days != 1 else ''}"
    return f"Reminder: {a.what} is due {when}"


def reminders_send(
    *,
    today: dt.date,
    base_url: str | None = None,
    days_before: int | None = None,
    overdue_every: int | None = None,
) -> Tally:
    """Remind each person of what they were asked for: before the due date and after it."""
    days_before = settings.NOTIFY_DAYS_BEFORE if days_before is None else days_before
    every = max(1, settings.NOTIFY_OVERDUE_EVERY_DAYS if overdue_every is None else overdue_every)
    base = _base(base_url)
    due: list[tuple[Assignment, Membership, str, str]] = []
    for a in selectors.open_assignments(due_by=today + dt.timedelta(days=days_before)):
        reminder = _reminder(a, today, days_before, every)
        if reminder is not None:
            due += [(a, m, *reminder) for m in a.recipients]
    # What was sent before, in one query, so that a quiet day renders nothing.
    done = set(
        Notification.objects.filter(
            kind__in=[Kind.DUE_SOON, Kind.OVERDUE], subject_key__in={a.key for a, *_ in due}
        ).values_list("recipient_id", "kind", "subject_key", "occurrence")
    )
    summary_only = _digest_only_ids(m.user_id for _, m, *_ in due)
    tally = Tally()
    for a, m, kind, occurrence in due:
        if (m.user_id, kind, a.key, occurrence) in done:
            tally.add("already")
            continue
        body = _render(
            "reminder",
            recipient=m.user,
            partnership=a.partnership,
            base=base,
            a=a,
            link=base + a.path,
            overdue=kind == Kind.OVERDUE,
        )
        tally.add(
            notification_send(
                recipient=m.user,
                partnership_id=a.partnership.pk,
                kind=kind,
                subject_key=a.key,
                occurrence=occurrence,
                subject=_reminder_subject(a, kind, today),
                body=body,
                digest_only=m.user_id in summary_only,
            )
        )
    return tally


# The weekly summary ------------------------------------------------------------------------------


def digest_weekday() -> int:
    day = str(settings.NOTIFY_DIGEST_DAY).strip().lower()
    return WEEKDAYS.index(day) if day in WEEKDAYS else 0


def digests_send(*, today: dt.date, base_url: str | None = None, ahead_days: int | None = None) -> Tally:
    """Once a week (from the digest day on, so a missed run is made up), each person's summary
    for each partnership: what is overdue and what is due in the coming weeks. Nothing to say,
    no e-mail."""
    tally = Tally()
    if today.weekday() < digest_weekday():
        return tally
    ahead = settings.NOTIFY_DIGEST_AHEAD_DAYS if ahead_days is None else ahead_days
    year, week, _ = today.isocalendar()
    occurrence = f"{year}-W{week:02d}"
    base = _base(base_url)
    people: dict[tuple[int, int], tuple[Membership, list[Assignment]]] = {}
    for a in selectors.open_assignments(due_by=today + dt.timedelta(days=ahead)):
        for m in a.recipients:
            people.setdefault((m.partnership_id, m.user_id), (m, []))[1].append(a)
    done = set(
        Notification.objects.filter(kind=Kind.DIGEST, occurrence=occurrence).values_list("recipient_id", "subject_key")
    )
    for (partnership_id, user_id), (m, items) in sorted(people.items(), key=lambda kv: kv[0]):
        key = f"partnership:{partnership_id}"
        if (user_id, key) in done:
            tally.add("already")
            continue
        items.sort(key=lambda a: (a.due, a.kind, a.pk))
        overdue = [{"a": a, "link": base + a.path} for a in items if a.due < today]
        coming = [{"a": a, "link": base + a.path} for a in items if a.due >= today]
        parts = [f"{len(overdue)} overdue"] if overdue else []
        parts += [f"{len(coming)} due soon"] if coming else []
        body = _render(
            "digest",
            recipient=m.user,
            partnership=m.partnership,
            base=base,
            overdue=overdue,
            due=coming,
            ahead_days=ahead,
        )
        tally.add(
            notification_send(
                recipient=m.user,
                partnership_id=partnership_id,
                kind=Kind.DIGEST,
                subject_key=key,
                occurrence=occurrence,
                subject=f"Your week in LearnLoop for {m.partnership.name}: {' and '.join(parts)}",
                body=body,
            )
        )
    return tally


# The daily run ------------------------------------------------------------------------------------


def notifications_send_due(*, today: dt.date, base_url: str | None = None) -> Tally:
    """Everything the daily command does: retry failures, send reminders, send summaries."""
    tally = failed_retry()
    tally += reminders_send(today=today, base_url=base_url)
    tally += digests_send(today=today, base_url=base_url)
    return tally
