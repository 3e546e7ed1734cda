"""The daily run: reminders before and after due dates, the weekly summary, retries; never twice."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from unittest import mock

from django.core.management import call_command
from django.utils import timezone

from learnloop.notifications import services
from learnloop.notifications.models import Kind, Notification
from learnloop.partnership.models import Agency
from learnloop.reviews import services as review_services
from learnloop.testing.factories import TrackedChildFactory

from .conftest import MONDAY, learning_point, make_action


def overdue_work(world, review):
    """Three overdue actions and a return: for the contributor, the police lead and Education."""
    make_action(
        world, owner_agency=world.social_work, owner_person=world.contributor, due_date=MONDAY - dt.timedelta(days=3)
    )
    make_action(world, owner_agency=world.police, due_date=MONDAY - dt.timedelta(days=1), title="Police briefing")
    make_action(
        world, owner_agency=world.social_work, owner_person=world.contributor, due_date=MONDAY + dt.timedelta(days=5)
    )
    make_action(world, owner_agency=world.police, due_date=MONDAY + dt.timedelta(days=40))  # not yet
    review_services.agency_requests_send(
        review=review, agencies=[world.education], due_on=MONDAY, by=world.lead, today=MONDAY - dt.timedelta(days=14)
    )


def test_reminders_go_to_whoever_must_act_and_never_twice(world, review, mailoutbox):
    overdue_work(world, review)
    tuesday = MONDAY + dt.timedelta(days=1)
    run = services.reminders_send(today=tuesday)
    # The contributor: one overdue, one due in 4 days; the police lead and Education's lead: overdue.
    assert (run.sent, run.already) == (4, 0)
    assert sorted((m.to[0], m.subject.split(":")[0]) for m in mailoutbox) == [
        ("edu@glen.test", "Overdue"),
        ("police@glen.test", "Overdue"),
        ("worker@glen.test", "Overdue"),
        ("worker@glen.test", "Reminder"),
    ]
    # A second run the same day, or a second machine: nothing new.
    assert services.reminders_send(today=tuesday).sent == 0
    assert len(mailoutbox) == 4
    # The overdue ones again a week on; the coming one is not reminded again before it is due.
    run = services.reminders_send(today=tuesday + dt.timedelta(days=7))
    assert run.sent == 4  # three still overdue a week on, and the fourth now overdue too


def test_the_weekly_summary_lists_each_persons_work_once_a_week(world, review, mailoutbox):
    overdue_work(world, review)
    run = services.digests_send(today=MONDAY)
    assert sorted(m.to[0] for m in mailoutbox) == ["edu@glen.test", "police@glen.test", "worker@glen.test"]
    summary = next(m for m in mailoutbox if m.to == ["worker@glen.test"])
    assert summary.subject == "Your week in LearnLoop for Glen Child Protection Committee: 1 overdue and 1 due soon"
    assert "Overdue (1):" in summary.body and "Due in the next 14 days (1):" in summary.body
    assert "http://testserver.example/p/glen/actions/" in summary.body
    assert "Police briefing" not in summary.body  # not the contributor's
    assert run.sent == 3
    # Later in the same week (a second run, a second machine): nothing. Next week: again.
    assert services.digests_send(today=MONDAY + dt.timedelta(days=2)).sent == 0
    assert services.digests_send(today=MONDAY + dt.timedelta(days=7)).sent == 3


def test_the_summary_day_is_a_setting(world, review, mailoutbox, settings):
    overdue_work(world, review)
    settings.NOTIFY_DIGEST_DAY = "wednesday"
    assert services.digests_send(today=MONDAY).sent == 0
    assert services.digests_send(today=MONDAY + dt.timedelta(days=3)).sent == 3  # Thursday: Wednesday's was missed


def test_summary_only_people_get_the_summary_and_no_reminders(world, review, mailoutbox):
    overdue_work(world, review)
    services.preference_set(user=world.contributor, digest_only=True)
    services.notifications_send_due(today=MONDAY + dt.timedelta(days=1))
    to_contributor = [m.subject for m in mailoutbox if m.to == ["worker@glen.test"]]
    assert len(to_contributor) == 1 and to_contributor[0].startswith("Your week in LearnLoop")


def test_each_partnership_hears_only_of_its_own_work(world, review, mailoutbox):
    other_agency = Agency.objects.filter(partnership=world.other_partnership).first()
    make_action(
        world,
        lp=learning_point(world.other_partnership),
        owner_agency=other_agency,
        owner_person=world.outsider,
        due_date=MONDAY - dt.timedelta(days=2),
        title="Other partnership's action",
        by=world.outsider,
    )
    overdue_work(world, review)
    services.notifications_send_due(today=MONDAY)
    to_outsider = [m for m in mailoutbox if m.to == ["lead@other.test"]]
    assert len(to_outsider) == 2  # the overdue reminder and the summary
    assert all("/p/other/" in m.body and "/p/glen/" not in m.body for m in to_outsider)
    assert not any("Other partnership's action" in m.body for m in mailoutbox if m.to != ["lead@other.test"])


def test_no_child_details_in_any_email(world, review, mailoutbox):
    lp = learning_point(world.partnership)
    child = TrackedChildFactory(
        partnership=world.partnership, agency=world.police, local_case_reference="CARE-55501", label="Child T"
    )
    child.learning_points.add(lp)
    overdue_work(world, review)
    make_action(world, lp=lp, owner_agency=world.police, due_date=MONDAY - dt.timedelta(days=9))
    services.notifications_send_due(today=MONDAY)
    assert len(mailoutbox) >= 6
    for message in mailoutbox:
        for detail in ("Child Q", "SWIFT-99812", "CARE-55501", "A baby was harmed", "Health visitor", "Child T"):
            assert detail not in message.body and detail not in message.subject


def test_a_claim_by_another_machine_means_this_one_sends_nothing(world, review, mailoutbox):
    overdue_work(world, review)
    # Another machine has claimed the police lead's reminder and is sending it right now.
    police_action = world.police.actions.order_by("due_date").first()
    Notification.objects.create(
        partnership=world.partnership,
        recipient=world.police_lead,
        kind=Kind.OVERDUE,
        subject_key=f"action:{police_action.pk}",
        occurrence=f"{police_action.due_date.isoformat()}/0",
        sent_to=world.police_lead.email,
        subject="x",
        body="x",
        claimed_at=timezone.now(),
    )
    run = services.reminders_send(today=MONDAY + dt.timedelta(days=1))
    assert run.already == 1 and "police@glen.test" not in [m.to[0] for m in mailoutbox]


def test_the_unique_claim_stops_a_second_send_even_without_looking_first(world, mailoutbox):
    kwargs = {
        "recipient": world.police_lead,
        "partnership_id": world.partnership.pk,
        "kind": Kind.DUE_SOON,
        "subject_key": "action:1",
        "occurrence": "2026-03-09",
        "subject": "Reminder",
        "body": "Body",
    }
    assert services.notification_send(**kwargs) == "sent"
    assert services.notification_send(**kwargs) == "already"  # the insert hit the unique constraint
    assert len(mailoutbox) == 1


def test_a_failed_email_is_recorded_and_sent_on_the_next_run_only_once(world, review, mailoutbox):
    overdue_work(world, review)
    with mock.patch("learnloop.notifications.services.send_mail", side_effect=ConnectionRefusedError("mail down")):
        run = services.reminders_send(today=MONDAY + dt.timedelta(days=1))
    assert run.failed == 4 and mailoutbox == []
    failed = Notification.objects.filter(status=Notification.Status.FAILED)
    assert failed.count() == 4 and "mail down" in failed.first().last_error
    run = services.notifications_send_due(today=MONDAY + dt.timedelta(days=2))
    assert run.retried == 4 and len([m for m in mailoutbox if "Overdue" in m.subject or "Reminder" in m.subject]) == 4
    assert services.failed_retry().retried == 0
    assert not Notification.objects.filter(status=Notification.Status.FAILED).exists()


def test_the_daily_command_twice_the_same_day_sends_nothing_new(world, review, mailoutbox):
    overdue_work(world, review)
    out = StringIO()
    call_command("send_notifications", today=MONDAY.isoformat(), stdout=out)
    first = len(mailoutbox)
    assert first == 7 and out.getvalue().startswith("Sent 7 e-mails; 0 already sent;")  # 4 reminders, 3 summaries
    out = StringIO()
    call_command("send_notifications", today=MONDAY.isoformat(), stdout=out)
    assert len(mailoutbox) == first and out.getvalue().startswith("Sent 0 e-mails; 7 already sent;")
