"""Readers are told when an audit starts, and reminded before and after the due date; never twice.

The e-mails are sent by the notifications app (`manage.py send_notifications`); these tests use
the audit fixture to check the audit's side of it.
"""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core import mail
from django.core.management import call_command

from learnloop.audits import services
from learnloop.audits.models import Audit
from learnloop.audits.panels import audit_home_panel
from learnloop.notifications.models import Kind, Notification
from learnloop.notifications.services import readings_assigned_notify, reminders_send

from .conftest import DUE, default_answers


def test_nothing_is_sent_more_than_a_week_before(world, setup):
    run = reminders_send(today=DUE - dt.timedelta(days=8))
    assert run.sent == 0 and mail.outbox == []


def test_one_reminder_before_and_then_weekly_after_the_due_date(world, setup):
    # The contributor has two readings, the education lead one: three e-mails a week before.
    run = reminders_send(today=DUE - dt.timedelta(days=7), base_url="https://learnloop.example")
    assert (run.sent, run.already) == (3, 0)
    assert sorted(m.to[0] for m in mail.outbox) == ["edu@glen.test", "worker@glen.test", "worker@glen.test"]
    message = mail.outbox[0]
    assert "due in 7 days" in message.subject
    assert "https://learnloop.example/p/glen/audits/1/readings/" in message.body
    assert "SW-2025" not in message.body  # no case reference in an e-mail

    # Running again the same day, or the next day (another machine, a second cron): nothing new.
    assert reminders_send(today=DUE - dt.timedelta(days=7)).sent == 0
    assert reminders_send(today=DUE - dt.timedelta(days=2)).already == 3
    assert len(mail.outbox) == 3

    # The education lead submits; after the due date only the contributor's two are overdue.
    services.reading_save(
        reading=setup.edu1, answers=default_answers(setup.audit), submit=True, by=world.education_lead
    )
    assert reminders_send(today=DUE + dt.timedelta(days=1)).sent == 2
    assert all("Overdue" in m.subject for m in mail.outbox[3:])
    assert reminders_send(today=DUE + dt.timedelta(days=7)).sent == 0  # weekly, not daily
    assert reminders_send(today=DUE + dt.timedelta(days=8)).sent == 2
    assert Notification.objects.filter(kind=Kind.OVERDUE).count() == 4


def test_moving_the_due_date_allows_fresh_reminders(world, setup):
    reminders_send(today=DUE - dt.timedelta(days=1))
    audit = setup.audit
    audit.due_date = DUE + dt.timedelta(days=14)
    audit.save()
    assert reminders_send(today=DUE + dt.timedelta(days=10)).sent == 3


def test_readers_of_a_planned_audit_are_told_when_it_starts(world, setup, django_capture_on_commit_callbacks):
    audit = services.audit_save(
        audit=Audit(
            partnership=world.partnership,
            title="Neglect: plans",
            tool=setup.tool,
            sample_size=1,
            selection_criteria="Any.",
            planned_start=DUE,
            due_date=DUE + dt.timedelta(days=28),
        ),
        agencies=[world.education],
        by=world.lead,
    )
    with django_capture_on_commit_callbacks(execute=True):
        case = services.case_add(
            audit=audit, local_case_reference="ED-77", age_band="5-10", why_selected="Neglect", by=world.lead
        )
        services.reader_assign(case=case, reader=world.education_lead, agency=world.education, by=world.lead)
    assert mail.outbox == []  # a planned audit's readings cannot be started yet
    with django_capture_on_commit_callbacks(execute=True):
        services.audit_set_status(audit=audit, status=Audit.Status.RUNNING, by=world.lead, today=DUE)
    assert [m.to for m in mail.outbox] == [["edu@glen.test"]]
    assert mail.outbox[0].subject == "Reading of case 1 for audit AUD-002 is assigned to you, due 2 March 2026"
    assert "ED-77" not in mail.outbox[0].body
    # Starting again after moderation tells nobody twice.
    assert readings_assigned_notify(audit_id=audit.pk).already == 1


def test_the_command_takes_a_date_and_says_what_it_did(world, setup):
    out = StringIO()
    call_command("send_notifications", today=(DUE + dt.timedelta(days=3)).isoformat(), stdout=out)
    # Three overdue reminders, and the week's summary to each of the two readers.
    assert out.getvalue().startswith("Sent 5 e-mails; 0 already sent;")
    out = StringIO()
    call_command("send_notifications", today=(DUE + dt.timedelta(days=3)).isoformat(), stdout=out)
    assert out.getvalue().startswith("Sent 0 e-mails; 5 already sent;")


def test_the_home_panel_shows_a_readers_readings_with_overdue_marked(world, setup, django_assert_max_num_queries):
    m = world.membership(world.contributor)
    with django_assert_max_num_queries(3):
        panel = audit_home_panel(m, today=DUE + dt.timedelta(days=1))
    assert panel is not None and len(panel.context["readings"]) == 2
    assert all(r.overdue for r in panel.context["readings"])
    assert audit_home_panel(world.membership(world.viewer), today=DUE) is None
