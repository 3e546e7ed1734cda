"""Keyed hashing of identifiers from source systems, so the raw identifier is never stored."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def pseudonymise(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of the value, keyed by settings.PSEUDONYMISATION_KEY.

    `purpose` separates kinds of identifier (a child reference and a record key with the same
    text give different results). The same value and key always give the same result, which
    is what makes imports idempotent and lets views from one child be counted together.
    """
    key = settings.PSEUDONYMISATION_KEY
    if not key:
        raise ImproperlyConfigured("Set PSEUDONYMISATION_KEY before importing identifiers.")
    message = f"{purpose}:{value.strip()}".encode()
    return hmac.new(key.encode(), message, hashlib.sha256).hexdigest()
