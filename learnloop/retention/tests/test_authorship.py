"""A member who leaves is shown as their role and agency on what they recorded, if the partnership chooses."""

from __future__ import annotations

from django.urls import reverse

from learnloop.accounts.models import Membership
from learnloop.accounts.services import membership_update
from learnloop.core.models import AuditEntry
from learnloop.loop.models import ActionUpdate
from learnloop.retention.authorship import author_label
from learnloop.retention.models import RetentionSettings
from learnloop.testing.factories import ActionFactory


def _action_with_update(world):
    action = ActionFactory(learning_point__partnership=world.partnership, owner_agency=world.social_work)
    ActionUpdate.objects.create(action=action, text="Chronology training booked.", created_by=world.contributor)
    return action


def _switch_off(world, user):
    membership = Membership.objects.get(user=user, partnership=world.partnership)
    membership_update(
        membership=membership, role=membership.role, agency=membership.agency, subgroups=[], is_active=False
    )


def test_a_current_member_is_shown_by_name(client, world):
    action = _action_with_update(world)
    client.force_login(world.lead)
    page = client.get(reverse("loop:action", args=["glen", action.number])).content.decode()
    assert "Cara Contributor" in page


def test_a_former_member_is_shown_by_role_and_agency(client, world):
    action = _action_with_update(world)
    _switch_off(world, world.contributor)
    client.force_login(world.lead)
    page = client.get(reverse("loop:action", args=["glen", action.number])).content.decode()
    assert "Contributor, Social Work" in page
    assert "Cara Contributor" not in page
    # Their sign-in history and their account are untouched.
    world.contributor.refresh_from_db()
    assert world.contributor.full_name == "Cara Contributor"


def test_a_partnership_may_keep_showing_names(client, world):
    action = _action_with_update(world)
    _switch_off(world, world.contributor)
    RetentionSettings.objects.create(partnership=world.partnership, former_members_shown_by_role=False)
    client.force_login(world.lead)
    page = client.get(reverse("loop:action", args=["glen", action.number])).content.decode()
    assert "Cara Contributor" in page


def test_the_helper_asks_the_database_once_a_page(world, django_assert_num_queries):
    _switch_off(world, world.contributor)
    partnership = world.partnership
    with django_assert_num_queries(1):
        labels = [author_label(user, partnership) for user in (world.contributor, world.lead, world.viewer)] * 5
    assert labels[:3] == ["Contributor, Social Work", "Lena Lead", "Vic Viewer"]
    assert author_label(None, partnership) == ""


def test_the_former_member_in_another_partnership_keeps_their_name_here(world):
    from learnloop.accounts.roles import Role

    Membership.objects.create(user=world.viewer, partnership=world.other_partnership, role=Role.VIEWER, is_active=False)
    assert author_label(world.viewer, world.partnership) == "Vic Viewer"
    assert author_label(world.viewer, world.other_partnership) == "Viewer"


def test_sign_in_history_stays_when_a_member_leaves(client, world):
    client.post(reverse("accounts:login"), {"username": "worker@glen.test", "password": "correct horse battery"})
    signed_in = AuditEntry.objects.filter(event=AuditEntry.Event.SIGN_IN, user=world.contributor).count()
    _switch_off(world, world.contributor)
    assert AuditEntry.objects.filter(event=AuditEntry.Event.SIGN_IN, user=world.contributor).count() == signed_in
