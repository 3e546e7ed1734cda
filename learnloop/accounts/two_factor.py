"""Two-factor sign-in: a code from an authenticator app (TOTP), with single-use recovery codes.

django-otp holds the devices: a TOTPDevice for the app and a StaticDevice whose tokens are the
recovery codes. A session is verified once `django_otp.login` has recorded the device that
passed (`request.user.is_verified()`, via OTPMiddleware). Each step is written to the audit log.

Whether a session still owes a second step is worked out once at sign-in and kept in the session
(`STATE_KEY`), so that pages cost no extra query; the two-factor pages work it out afresh.
"""

from __future__ import annotations

import base64
import io
from enum import StrEnum
from typing import Any

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from learnloop.accounts.models import Membership, User
from learnloop.core import audit
from learnloop.core.models import AuditEntry

STATE_KEY = "learnloop_two_factor"
RECOVERY_CODE_COUNT = 10
APP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


class Step(StrEnum):
    """What a signed-in but unverified session must do before it reaches a partnership page."""

    NONE = "none"
    VERIFY = "verify"
    SET_UP = "set_up"


class TwoFactorError(Exception):
    pass


def has_two_factor(user: Any) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_required_for(user: Any) -> bool:
    """True if the user's role in any of their partnerships must use two-factor sign-in."""
    if not settings.TWO_FACTOR_REQUIRED:
        return False
    rows = Membership.objects.filter(user=user, is_active=True).values_list("role", "partnership__two_factor_roles")
    return any(role in (required or []) for role, required in rows)


def step_for(user: Any) -> Step:
    if has_two_factor(user):
        return Step.VERIFY
    if is_required_for(user):
        return Step.SET_UP
    return Step.NONE


# Set-up --------------------------------------------------------------------------------------


def totp_device_start(*, user: User) -> TOTPDevice:
    """The device being set up: the unconfirmed one already started, or a new one with a new key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=APP_DEVICE_NAME, confirmed=False)
    return device


def text_key(device: TOTPDevice) -> str:
    """The secret as people type it into an app: base32, in groups of four."""
    raw = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_code_svg(device: TOTPDevice) -> str:
    """The device's otpauth:// address as an inline SVG QR code: drawn here, no script, no image request."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    out = io.BytesIO()
    image.save(out)
    svg = out.getvalue().decode("utf-8")
    return svg[svg.index("<svg") :]


def totp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> list[str]:
    """Confirm the app with a code it shows; replace any earlier app and recovery codes.

    Returns the new recovery codes: they are shown once and never again.
    """
    if device.user_id != user.pk or device.confirmed:
        raise TwoFactorError("This set-up has expired. Start again.")
    if not device.verify_token(_clean(token)):
        audit.record(event=AuditEntry.Event.TWO_FACTOR_FAILED, user=user, detail="Wrong code while setting up")
        raise TwoFactorError("Enter the 6-digit code your authenticator app shows now.")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        codes = recovery_codes_replace(user=user)
        audit.record(event=AuditEntry.Event.TWO_FACTOR_SET_UP, user=user, detail="Set up an authenticator app")
    return codes


def recovery_codes_replace(*, user: User) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name=RECOVERY_DEVICE_NAME, confirmed=True)
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=code) for code in codes])
    return codes


# Sign-in -------------------------------------------------------------------------------------


def _clean(token: str) -> str:
    return "".join(token.split()).replace("-", "").lower()


def two_factor_verify(*, user: User, token: str) -> Any | None:
    """The device that accepts the code (the app's, or a recovery code, used up), or None.

    Success, recovery-code use and failure are each written to the audit log.
    """
    token = _clean(token)
    if not token:
        return None
    with transaction.atomic():
        app = TOTPDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if app is not None and token.isdigit() and app.verify_token(token):
            audit.record(event=AuditEntry.Event.TWO_FACTOR_PASSED, user=user, detail="Code from authenticator app")
            return app
        recovery = StaticDevice.objects.select_for_update().filter(user=user, confirmed=True).first()
        if recovery is not None and recovery.verify_token(token):
            left = recovery.token_set.count()
            audit.record(
                event=AuditEntry.Event.RECOVERY_CODE_USED,
                user=user,
                detail=f"Signed in with a recovery code; {left} left",
            )
            return recovery
    audit.record(event=AuditEntry.Event.TWO_FACTOR_FAILED, user=user, detail="Wrong code at sign-in")
    return None


def recovery_codes_left(user: Any) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


# Reset ---------------------------------------------------------------------------------------


@transaction.atomic
def two_factor_reset(*, membership: Membership, by: Any) -> None:
    """A lead officer removes a member's app and recovery codes: the member sets them up again."""
    from learnloop.accounts.permissions import can_manage_partnership

    lead = Membership.objects.filter(user=by, partnership=membership.partnership, is_active=True).first()
    if lead is None or not can_manage_partnership(lead):
        raise TwoFactorError("Only a lead officer of the partnership can reset two-factor sign-in.")
    user = membership.user
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
    audit.record(
        event=AuditEntry.Event.TWO_FACTOR_RESET,
        user=by,
        obj=membership,
        partnership=membership.partnership,
        detail=f"Reset two-factor sign-in for {user.email}",
    )
