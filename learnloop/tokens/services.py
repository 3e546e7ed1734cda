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


def token_create(*, membership: Membership, name: str, expires_on: datetime.date) -> tuple[AccessToken, str]:
    """Make a token for the member; return it with its secret, which is never stored nor shown again."""
    prefix = TOKEN_START + secrets.token_hex(4)
    secret = f"{prefix}_{secrets.token_urlsafe(32)}"
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
