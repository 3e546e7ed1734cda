"""The audit results' figures kept in the shared cache per audit and version of its data.

The version is a fingerprint read in one query: for the audit's cases, readings, reading
answers and moderated answers, and for its tool's sections and questions, how many there are
and when the last of them changed. Any reading, moderation or case added, changed or removed
changes the fingerprint, so the figures are computed again; nothing has to remember to
invalidate them, and a reader never gets figures older than the data.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db import connections, router
from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.utils.safestring import SafeString, mark_safe

from learnloop.audits.models import (
    Audit,
    AuditCase,
    CaseReading,
    ModeratedAnswer,
    ReadingAnswer,
    ToolQuestion,
    ToolSection,
)
from learnloop.audits.results import Results


def _summary(items: QuerySet[Any], scope: str, outer: str) -> tuple[Subquery, Subquery]:
    grouped = items.filter(**{scope: OuterRef(outer)}).order_by().values(scope)
    return (
        Subquery(grouped.annotate(n=Count("pk")).values("n"), output_field=IntegerField()),
        Subquery(grouped.annotate(at=Max("updated_at")).values("at")),
    )


def _fingerprint_query(pk: int) -> QuerySet[Audit]:
    parts: dict[str, Subquery] = {}
    for name, items, scope, outer in (
        ("cases", AuditCase.objects.all(), "audit", "pk"),
        ("readings", CaseReading.objects.all(), "case__audit", "pk"),
        ("answers", ReadingAnswer.objects.all(), "reading__case__audit", "pk"),
        ("moderated", ModeratedAnswer.objects.all(), "case__audit", "pk"),
        ("sections", ToolSection.objects.all(), "tool", "tool_id"),
        ("questions", ToolQuestion.objects.all(), "tool", "tool_id"),
    ):
        parts[f"{name}_n"], parts[f"{name}_at"] = _summary(items, scope, outer)
    return Audit.objects.filter(pk=pk).values("tool_id", **parts)


@functools.cache
def _fingerprint_sql(vendor: str) -> str:
    """The fingerprint's SQL, built once per database: compiling its twelve subqueries costs
    more than running them. Its one parameter is the audit's id."""
    sql, params = _fingerprint_query(0).query.sql_with_params()
    if params != (0,):  # the SQL must take the audit's id as its only parameter
        raise RuntimeError(f"Unexpected parameters in the fingerprint's SQL: {params!r}")
    return sql


def fingerprint(audit: Audit) -> str:
    connection = connections[router.db_for_read(Audit)]
    with connection.cursor() as cursor:
        cursor.execute(_fingerprint_sql(connection.vendor), [audit.pk])
        row = cursor.fetchone()
    text = repr(tuple(str(value) for value in row or ()))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def results_key(audit: Audit, with_comments: bool) -> str:
    """The key the audit's results are kept under: read the fingerprint once a request."""
    return f"audits:results:{audit.pk}:{fingerprint(audit)}:{int(with_comments)}"


def cached_results(audit: Audit, with_comments: bool, build: Callable[[], Results], key: str | None = None) -> Results:
    key = key or results_key(audit, with_comments)
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found)
    return found


def cached_fragment(key: str, name: str, render: Callable[[], str]) -> SafeString:
    """A piece of a page drawn from the results alone (the tables by question), kept beside
    them under the same key: it changes exactly when they do."""
    found = cache.get(f"{key}:{name}")
    if found is None:
        found = str(render())
        cache.set(f"{key}:{name}", found)
    return mark_safe(found)  # noqa: S308 - rendered by Django's templates, already escaped
