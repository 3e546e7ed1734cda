"""Keyed hashing of identifiers from source systems, so the raw identifier is never stored."""

from __future__ import annotations

from learnloop.core.pseudonymise import keyed_hash


def pseudonymise(value: str, *, purpose: str) -> str:
    """HMAC-SHA256 of the value, keyed by settings.PSEUDONYMISATION_KEY.

    `purpose` separates kinds of identifier (a child reference and a record key with the same
    text give different results). The same value and key always give the same result, which
    is what makes imports idempotent and lets views from one child be counted together.
    """
    return keyed_hash(value.strip(), purpose=purpose)
