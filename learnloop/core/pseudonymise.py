"""Keyed hashing of identifiers from source systems, so the raw identifier is never stored.

One function for every source (the child's journey, voice imports, audit case samples): an
HMAC-SHA256 keyed by settings.PSEUDONYMISATION_KEY, which lives in the environment and never
with the data. The same value and key always give the same result, which is what makes imports
idempotent and lets records about one child be counted together without knowing who they are.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


def keyed_hash(value: str, *, purpose: str = "") -> str:
    """HMAC-SHA256 of `value`. `purpose` (if given) separates kinds of identifier."""
    key = settings.PSEUDONYMISATION_KEY
    if not key:
        raise ImproperlyConfigured("Set PSEUDONYMISATION_KEY before importing identifiers.")
    message = f"{purpose}:{value}" if purpose else value
    return hmac.new(key.encode(), message.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()
