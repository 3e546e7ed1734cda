"""The version of a partnership's data, which every cached figure and chart is keyed by.

Whatever changes what the dataset's figures say calls `data_changed` (an import loaded, an
aggregate return saved, a quarter locked, a population figure saved, a breakdown mapping, the
indicator catalogue): once the change is committed the partnership gets a new version, so
nothing drawn from the old data is read again, and its charts are drawn again in the background.

The version is a random token kept in the shared cache, not a counter in the database: reading
it costs no query, and if the cache loses it a new token is made, which is only a miss (a
version is never reused, so an old entry can never be taken for a new one).
"""

from __future__ import annotations

import uuid

from django.core.cache import cache
from django.db import transaction

from learnloop.core.versions import records_changed, tokens

CATALOGUE = "all"  # the indicator catalogue and national figures, shared by every partnership


def _key(partnership_id: int | str) -> str:
    return f"dataset:version:{partnership_id}"


def _token() -> str:
    return uuid.uuid4().hex[:16]


def data_version(partnership_id: int) -> str:
    """The current version of the partnership's figures (and of the catalogue they use)."""
    return tokens([_key(partnership_id), _key(CATALOGUE)])


def data_versions(partnership_ids: list[int]) -> dict[int, str]:
    """`data_version` for several partnerships, read from the cache together."""
    keys = {pid: _key(pid) for pid in partnership_ids}
    found = cache.get_many([*keys.values(), _key(CATALOGUE)])
    if any(key not in found for key in [*keys.values(), _key(CATALOGUE)]):
        return {pid: data_version(pid) for pid in partnership_ids}
    return {pid: f"{found[key]}-{found[_key(CATALOGUE)]}" for pid, key in keys.items()}


def data_changed(partnership_id: int | None, *, warm: bool = True) -> None:
    """Mark the partnership's figures (or, with None, the catalogue every partnership uses) as
    changed: at once, for reads later in the same transaction, and again once it commits, so a
    reader who drew the old data in between cannot leave it under the new version; then draw
    the partnership's dashboard again in the background."""
    key = _key(CATALOGUE if partnership_id is None else partnership_id)
    cache.set(key, _token(), timeout=None)
    # What is drawn from the partnership's records and figures together (the home page) too.
    records_changed(partnership_id)

    def committed() -> None:
        cache.set(key, _token(), timeout=None)
        if warm and partnership_id is not None:
            from learnloop.dataset.tasks import warm_charts

            warm_charts.enqueue(partnership_id)

    transaction.on_commit(committed)
