"""The search over shared learning one page at a time, for a national view that holds tens of
thousands of shared items.

`selectors.search` builds every matching item (each learning point with its themes) before a
page shows any; with 32 partnerships sharing ten years of learning that is most of a minute.
Here the same filters first read only what orders the results (each match's date, title,
kind and id), then build the items of the one page shown. 7-minute briefings are read whole,
as each must pass the redaction check before it is counted (there are few of them; each
verdict is kept). Reading the matches' keys only in the database's order, page by page, was
tried and was slower: counting and ordering both go through every active share.

The results, their order and each item are those of `selectors.search`: the tests compare the
two, so a change to the search's matching must be made in both.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.core.cache import cache
from django.core.paginator import Page, Paginator

from learnloop.national.models import ShareKind
from learnloop.national.selectors import (
    SharedItem,
    _passes,
    _words_q,
    shared_learning_points,
    shared_publications,
    shared_seven_minute,
)

PER_PAGE = 20
VERDICT_TIMEOUT = 7 * 24 * 60 * 60

Key = tuple[dt.date | None, str, str, int]  # date, title, kind, id


def search_page(
    *,
    words: str = "",
    theme: str = "",
    year: int | None = None,
    kind: str = "",
    page: Any = 1,
    per_page: int = PER_PAGE,
) -> Page:
    """One page of the shared learning matching every word, the theme (by code) and the year,
    newest first: a Django Page whose object_list holds that page's SharedItems."""
    keys: list[Key] = []
    briefings: dict[int, SharedItem] = {}
    if kind in ("", ShareKind.PUBLICATION) and not theme:
        pubs = shared_publications().filter(_words_q(words, "title", "body"))
        if year:
            pubs = pubs.filter(published_on__year=year)
        keys += [
            (on, title, ShareKind.PUBLICATION, pk)
            for pk, on, title in pubs.select_related(None).values_list("pk", "published_on", "title")
        ]
    if kind in ("", ShareKind.SEVEN_MINUTE):
        found = shared_seven_minute().filter(
            _words_q(
                words,
                "dissemination__title",
                "background",
                "why_it_matters",
                "information_1",
                "things_to_remember",
                "what_to_do",
            )
        )
        if theme:
            found = found.filter(dissemination__learning_points__themes__code=theme).distinct()
        if year:
            found = found.filter(dissemination__date__year=year)
        found = list(found)
        passing = _passing(found)
        for b in found:
            if b.pk in passing:
                briefings[b.pk] = SharedItem(
                    ShareKind.SEVEN_MINUTE,
                    b.pk,
                    b.dissemination.partnership.name,
                    b.dissemination.title,
                    b.background,
                    b.dissemination.date,
                )
                keys.append((b.dissemination.date, b.dissemination.title, ShareKind.SEVEN_MINUTE, b.pk))
    if kind in ("", ShareKind.LEARNING_POINT):
        lps = shared_learning_points().filter(_words_q(words, "title", "description"))
        if theme:
            lps = lps.filter(themes__code=theme).distinct()
        if year:
            lps = lps.filter(date_identified__year=year)
        keys += [
            (on, title, ShareKind.LEARNING_POINT, pk)
            for pk, on, title in lps.select_related(None)
            .prefetch_related(None)
            .values_list("pk", "date_identified", "title")
        ]
    # As selectors.search: a stable sort of publications, then briefings, then learning points.
    keys.sort(key=lambda k: (k[0] or dt.date.min, k[1]), reverse=True)
    shown = Paginator(keys, per_page).get_page(page)
    shown.object_list = _items(list(shown.object_list), briefings)
    return shown


def _passing(briefings: list[Any]) -> set[int]:
    """The briefings that pass the redaction check, each checked once for any one text: the
    verdict is kept in the shared cache under a digest of everything the check reads, so an
    edited briefing is checked again and an unchanged one is not."""
    digests = {}
    for b in briefings:
        text = "\n".join([b.dissemination.title, *(part for _, part in b.parts())])
        digests[b.pk] = "national:redaction:" + hashlib.sha256(text.encode("utf-8")).hexdigest()
    kept = cache.get_many(list(digests.values()))
    fresh = {}
    for b in briefings:
        if digests[b.pk] not in kept:
            fresh[digests[b.pk]] = kept[digests[b.pk]] = _passes(b)
    if fresh:
        cache.set_many(fresh, timeout=VERDICT_TIMEOUT)
    return {b.pk for b in briefings if kept[digests[b.pk]]}


def _items(keys: list[Key], briefings: dict[int, SharedItem]) -> list[SharedItem]:
    """The SharedItems of one page's keys, in their order: one query for each kind on the page."""
    wanted: dict[str, list[int]] = {}
    for _, _, kind, pk in keys:
        wanted.setdefault(kind, []).append(pk)
    built: dict[tuple[str, int], SharedItem] = {(ShareKind.SEVEN_MINUTE, pk): item for pk, item in briefings.items()}
    if wanted.get(ShareKind.PUBLICATION):
        for p in shared_publications().filter(pk__in=wanted[ShareKind.PUBLICATION]):
            built[(ShareKind.PUBLICATION, p.pk)] = SharedItem(
                ShareKind.PUBLICATION, p.pk, p.partnership.name, p.title, p.body, p.published_on
            )
    if wanted.get(ShareKind.LEARNING_POINT):
        for lp in shared_learning_points().filter(pk__in=wanted[ShareKind.LEARNING_POINT]):
            built[(ShareKind.LEARNING_POINT, lp.pk)] = SharedItem(
                ShareKind.LEARNING_POINT,
                lp.pk,
                lp.partnership.name,
                lp.title,
                lp.description,
                lp.date_identified,
                [t.name for t in lp.themes.all()],
            )
    return [built[(kind, pk)] for _, _, kind, pk in keys if (kind, pk) in built]
