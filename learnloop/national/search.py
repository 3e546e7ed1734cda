"""Full-text search over shared learning, and similar learning from other partnerships.

One function, `search`, with two backends behind it, chosen by `connection.vendor`:
PostgreSQL's full-text search (an English tsvector stored on each `SearchEntry`, ranked by
`ts_rank`) and SQLite's FTS5 (a Porter-stemmed virtual table, ranked by BM25). Both read the
same query language, websearch-style: words are all required, "a phrase" in quotes, `or` between
two words for either, `-word` to leave out. Common words ("what", "about") are dropped, and a
few words that mean the same in this field (baby, infant, newborn) stand for each other. When no
item has every word, the search falls back to items with any of them, best first, and says so.

The index (`SearchEntry`) holds only shared items and is rewritten when an item or its share
changes (`refresh`, called by learnloop/national/signals.py); every read still checks the
active shares and the source's conditions at query time (`_gate`), so nothing unshared can leave
even if the index is stale.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page, Paginator
from django.db import connection
from django.db.models import F, Q, QuerySet
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from learnloop.core import versions
from learnloop.national import fts
from learnloop.national.models import ALL, NationalShare, SearchEntry, ShareKind
from learnloop.national.selectors import SEARCH_KINDS

PER_PAGE = 20
SIMILAR = 5

# Words that stand for each other in child protection learning. Stemming already joins
# "babies" and "baby", "neglected" and "neglect"; this joins different words for one thing.
SYNONYMS = [
    ("baby", "infant", "newborn"),
    ("teenager", "adolescent"),
    ("carer", "caregiver"),
]
_SYNONYM_OF = {
    form: group
    for group in SYNONYMS
    for word in group
    for form in (word, word + "s", word[:-1] + "ies" if word.endswith("y") else word + "s")
}
# Common English words, and words every item here would match ("what have others learned
# about..."): left out of the words to match, except inside a quoted phrase.
STOP_WORDS = ENGLISH_STOP_WORDS | {"learn", "learned", "learnt", "learning", "lesson", "lessons"}


# The query language ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    words: tuple[str, ...]  # one word, or the words of a phrase

    @property
    def is_phrase(self) -> bool:
        return len(self.words) > 1


@dataclass(frozen=True)
class Query:
    groups: tuple[tuple[Term, ...], ...]  # every group must match; any term in a group will do
    excluded: tuple[Term, ...] = ()

    def __bool__(self) -> bool:
        return bool(self.groups)

    def any_of(self) -> Query:
        """The same words, any one of them enough."""
        return Query((tuple(dict.fromkeys(t for g in self.groups for t in g)),), self.excluded)


_TOKEN = re.compile(r'(-?)"([^"]*)"?|(\S+)')


def _words(text: str) -> list[str]:
    return re.findall(r"[^\W_]+", text.lower())


def _term_group(words: list[str]) -> tuple[Term, ...]:
    if len(words) == 1 and words[0] in _SYNONYM_OF:
        group = _SYNONYM_OF[words[0]]
        return (Term((words[0],)), *(Term((w,)) for w in group if w != words[0]))
    return (Term(tuple(words)),)


def parse(text: str) -> Query:
    """Websearch syntax: words (all needed), "phrases", `a or b`, `-word`."""
    groups: list[tuple[Term, ...]] = []
    excluded: list[Term] = []
    join_next = False
    for match in _TOKEN.finditer(text[:500]):
        minus, phrase, bare = match.groups()
        if bare is not None and bare.lower() == "or":
            join_next = bool(groups)
            continue
        if bare is not None and bare.startswith("-") and len(bare) > 1:
            minus, bare = "-", bare[1:]
        if phrase is not None:
            words = _words(phrase)
            parts = [words] if len(words) > 1 else [[w] for w in words if w not in STOP_WORDS]
        else:
            parts = [[w] for w in _words(bare or "") if w not in STOP_WORDS]
        for words in parts:
            if not words:
                continue
            if minus:
                excluded.append(Term(tuple(words)))
                continue
            group = _term_group(words)
            if join_next and groups:
                groups[-1] = groups[-1] + group
            else:
                groups.append(group)
            join_next = False
    return Query(tuple(groups), tuple(excluded))


def fts5_expression(query: Query) -> str:
    """The query in FTS5's syntax. Every word is quoted, so none is read as an operator."""

    def term(t: Term) -> str:
        return '"' + " ".join(t.words) + '"'

    def group(g: Iterable[Term]) -> str:
        items = [term(t) for t in g]
        return items[0] if len(items) == 1 else "(" + " OR ".join(items) + ")"

    expression = " AND ".join(group(g) for g in query.groups)
    if query.excluded:
        expression = f"({expression}) NOT {group(query.excluded)}"
    return expression


