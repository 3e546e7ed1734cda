from __future__ import annotations

from django.core import mail
from django.urls import reverse

from learnloop.accounts.models import Membership, User


def test_lead_officer_adds_a_member_who_is_invited_to_set_a_password(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("partnership:member_add", args=["glen"]),
            {
                "full_name": "Nina New",
                "email": "Nina@Glen.test",
                "role": "agency_lead",
                "agency": str(world.education.pk),
            },
        )
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="nina@glen.test")
    assert membership.role == "agency_lead" and membership.agency == world.education
    assert len(mail.outbox) == 1
    assert "set-password" in mail.outbox[0].body
    link = next(word for word in mail.outbox[0].body.split() if "set-password" in word)
    path = link.split("testserver", 1)[1]
    client.logout()
    response = client.get(path, follow=True)
    form_path = response.redirect_chain[-1][0]
    client.post(form_path, {"new_password1": "a long pass phrase 2026", "new_password2": "a long pass phrase 2026"})
    assert User.objects.get(email="nina@glen.test").check_password("a long pass phrase 2026")


def test_agency_lead_needs_an_agency(client, world):
    client.force_login(world.lead)
    response = client.post(
        reverse("partnership:member_add", args=["glen"]),
        {"full_name": "Nina New", "email": "nina@glen.test", "role": "agency_lead"},
    )
    assert "Choose the agency this person works for" in response.content.decode()
    assert 'value="Nina New"' in response.content.decode()
    assert not User.objects.filter(email="nina@glen.test").exists()


def test_an_existing_member_is_not_added_twice(client, world):
    client.force_login(world.lead)
    response = client.post(
        reverse("partnership:member_add", args=["glen"]),
        {"full_name": "Ed", "email": "edu@glen.test", "role": "viewer"},
    )
    assert "already a member" in response.content.decode()


def test_switching_off_a_member_removes_their_access(client, world):
    membership = Membership.objects.get(user=world.viewer)
    client.force_login(world.lead)
    client.post(
        reverse("partnership:member_edit", args=["glen", membership.pk]),
        {"role": "viewer", "agency": str(world.education.pk)},  # is_active unticked
    )
    client.force_login(world.viewer)
    assert client.get(reverse("loop:home", args=["glen"])).status_code == 404


def test_the_last_lead_officer_cannot_be_demoted(client, world):
    membership = Membership.objects.get(user=world.lead)
    client.force_login(world.lead)
    response = client.post(
        reverse("partnership:member_edit", args=["glen", membership.pk]), {"role": "viewer", "is_active": "on"}
    )
    assert "at least one active lead officer" in response.content.decode()


def test_members_of_another_partnership_cannot_be_edited(client, world):
    other = Membership.objects.get(user=world.outsider)
    client.force_login(world.lead)
    assert client.get(reverse("partnership:member_edit", args=["glen", other.pk])).status_code == 404


def test_lead_officer_adds_an_agency_and_renames_a_subgroup(client, world):
    client.force_login(world.lead)
    client.post(
        reverse("partnership:agency_add", args=["glen"]), {"name": "Housing", "kind": "housing", "is_active": "on"}
    )
    assert world.partnership.agencies.filter(name="Housing").exists()
    response = client.post(reverse("partnership:agency_add", args=["glen"]), {"name": "Housing", "kind": "housing"})
    assert "There is already an agency called" in response.content.decode()
    client.post(
        reverse("partnership:subgroup_edit", args=["glen", world.mise.pk]),
        {"name": "MISE subgroup", "short_name": "MISE", "remit": "", "is_active": "on"},
    )
    world.mise.refresh_from_db()
    assert world.mise.name == "MISE subgroup"
