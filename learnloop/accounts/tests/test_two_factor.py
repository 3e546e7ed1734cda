"""Two-factor sign-in: the partnership's setting, set-up, sign-in with a code or a recovery code,
lock-out after wrong codes, a lead officer's reset, and the audit entry for each step."""

from __future__ import annotations

import re
import time

import pytest
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from learnloop.accounts import two_factor
from learnloop.accounts.roles import Role
from learnloop.core.models import AuditEntry
from learnloop.partnership.models import Partnership

PASSWORD = "correct horse battery"


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    """The code an app shows now (or `steps_ahead` steps of 30 seconds later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def set_up_device(user) -> tuple[TOTPDevice, list[str]]:
    device = two_factor.totp_device_start(user=user)
    codes = two_factor.totp_device_confirm(user=user, device=device, token=code_for(device))
    device.refresh_from_db()
    return device, codes


def wait_out_throttle(user) -> None:
    """django-otp makes a device wait a second after a wrong code (doubling each time): skip the wait."""
    TOTPDevice.objects.filter(user=user).update(throttling_failure_timestamp=None, throttling_failure_count=0)


def sign_in(client, email: str) -> None:
    response = client.post(reverse("accounts:login"), {"username": email, "password": PASSWORD})
    assert response.status_code == 302


def events(kind: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(event=kind))


# The partnership's setting -------------------------------------------------------------------


def test_by_default_the_roles_that_read_confidential_records_must_use_it(world):
    assert world.partnership.two_factor_roles == [Role.LEAD_OFFICER, Role.AGENCY_LEAD, Role.CONTRIBUTOR]


def test_lead_officer_chooses_the_roles_and_cannot_drop_their_own(client, world):
    client.force_login(world.lead)
    url = reverse("partnership:settings", args=["glen"])
    assert "Roles that must use two-factor sign-in" in client.get(url).content.decode()
    response = client.post(url, {"name": "Glen CPC", "rag_amber_days": 14, "two_factor_roles": ["viewer"]})
    assert response.status_code == 302
    assert Partnership.objects.get(slug="glen").two_factor_roles == [Role.LEAD_OFFICER, Role.VIEWER]


def test_only_the_lead_officer_edits_the_setting(client, world):
    client.force_login(world.education_lead)
    url = reverse("partnership:settings", args=["glen"])
    assert client.post(url, {"name": "x", "rag_amber_days": 1, "two_factor_roles": []}).status_code == 404
    assert Partnership.objects.get(slug="glen").two_factor_roles != []


# Required set-up -----------------------------------------------------------------------------


@pytest.mark.two_factor
def test_a_required_role_without_a_device_sets_it_up_before_any_partnership_page(client, world):
    sign_in(client, "lead@glen.test")
    home = reverse("loop:home", args=["glen"])
    response = client.get(home)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:two_factor_set_up"))
    assert client.get(reverse("partnership:settings", args=["glen"])).status_code == 302
    assert client.get(reverse("api:schema")).status_code == 302


@pytest.mark.two_factor
def test_a_role_that_may_choose_reaches_its_pages_without_it(client, world):
    sign_in(client, "viewer@glen.test")
    assert client.get(reverse("loop:home", args=["glen"])).status_code == 200


def test_nobody_is_made_to_set_it_up_when_two_factor_is_not_required(client, world, settings):
    settings.TWO_FACTOR_REQUIRED = False
    sign_in(client, "lead@glen.test")
    assert client.get(reverse("loop:home", args=["glen"])).status_code == 200


@pytest.mark.two_factor
def test_set_up_shows_a_qr_code_and_key_then_recovery_codes_once(client, world):
    sign_in(client, "lead@glen.test")
    url = reverse("accounts:two_factor_set_up") + "?next=/p/glen/"
    page = client.get(url).content.decode()
    assert "<svg" in page and "<script" not in page.split("<svg", 1)[1].split("</svg>", 1)[0]
    device = TOTPDevice.objects.get(user=world.lead, confirmed=False)
    assert " ".join(re.findall(r'id="two-factor-key">([A-Z2-7 ]+)<', page)).replace(" ", "")
    assert client.get(url).status_code == 200
    assert TOTPDevice.objects.filter(user=world.lead).count() == 1  # a refresh keeps the same key

    response = client.post(url, {"otp_token": "000000" if code_for(device) != "000000" else "111111"})
    assert "Enter the 6-digit code" in response.content.decode()
    assert events("two_factor_failed")[0].detail == "Wrong code while setting up"

    wait_out_throttle(world.lead)
    response = client.post(url, {"otp_token": code_for(device), "next": "/p/glen/"})
    page = response.content.decode()
    codes = re.findall(r"<li><code>(\w+)</code></li>", page)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.filter(device__user=world.lead).values_list("token", flat=True))
    assert len(events("two_factor_set_up")) == 1
    assert client.get("/p/glen/").status_code == 200
    assert "recovery-codes" not in client.get(reverse("accounts:two_factor")).content.decode()


def test_anyone_may_set_it_up_by_choice(client, world):
    client.force_login(world.viewer)
    assert "Set up two-factor sign-in" in client.get(reverse("accounts:two_factor")).content.decode()
    client.get(reverse("accounts:two_factor_set_up"))
    device = TOTPDevice.objects.get(user=world.viewer)
    client.post(reverse("accounts:two_factor_set_up"), {"otp_token": code_for(device)})
    assert two_factor.has_two_factor(world.viewer)


# Sign-in -------------------------------------------------------------------------------------


def test_someone_with_a_device_is_asked_for_a_code_after_their_password(client, world):
    device, _ = set_up_device(world.viewer)
    sign_in(client, "viewer@glen.test")
    home = reverse("loop:home", args=["glen"])
    response = client.get(home)
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    verify = reverse("accounts:two_factor_verify")
    page = client.post(verify, {"otp_token": "12345", "next": home}).content.decode()
    assert "The code is not right" in page
    assert events("two_factor_failed")[0].user == world.viewer
    wait_out_throttle(world.viewer)
    response = client.post(verify, {"otp_token": code_for(device, steps_ahead=1), "next": home})
    assert response.status_code == 302 and response["Location"] == home
    assert client.get(home).status_code == 200
    assert events("two_factor_passed")[0].user == world.viewer


def test_a_recovery_code_works_once(client, world):
    _, codes = set_up_device(world.viewer)
    verify = reverse("accounts:two_factor_verify")
    sign_in(client, "viewer@glen.test")
    assert client.post(verify, {"otp_token": codes[0].upper()}).status_code == 302
    entry = events("recovery_code_used")[0]
    assert entry.user == world.viewer and "9 left" in entry.detail
    client.post(reverse("accounts:logout"))
    sign_in(client, "viewer@glen.test")
    assert "The code is not right" in client.post(verify, {"otp_token": codes[0]}).content.decode()


def test_an_unverified_session_cannot_replace_the_device(client, world):
    set_up_device(world.viewer)
    sign_in(client, "viewer@glen.test")
    response = client.get(reverse("accounts:two_factor_set_up"))
    assert response["Location"].startswith(reverse("accounts:two_factor_verify"))
    assert client.post(reverse("accounts:two_factor_set_up"), {"otp_token": "123456"}).status_code == 302
    assert TOTPDevice.objects.filter(user=world.viewer).count() == 1


def test_wrong_codes_lock_the_account_out_and_end_the_session(client, world, settings):
    set_up_device(world.viewer)
    sign_in(client, "viewer@glen.test")
    verify = reverse("accounts:two_factor_verify")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert client.post(verify, {"otp_token": "999999x"}).status_code == 200
    response = client.post(verify, {"otp_token": "999999x"})
    assert response.status_code == 429
    assert "Too many failed attempts" in response.content.decode()
    assert len(events("two_factor_failed")) == settings.AXES_FAILURE_LIMIT
    assert not events("sign_in_failed")  # one entry per wrong code, not two
    assert client.get(reverse("loop:home", args=["glen"])).status_code == 302  # signed out
    response = client.post(reverse("accounts:login"), {"username": "viewer@glen.test", "password": PASSWORD})
    assert response.status_code == 429


def test_a_correct_password_does_not_clear_the_count_of_wrong_codes(client, world, settings):
    set_up_device(world.viewer)
    verify = reverse("accounts:two_factor_verify")
    sign_in(client, "viewer@glen.test")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        client.post(verify, {"otp_token": "999999x"})
    client.post(reverse("accounts:logout"))
    sign_in(client, "viewer@glen.test")
    assert client.post(verify, {"otp_token": "999999x"}).status_code == 429


# Reset ---------------------------------------------------------------------------------------


def test_lead_officer_resets_a_members_two_factor(client, world):
    set_up_device(world.viewer)
    membership = world.membership(world.viewer)
    client.force_login(world.lead)
    edit = reverse("partnership:member_edit", args=["glen", membership.pk])
    assert "Reset two-factor sign-in" in client.get(edit).content.decode()
    url = reverse("partnership:member_two_factor_reset", args=["glen", membership.pk])
    assert client.get(url).status_code == 405
    assert client.post(url).status_code == 302
    assert not two_factor.has_two_factor(world.viewer)
    assert not StaticToken.objects.filter(device__user=world.viewer).exists()
    entry = events("two_factor_reset")[0]
    assert entry.user == world.lead and entry.partnership == world.partnership


@pytest.mark.parametrize("who", ["committee", "education_lead", "contributor", "outsider"])
def test_only_the_partnerships_lead_officer_may_reset(client, world, who):
    set_up_device(world.viewer)
    membership = world.membership(world.viewer)
    client.force_login(getattr(world, who))
    url = reverse("partnership:member_two_factor_reset", args=["glen", membership.pk])
    assert client.post(url).status_code == 404
    assert two_factor.has_two_factor(world.viewer)


def test_the_reset_service_refuses_someone_who_is_not_lead_officer(world):
    with pytest.raises(two_factor.TwoFactorError):
        two_factor.two_factor_reset(membership=world.membership(world.viewer), by=world.outsider)
