"""Tokens for the national view: chosen on the partnership's form or made on the national page,
shown once, seen and revoked by their owner only (and by staff who manage national readers)."""

from __future__ import annotations

import datetime
import hashlib

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from learnloop.accounts.models import User
from learnloop.national.models import NationalMembership
from learnloop.tokens import services
from learnloop.tokens.models import AccessToken

pytestmark = pytest.mark.django_db


def _expiry(days=90):
    d = timezone.localdate() + datetime.timedelta(days=days)
    return {"expires_on_day": d.day, "expires_on_month": d.month, "expires_on_year": d.year}


def test_a_member_chooses_the_national_scope_on_the_partnerships_form(client, world):
    client.force_login(world.viewer)
    form = client.get(reverse("tokens:create", args=["glen"])).content.decode()
    assert "The national view only" in form and 'value="partnership"' in form
    response = client.post(
        reverse("tokens:create", args=["glen"]), {"name": "Benchmarks", "scope": "national", **_expiry()}
    )
    assert response.status_code == 200 and response["Cache-Control"] == "no-store"
    token = AccessToken.objects.get()
    secret = response.context["secret"]
    assert token.scope == "national" and token.partnership is None and token.user == world.viewer
    assert token.secret_hash == hashlib.sha256(secret.encode()).hexdigest()
    assert "/api/national/indicators/" in response.content.decode()
    # Listed on the national page, not among the partnership's tokens, and not to the lead officer.
    assert "Benchmarks" in client.get(reverse("national_tokens:list")).content.decode()
    assert "Benchmarks" not in client.get(reverse("tokens:list", args=["glen"])).content.decode()
    client.force_login(world.lead)
    assert "Benchmarks" not in client.get(reverse("tokens:list", args=["glen"])).content.decode()
    assert client.get(reverse("tokens:revoke", args=["glen", token.pk])).status_code == 404
    assert client.get(reverse("national_tokens:revoke", args=[token.pk])).status_code == 404


def test_the_partnership_scope_is_still_the_default_choice(client, world):
    client.force_login(world.viewer)
    client.post(reverse("tokens:create", args=["glen"]), {"name": "R", "scope": "partnership", **_expiry()})
    assert AccessToken.objects.get().partnership == world.partnership
    client.post(reverse("tokens:create", args=["glen"]), {"name": "R2", **_expiry()})
    assert AccessToken.objects.get(name="R2").scope == "partnership"


def test_a_national_reader_makes_and_revokes_a_token_on_the_national_page(client, world):
    reader = User.objects.create_user(email="r@national.test", full_name="R")
    NationalMembership.objects.create(user=reader, body="Care Inspectorate")
    client.force_login(reader)
    response = client.post(reverse("national_tokens:create"), {"name": "Dashboard", **_expiry()})
    token = AccessToken.objects.get()
    assert (
        token.is_national
        and response.context["secret"] not in client.get(reverse("national_tokens:list")).content.decode()
    )
    response = client.post(reverse("national_tokens:revoke", args=[token.pk]))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == reader


def test_someone_without_the_national_view_cannot_reach_the_pages(client, world):
    client.force_login(User.objects.create_user(email="n@x.test", full_name="N"))
    assert client.get(reverse("national_tokens:list")).status_code == 404
    assert client.post(reverse("national_tokens:create"), {"name": "x", **_expiry()}).status_code == 404
    assert not AccessToken.objects.exists()


def test_staff_who_manage_national_readers_revoke_national_tokens_in_the_admin(client, world):
    token, _ = services.national_token_create(
        user=world.viewer, name="R", expires_on=timezone.localdate() + datetime.timedelta(days=9)
    )
    services.token_create(
        membership=world.membership(world.lead), name="Partnership's own", expires_on=token.expires_on
    )
    staff = User.objects.create_user(email="staff@x.test", full_name="S", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("admin:tokens_nationaltoken_changelist")).status_code == 403
    staff.user_permissions.add(Permission.objects.get(codename="change_nationalmembership"))
    listing = client.get(reverse("admin:tokens_nationaltoken_changelist")).content.decode()
    assert token.prefix in listing and "Partnership&#x27;s own" not in listing
    client.post(
        reverse("admin:tokens_nationaltoken_changelist"),
        {"action": "revoke", "_selected_action": [token.pk]},
    )
    token.refresh_from_db()
    assert token.revoked_by == staff
