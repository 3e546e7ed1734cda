"""Making, finding and revoking personal access tokens."""

from __future__ import annotations

import datetime
import hashlib
import secrets
from typing import Any

from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.tokens.models import AccessToken

TOKEN_START = "llpat_"  # noqa: S105 (the visible start of every token, not a secret)
MAX_DAYS = 366


def hash_secret(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def _new_secret() -> tuple[str, str]:
    """A visible start (to tell tokens apart) and the whole secret: 256 random bits after it."""
    prefix = TOKEN_START + secrets.token_hex(4)
    return prefix, f"{prefix}_{secrets.token_urlsafe(32)}"


def token_create(*, membership: Membership, name: str, expires_on: datetime.date) -> tuple[AccessToken, str]:
    """Make a token for the member; return it with its secret, which is never stored nor shown again."""
    prefix, secret = _new_secret()
    token = AccessToken.objects.create(
        user=membership.user,
        membership=membership,
        partnership=membership.partnership,
        name=name,
        prefix=prefix,
        secret_hash=hash_secret(secret),
        expires_on=expires_on,
    )
    return token, secret


def national_token_create(*, user: Any, name: str, expires_on: datetime.date) -> tuple[AccessToken, str]:
    """Make a token that reads the national view only, for someone who may read it now."""
    from learnloop.national.access import may_read_national

    if not may_read_national(user):
        raise PermissionError("Only someone who may read the national view can make a token for it.")
    prefix, secret = _new_secret()
    token = AccessToken.objects.create(
        user=user,
        scope=AccessToken.Scope.NATIONAL,
        name=name,
        prefix=prefix,
        secret_hash=hash_secret(secret),
        expires_on=expires_on,
    )
    return token, secret


def token_for_secret(secret: str) -> AccessToken | None:
    """The token whose secret this is, whatever its state; None if there is none."""
    if not secret.startswith(TOKEN_START):
        return None
    return (
        AccessToken.objects.select_related("user", "membership", "partnership")
        .filter(secret_hash=hash_secret(secret))
        .first()
    )


def token_revoke(token: AccessToken, *, by: Any) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.revoked_by = by
        token.save(update_fields=["revoked_at", "revoked_by"])


def token_touch(token: AccessToken) -> None:
    """Record the time of use without a second audit entry (the use itself is audited)."""
    AccessToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
