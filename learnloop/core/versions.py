"""The version of a partnership's records, which cached pages and fragments are keyed by.

Every write of an audited record goes through `learnloop.core.audit.record` (ADR 0003), which
calls `records_changed` for the record's partnership (or, for a record of no partnership such
as a person's account, for every partnership): the partnership gets a new version at once and
again once the write commits, so a reader who read the old records in between cannot leave
them under the new version. Nothing else has to remember to invalidate anything.

As with the dataset's version (`learnloop.dataset.versions`, ADR 0019), a version is a random
token kept in the shared cache: reading it costs no query with Redis and one with the database
cache, and if the cache loses it a new token is made, which is only a miss (a token is never
reused, so an old entry can never be taken for a new one).

Records that are not audited (the dataset's events, issued self-evaluations, notifications)
do not change this version; what is drawn from the dataset is keyed by the dataset's version
as well.
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

EVERYONE = "all"  # records of no partnership: people's accounts, the national catalogue...
SHARED = "shared"  # what partnerships share nationally, which a partnership's pages may show beside its own


def _key(partnership_id: int | str) -> str:
    return f"records:version:{partnership_id}"


def _token() -> str:
    return uuid.uuid4().hex[:16]


def version_keys(partnership_id: int) -> list[str]:
    """The cache keys `records_version` reads, for reading them with other keys at once."""
    return [_key(partnership_id), _key(EVERYONE)]


def tokens(keys: list[str], found: dict[str, str] | None = None) -> str:
    """The tokens kept under these keys, joined: one read of the cache for all of them, and a
    new token for any the cache has lost (`add`, so two processes agree on it). `found` may hold
    the keys already read with `cache.get_many`."""
    if found is None:
        found = cache.get_many(keys)
    parts = []
    for key in keys:
        value = found.get(key)
        if value is None:
            cache.add(key, _token(), timeout=None)
            value = cache.get(key) or _token()
        parts.append(value)
    return "-".join(parts)


def records_version(partnership_id: int, found: dict[str, str] | None = None) -> str:
    """The current version of the partnership's records (and of those of no partnership).
    `found` may hold the keys already read (`version_keys`) with `cache.get_many`."""
    return tokens(version_keys(partnership_id), found)


def shared_version() -> str:
    """The version of what is shared nationally (shares, withdrawals and the shared items' text),
    for a page that shows other partnerships' shared learning beside a partnership's own."""
    return tokens([_key(SHARED)])


def shared_changed() -> None:
    """What is shared nationally changed: a new version now and when the transaction commits."""
    _changed(_key(SHARED))


def records_changed(partnership_id: int | None) -> None:
    """Give the partnership's records (with None: every partnership's) a new version, now and
    again when the current transaction commits."""
    _changed(_key(EVERYONE if partnership_id is None else partnership_id))


def _changed(key: str) -> None:
    cache.set(key, _token(), timeout=None)  # for reads later in the same transaction
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return
    # Once per transaction is enough after commit: a savepoint rolled back takes its callbacks
    # with it, so a write after it schedules its own.
    if any(getattr(func, "records_key", None) == key for _, func, _ in connection.run_on_commit):
        return

    def committed() -> None:
        cache.set(key, _token(), timeout=None)

    committed.records_key = key  # type: ignore[attr-defined]
    transaction.on_commit(committed)