def pg_query(query: Query) -> Any:
    """The query as a PostgreSQL tsquery (English configuration) built from SearchQuery parts."""
    from django.contrib.postgres.search import SearchQuery

    def term(t: Term) -> SearchQuery:
        return SearchQuery(" ".join(t.words), search_type="phrase" if t.is_phrase else "plain", config="english")

    def group(g: Iterable[Term]) -> SearchQuery:
        parts = [term(t) for t in g]
        combined = parts[0]
        for p in parts[1:]:
            combined = combined | p
        return combined

    combined = group(query.groups[0])
    for g in query.groups[1:]:
        combined = combined & group(g)
    if query.excluded:
        combined = combined & ~group(query.excluded)
    return combined


# Reading --------------------------------------------------------------------------------------


def _gate() -> Q:
    """Only what is shared, and still shared, with its source's conditions met: read now."""
    from learnloop.national import selectors

    return (
        Q(kind=ShareKind.PUBLICATION, object_id__in=selectors.shared_publications().values("pk"))
        | Q(kind=ShareKind.SEVEN_MINUTE, object_id__in=selectors.shared_seven_minute().values("pk"))
        | Q(kind=ShareKind.LEARNING_POINT, object_id__in=selectors.shared_learning_points().values("pk"))
    )


def entries() -> QuerySet[SearchEntry]:
    return SearchEntry.objects.filter(_gate()).select_related("partnership")


def _bar(value: str) -> str:
    return f"|{value}|"


def filtered(
    qs: QuerySet[SearchEntry],
    *,
    theme: str = "",
    year: int | None = None,
    kind: str = "",
    review_kind: str = "",
    agency: str = "",
) -> QuerySet[SearchEntry]:
    if kind:
        qs = qs.filter(kind=kind)
    if theme:
        qs = qs.filter(theme_codes__contains=_bar(theme))
    if year:
        qs = qs.filter(on__year=year)
    if review_kind:
        qs = qs.filter(review_kinds__contains=_bar(review_kind))
    if agency:
        qs = qs.filter(agency_kinds__contains=_bar(agency))
    return qs


def matching(qs: QuerySet[SearchEntry], query: Query) -> QuerySet[SearchEntry]:
    """The entries matching the words, with `rank` (higher is better), best first."""
    if connection.vendor == "postgresql":
        from django.contrib.postgres.search import SearchRank

        tsquery = pg_query(query)
        return qs.filter(vector=tsquery).annotate(rank=SearchRank(F("vector"), tsquery)).order_by("-rank", "-on", "pk")
    # One join with the FTS5 table (MATCH in the join's WHERE), so BM25 is read once per match
    # rather than by a subquery per row.
    return qs.extra(  # noqa: S610 (constant SQL, the expression is a bound parameter)
        tables=[fts.FTS_TABLE],
        where=[fts.SQLITE_JOIN, fts.SQLITE_MATCH],
        params=[fts5_expression(query)],
        select={"rank": fts.SQLITE_RANK},
    ).order_by("-rank", "-on", "pk")


@dataclass
class Results:
    page: Page
    query: Query
    all_words: bool  # False when no item had every word and these have any of them


def search(
    *,
    words: str = "",
    theme: str = "",
    year: int | None = None,
    kind: str = "",
    review_kind: str = "",
    agency: str = "",
    page: Any = 1,
    per_page: int = PER_PAGE,
) -> Results:
    """Shared learning matching the words and filters, best first (newest first without words).

    A fixed number of queries whatever the number of results: a count and a page, twice when
    the search falls back from every word to any of them.
    """
    qs = filtered(entries(), theme=theme, year=year, kind=kind, review_kind=review_kind, agency=agency)
    query = parse(words)
    if not query:
        return Results(Paginator(qs.order_by("-on", "pk"), per_page).get_page(page), query, True)
    found = Paginator(matching(qs, query), per_page).get_page(page)
    if found.paginator.count or len(query.groups) < 2:  # noqa: PLR2004
        return Results(found, query, True)
    return Results(Paginator(matching(qs, query.any_of()), per_page).get_page(page), query, False)


def ranked(
    *,
    words: str = "",
    theme: str = "",
    year: int | None = None,
    kind: str = "",
    review_kind: str = "",
    agency: str = "",
) -> tuple[QuerySet[SearchEntry], Query, bool]:
    """The same matches in the same order as `search`, as a queryset for the API to page.

    Returns the queryset, the parsed words and whether every word matched (False when it fell
    back to any of them, as the page does).
    """
    qs = filtered(entries(), theme=theme, year=year, kind=kind, review_kind=review_kind, agency=agency)
    query = parse(words)
    if not query:
        return qs.order_by("-on", "pk"), query, True
    found = matching(qs, query)
    if len(query.groups) < 2 or found.exists():  # noqa: PLR2004
        return found, query, True
    return matching(qs, query.any_of()), query, False


