"""An e-mail when someone is asked for something: to the right people only, once, after the save."""

from __future__ import annotations

import datetime as dt

from learnloop.loop import services as loop_services
from learnloop.notifications.models import Kind, Notification
from learnloop.notifications.services import preference_set
from learnloop.partnership.models import Agency
from learnloop.reviews import services as review_services

from .conftest import MONDAY, learning_point, make_action


def ask_agencies(world, review, agencies):
    return review_services.agency_requests_send(
        review=review, agencies=agencies, due_on=MONDAY + dt.timedelta(days=14), by=world.lead, today=MONDAY
    )


def test_asking_agencies_for_returns_emails_each_agencys_lead_once(
    world, review, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ask_agencies(world, review, [world.education, world.police, world.social_work])
    # Social Work has no agency lead in this world; nobody else in Glen, and nobody outside, hears.
    assert sorted(m.to[0] for m in mailoutbox) == ["edu@glen.test", "police@glen.test"]
    message = next(m for m in mailoutbox if m.to == ["edu@glen.test"])
    assert message.subject == "Education's return for review R-0001 is requested, due 16 March 2026"
    assert "http://testserver.example/p/glen/reviews/1/returns/" in message.body
    assert "Learning review: Glen 2026" in message.body
    # No child's details: not the review's label for the child, nor the case reference.
    assert "Child Q" not in message.body and "SWIFT-99812" not in message.body
    assert "A baby was harmed" not in message.body  # nor the circumstances

    # Asking again (a new agency, or moving the due date) tells only who has not been told.
    with django_capture_on_commit_callbacks(execute=True):
        ask_agencies(world, review, [world.education, world.police])
    assert len(mailoutbox) == 2


def test_nothing_is_sent_if_the_asking_is_rolled_back(world, review, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        ask_agencies(world, review, [world.education])
    assert len(callbacks) == 1 and mailoutbox == []  # queued for after the commit, not sent inside it


def test_an_action_tells_its_named_person_only(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        action = make_action(world, owner_agency=world.social_work, owner_person=world.contributor)
    assert [m.to for m in mailoutbox] == [["worker@glen.test"]]
    assert mailoutbox[0].subject == f"Action {action.reference} is assigned to you, due 1 April 2026"
    assert f"http://testserver.example/p/glen/actions/{action.number}/" in mailoutbox[0].body

    # Editing the action again sends nothing; giving it to someone else tells them.
    with django_capture_on_commit_callbacks(execute=True):
        action.title = "Share chronologies before every IRD, in writing"
        loop_services.action_save(action=action, by=world.lead)
    assert len(mailoutbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        action.owner_person = world.subgroup_member
        loop_services.action_save(action=action, by=world.lead)
    assert [m.to for m in mailoutbox[1:]] == [["mise@glen.test"]]


def test_an_agency_action_tells_the_agencys_leads_but_not_whoever_set_it(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        make_action(world, owner_agency=world.police)
        make_action(world, owner_agency=world.education, by=world.education_lead)  # their own action
        make_action(world, owner_subgroup=world.mise)
    assert sorted(m.to[0] for m in mailoutbox) == ["mise@glen.test", "police@glen.test"]


def test_a_done_action_or_one_in_another_partnership_tells_nobody_here(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    other_agency = Agency.objects.filter(partnership=world.other_partnership).first()
    with django_capture_on_commit_callbacks(execute=True):
        make_action(world, lp=learning_point(world.other_partnership), owner_agency=other_agency, by=world.outsider)
        make_action(world, owner_agency=world.police, status="completed")
    assert mailoutbox == []


def test_someone_who_chose_the_summary_only_is_not_emailed_and_not_emailed_later(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    preference_set(user=world.contributor, digest_only=True)
    with django_capture_on_commit_callbacks(execute=True):
        action = make_action(world, owner_agency=world.social_work, owner_person=world.contributor)
    assert mailoutbox == []
    row = Notification.objects.get(recipient=world.contributor, kind=Kind.ACTION_ASSIGNED)
    assert row.status == Notification.Status.SKIPPED
    # Switching back does not send old news when the action is next edited.
    preference_set(user=world.contributor, digest_only=False)
    with django_capture_on_commit_callbacks(execute=True):
        loop_services.action_save(action=action, by=world.lead)
    assert mailoutbox == []
