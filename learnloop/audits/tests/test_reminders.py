"""Reminders before and after the due date, with controlled dates; never sent twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command

from learnloop.audits import services
from learnloop.audits.models import ReadingReminder
from learnloop.audits.panels import audit_home_panel
from learnloop.audits.reminders import reminders_send

from .conftest import DUE, default_answers


def test_nothing_is_sent_more_than_a_week_before(world, setup):
    run = reminders_send(today=DUE - dt.timedelta(days=8))
    assert run.sent == 0 and mail.outbox == []


def test_one_reminder_before_and_one_after_the_due_date(world, setup):
    # The contributor has two readings, the education lead one: three e-mails a week before.
    run = reminders_send(today=DUE - dt.timedelta(days=7), base_url="https://learnloop.example")
    assert (run.sent, run.already_sent) == (3, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["edu@glen.test", "worker@glen.test", "worker@glen.test"]
    message = mail.outbox[0]
    assert "due in 7 days" in message.subject
    assert "https://learnloop.example/p/glen/audits/1/readings/" in message.body
    assert "SW-2025" not in message.body  # no case reference in an e-mail

    # Running again the same day, or the next day (another machine, a second cron): nothing new.
    assert reminders_send(today=DUE - dt.timedelta(days=7)).sent == 0
    assert reminders_send(today=DUE - dt.timedelta(days=2)).already_sent == 3
    assert len(mail.outbox) == 3

    # The education lead submits; after the due date only the contributor's two are overdue.
    services.reading_save(
        reading=setup.edu1, answers=default_answers(setup.audit), submit=True, by=world.education_lead
    )
    run = reminders_send(today=DUE + dt.timedelta(days=1))
    assert run.sent == 2
    assert all("Overdue" in m.subject for m in mail.outbox[3:])
    assert ReadingReminder.objects.count() == 5


def test_moving_the_due_date_allows_fresh_reminders(world, setup):
    reminders_send(today=DUE - dt.timedelta(days=1))
    audit = setup.audit
    audit.due_date = DUE + dt.timedelta(days=14)
    audit.save()
    assert reminders_send(today=DUE + dt.timedelta(days=10)).sent == 3


def test_the_command_takes_a_date_and_says_what_it_did(world, setup):
    out = StringIO()
    call_command("send_audit_reminders", today=(DUE + dt.timedelta(days=3)).isoformat(), stdout=out)
    assert out.getvalue().strip() == "Sent 3 reminders; 0 already sent."
    out = StringIO()
    call_command("send_audit_reminders", today=(DUE + dt.timedelta(days=3)).isoformat(), stdout=out)
    assert out.getvalue().strip() == "Sent 0 reminders; 3 already sent."


def test_the_home_panel_shows_a_readers_readings_with_overdue_marked(world, setup, django_assert_max_num_queries):
    m = world.membership(world.contributor)
    with django_assert_max_num_queries(3):
        panel = audit_home_panel(m, today=DUE + dt.timedelta(days=1))
    assert panel is not None and len(panel.context["readings"]) == 2
    assert all(r.overdue for r in panel.context["readings"])
    assert audit_home_panel(world.membership(world.viewer), today=DUE) is None