def theme_choices() -> list[tuple[str, str]]:
    """The themes carried by shared learning, by code (one name each), and shared themes."""
    from learnloop.national.selectors import shared_themes

    pairs: dict[str, str] = dict(shared_themes().values_list("code", "name"))
    for codes, names in entries().exclude(theme_codes="").values_list("theme_codes", "theme_names"):
        for code, name in zip(codes.strip("|").split("|"), names.split("; "), strict=False):
            pairs.setdefault(code, name)
    return sorted(pairs.items(), key=lambda pair: pair[1])


# Similar learning from other partnerships -----------------------------------------------------


def similar(lp: Any, limit: int = SIMILAR) -> list[SearchEntry]:
    """Up to `limit` shared items from OTHER partnerships most like this learning point.

    Candidates are found by full-text search on the learning point's own words (any of them) and
    by its themes, then ordered by TF-IDF cosine similarity of their text with the point's.
    Three queries: the point's themes, the candidates, nothing else.
    """
    codes = [t.code for t in lp.themes.all()]
    query = parse(f"{lp.title} {lp.description}").any_of()
    base = entries().exclude(partnership_id=lp.partnership_id)
    by_words = set(matching(base, query).values_list("pk", flat=True)[:50]) if query else set()
    theme_q = Q()
    for code in codes:
        theme_q |= Q(theme_codes__contains=_bar(code))
    if not by_words and not codes:
        return []
    candidates = list(base.filter(Q(pk__in=by_words) | theme_q if codes else Q(pk__in=by_words))[:200])
    if not candidates:
        return []
    return _by_similarity(lp, candidates, codes)[:limit]


def _by_similarity(lp: Any, candidates: list[SearchEntry], codes: list[str]) -> list[SearchEntry]:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.metrics.pairwise import linear_kernel

    texts = [f"{lp.title} {lp.description}"] + [f"{c.title} {c.body}" for c in candidates]
    try:
        matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
        scores = linear_kernel(matrix[0:1], matrix[1:]).ravel()
    except ValueError:  # only common words
        scores = [0.0] * len(candidates)
    shared = [sum(1 for code in codes if _bar(code) in c.theme_codes) for c in candidates]
    ranked = sorted(
        zip(candidates, scores, shared, strict=True), key=lambda x: (x[1] + 0.1 * x[2], x[0].on or 0), reverse=True
    )
    return [c for c, score, themes in ranked if score > 0 or themes]


# Keeping the index in step --------------------------------------------------------------------


def _joined(values: Iterable[str]) -> str:
    values = sorted({v for v in values if v})
    return "|" + "|".join(values) + "|" if values else ""


def _review_kinds_of(lps: Iterable[Any]) -> dict[int, str]:
    """The kind of review each learning point came from, if it came from a review."""
    from django.contrib.contenttypes.models import ContentType

    from learnloop.reviews.models import Review

    lps = list(lps)
    review_type = ContentType.objects.get_for_model(Review)
    ids = {lp.source_record_id for lp in lps if lp.source_record_type_id == review_type.pk and lp.source_record_id}
    kinds = dict(Review.objects.filter(pk__in=ids).values_list("pk", "kind")) if ids else {}
    return {lp.pk: kinds.get(lp.source_record_id, "") for lp in lps if lp.source_record_type_id == review_type.pk}


