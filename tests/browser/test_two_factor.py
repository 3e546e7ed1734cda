"""A lead officer sets up two-factor sign-in, signs out, signs in with a code, then with a recovery
code, and is locked out after repeated wrong codes; axe checks each new page."""

from __future__ import annotations

import re
import time

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.browser.conftest import axe_violations, sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.two_factor]


def assert_accessible(page, where: str) -> None:
    violations = axe_violations(page)
    assert violations == [], f"{where}: {violations}"


def code_for(device: TOTPDevice, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def sign_out(page) -> None:
    page.get_by_role("button", name="Sign out").first.click()
    page.wait_for_load_state()


def test_set_up_sign_in_with_a_code_and_a_recovery_code_then_lock_out(page, world, settings):
    sign_in(page, "lead@glen.test")
    expect(page.get_by_role("heading", level=1)).to_have_text("Set up two-factor sign-in")
    expect(page.locator("figure svg")).to_be_visible()
    assert_accessible(page, "set-up page")

    device = TOTPDevice.objects.get(user=world.lead, confirmed=False)
    page.get_by_text("I cannot scan the QR code").click()
    key = page.locator("#two-factor-key").inner_text().replace(" ", "")
    assert len(key) >= 16
    page.get_by_role("textbox", name="Code").fill(code_for(device))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Two-factor sign-in is set up")
    codes = [c.strip() for c in page.locator("#recovery-codes code").all_inner_texts()]
    assert len(codes) == 10
    assert_accessible(page, "recovery codes page")
    page.get_by_role("link", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/p/glen/"))

    sign_out(page)
    sign_in(page, "lead@glen.test")
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your code")
    assert_accessible(page, "code page")
    device.refresh_from_db()
    page.get_by_role("textbox", name="Code").fill(code_for(device, steps_ahead=1))
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/p/glen/"))

    sign_out(page)
    sign_in(page, "lead@glen.test")
    page.get_by_role("textbox", name="Code").fill(codes[0])
    page.get_by_role("button", name="Continue").click()
    expect(page).to_have_url(re.compile(r"/p/glen/"))

    sign_out(page)
    sign_in(page, "lead@glen.test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        page.get_by_role("textbox", name="Code").fill("000000x")
        page.get_by_role("button", name="Continue").click()
        page.wait_for_load_state()
    expect(page.get_by_role("heading", level=1)).to_have_text("Too many failed attempts to sign in")
    assert_accessible(page, "locked-out page")
