"""The audit log: every write, export, sign-in and failed sign-in; append-only; searchable."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learnloop.core.models import AuditEntry
from learnloop.testing.factories import LearningPointFactory


def test_writes_are_logged_with_who_what_and_the_changes(client, world):
    client.force_login(world.lead)
    lp = LearningPointFactory(partnership=world.partnership, title="Before")
    created = AuditEntry.objects.get(event="create", object_type="loop.LearningPoint")
    assert created.partnership == world.partnership
    assert created.changes["title"] == [None, "Before"]
    lp.title = "After"
    lp.save()
    updated = AuditEntry.objects.get(event="update", object_type="loop.LearningPoint")
    assert updated.changes == {"title": ["Before", "After"]}
    pk = lp.pk
    lp.delete()
    assert AuditEntry.objects.filter(event="delete", object_type="loop.LearningPoint", object_id=str(pk)).exists()


def test_a_request_records_the_user_and_address(client, world):
    client.force_login(world.lead)
    client.post(
        reverse("themes:add", args=["glen"]), {"name": "Young carers", "description": ""}, REMOTE_ADDR="203.0.113.9"
    )
    entry = AuditEntry.objects.get(event="create", object_type="themes.Theme", object_repr="Young carers")
    assert entry.user == world.lead
    assert entry.actor == "lead@glen.test"
    assert entry.ip_address == "203.0.113.9"


def test_entries_cannot_be_changed_or_deleted(world):
    entry = AuditEntry.objects.first()
    entry.detail = "tampered"
    with pytest.raises(PermissionError):
        entry.save()
    with pytest.raises(PermissionError):
        entry.delete()


def test_sign_in_and_failed_sign_in_are_logged(client, world):
    response = client.post(
        reverse("accounts:login"), {"username": "lead@glen.test", "password": "wrong"}, REMOTE_ADDR="198.51.100.7"
    )
    assert response.status_code == 200
    assert "Enter a correct e-mail address and password" in response.content.decode()
    failed = AuditEntry.objects.get(event="sign_in_failed")
    assert failed.actor == "lead@glen.test" and failed.ip_address == "198.51.100.7"
    response = client.post(
        reverse("accounts:login"), {"username": "lead@glen.test", "password": "correct horse battery"}
    )
    assert response.status_code == 302
    assert AuditEntry.objects.get(event="sign_in").user == world.lead


def test_repeated_failures_lock_the_account_out(client, world, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("accounts:login"), {"username": "lead@glen.test", "password": "wrong"})
    response = client.post(
        reverse("accounts:login"), {"username": "lead@glen.test", "password": "correct horse battery"}
    )
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert "paused for 1 hour." in response.content.decode()


def test_lead_officer_searches_the_log_and_sees_only_their_partnership(client, world):
    LearningPointFactory(partnership=world.partnership, title="Glen learning")
    LearningPointFactory(partnership=world.other_partnership, title="Other learning")
    client.post(reverse("accounts:login"), {"username": "edu@glen.test", "password": "wrong"})
    client.force_login(world.lead)
    page = client.get(reverse("core:audit_log", args=["glen"])).content.decode()
    assert "Glen learning" in page
    assert "Other learning" not in page
    assert "Failed sign-in" in page
    page = client.get(
        reverse("core:audit_log", args=["glen"]), {"q": "Glen learning", "event": "create"}
    ).content.decode()
    assert "1 entry" in page


def test_the_log_cannot_be_changed_in_bulk(world):
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().update(detail="tampered")
    with pytest.raises(PermissionError):
        AuditEntry.objects.all().delete()


def test_changes_to_people_are_logged_without_their_password(world):
    world.viewer.full_name = "Vic Viewer-Smith"
    world.viewer.set_password("another long phrase")
    world.viewer.save()
    entry = AuditEntry.objects.filter(event="update", object_type="accounts.User").latest("id")
    assert entry.changes == {"full_name": ["Vic Viewer", "Vic Viewer-Smith"]}
    assert "another" not in str(AuditEntry.objects.filter(object_type="accounts.User").values_list("changes"))


def test_removing_a_person_keeps_their_entries_with_their_name(world):
    entry = AuditEntry.objects.create(event="sign_in", user=world.viewer, actor=world.viewer.email)
    world.viewer.delete()
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert entry.user is None and entry.actor == "viewer@glen.test"


def test_forgotten_password_sends_a_link_only_to_known_people(client, world):
    from django.core import mail

    client.post(reverse("accounts:forgotten_password"), {"email": "lead@glen.test"})
    response = client.post(reverse("accounts:forgotten_password"), {"email": "nobody@glen.test"}, follow=True)
    assert "Check your e-mail" in response.content.decode()
    assert [m.to for m in mail.outbox] == [["lead@glen.test"]]
    assert "set-password" in mail.outbox[0].body


def test_records_without_their_own_partnership_are_logged_under_their_parents(world):
    from learnloop.loop import services
    from learnloop.testing.factories import ActionFactory, LearningPointFactory

    action = ActionFactory(learning_point=LearningPointFactory(partnership=world.partnership))
    update = services.action_add_update(action=action, text="Progress", by=world.lead)
    entry = AuditEntry.objects.get(event="create", object_type="loop.ActionUpdate", object_id=str(update.pk))
    assert entry.partnership == world.partnership
    created = AuditEntry.objects.filter(event="create", object_type="partnership.Partnership").first()
    assert created.partnership_id == int(created.object_id)