def _rows(kind: str, ids: Iterable[int] | None, partnership_id: int | None = None) -> list[SearchEntry]:
    """The entries for these items (or all of the kind for a partnership) as they are shared now."""
    from learnloop.national import selectors

    rows: list[SearchEntry] = []
    if kind == ShareKind.PUBLICATION:
        pubs = selectors.shared_publications().prefetch_related("review__agencies", "review__findings__themes")
        pubs = pubs.filter(pk__in=ids) if ids is not None else pubs.filter(partnership_id=partnership_id)
        for p in pubs:
            themes = {t.code: t.name for f in p.review.findings.all() for t in f.themes.all()}
            rows.append(
                SearchEntry(
                    partnership_id=p.partnership_id,
                    kind=kind,
                    object_id=p.pk,
                    title=p.title[:300],
                    body=p.body,
                    on=p.published_on,
                    review_kinds=_joined([p.review.kind]),
                    agency_kinds=_joined(a.kind for a in p.review.agencies.all()),
                    theme_codes=_joined(themes),
                    theme_names="; ".join(themes[c] for c in sorted(themes)),
                )
            )
    elif kind == ShareKind.SEVEN_MINUTE:
        briefings = selectors.shared_seven_minute().prefetch_related(
            "dissemination__audience_agencies",
            "dissemination__learning_points__themes",
            "dissemination__learning_points__agencies",
        )
        briefings = (
            briefings.filter(pk__in=ids)
            if ids is not None
            else briefings.filter(dissemination__partnership_id=partnership_id)
        )
        briefings = [b for b in briefings if selectors._passes(b)]
        review_kinds = _review_kinds_of(lp for b in briefings for lp in b.dissemination.learning_points.all())
        for b in briefings:
            lps = list(b.dissemination.learning_points.all())
            themes = {t.code: t.name for lp in lps for t in lp.themes.all()}
            rows.append(
                SearchEntry(
                    partnership_id=b.dissemination.partnership_id,
                    kind=kind,
                    object_id=b.pk,
                    title=b.dissemination.title[:300],
                    body="\n\n".join(text for _, text in b.parts() if text),
                    on=b.dissemination.date,
                    review_kinds=_joined(review_kinds.get(lp.pk, "") for lp in lps),
                    agency_kinds=_joined(
                        [a.kind for a in b.dissemination.audience_agencies.all()]
                        + [a.kind for lp in lps for a in lp.agencies.all()]
                    ),
                    theme_codes=_joined(themes),
                    theme_names="; ".join(themes[c] for c in sorted(themes)),
                )
            )
    elif kind == ShareKind.LEARNING_POINT:
        lps = selectors.shared_learning_points().prefetch_related("agencies")
        lps = list(lps.filter(pk__in=ids) if ids is not None else lps.filter(partnership_id=partnership_id))
        review_kinds = _review_kinds_of(lps)
        for lp in lps:
            themes = {t.code: t.name for t in lp.themes.all()}
            rows.append(
                SearchEntry(
                    partnership_id=lp.partnership_id,
                    kind=kind,
                    object_id=lp.pk,
                    title=lp.title[:300],
                    body=lp.description,
                    on=lp.date_identified,
                    review_kinds=_joined([review_kinds.get(lp.pk, "")]),
                    agency_kinds=_joined(a.kind for a in lp.agencies.all()),
                    theme_codes=_joined(themes),
                    theme_names="; ".join(themes[c] for c in sorted(themes)),
                )
            )
    return rows


def _write(kind: str, rows: list[SearchEntry], stale: QuerySet[SearchEntry]) -> None:
    stale.delete()
    created = SearchEntry.objects.bulk_create(rows)
    if connection.vendor == "postgresql" and created:
        from django.contrib.postgres.search import SearchVector

        SearchEntry.objects.filter(kind=kind, object_id__in=[r.object_id for r in created]).update(
            vector=SearchVector("title", weight="A", config="english")
            + SearchVector("body", weight="B", config="english")
        )


def refresh(kind: str, ids: Iterable[int]) -> None:
    """Rewrite these items' entries as they are shared now: gone if no longer shared."""
    if kind not in SEARCH_KINDS:
        return
    ids = list({int(i) for i in ids})
    if not ids:
        return
    _write(kind, _rows(kind, ids), SearchEntry.objects.filter(kind=kind, object_id__in=ids))
    versions.shared_changed()


def refresh_partnership(partnership_id: int, kind: str) -> None:
    """Rewrite every entry of one kind for one partnership (a share or withdrawal by kind)."""
    if kind not in SEARCH_KINDS:
        return
    _write(
        kind,
        _rows(kind, None, partnership_id),
        SearchEntry.objects.filter(kind=kind, partnership_id=partnership_id),
    )
    versions.shared_changed()


def shares_anything(partnership_id: int) -> bool:
    return NationalShare.objects.filter(
        partnership_id=partnership_id, withdrawn_at__isnull=True, kind__in=SEARCH_KINDS
    ).exists()


def rebuild() -> int:
    """Rewrite the whole index from the active shares; returns the number of entries."""
    from django.db import transaction

    with transaction.atomic():
        fts.ensure(connection)
        SearchEntry.objects.all().delete()
        pairs = set(
            NationalShare.objects.filter(withdrawn_at__isnull=True, kind__in=SEARCH_KINDS).values_list(
                "partnership_id", "kind", "object_id"
            )
        )
        for partnership_id, kind, object_id in sorted(pairs):
            if object_id == ALL:
                refresh_partnership(partnership_id, kind)
            else:
                refresh(kind, [object_id])
        return SearchEntry.objects.count()
