"""The audit results' figures kept in the shared cache per audit and version of its data.

The version is a fingerprint read in one query: for the audit's cases, readings, reading
answers and moderated answers, and for its tool's sections and questions, how many there are
and when the last of them changed. Any reading, moderation or case added, changed or removed
changes the fingerprint, so the figures are computed again; nothing has to remember to
invalidate them, and a reader never gets figures older than the data.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from django.core.cache import cache
from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery

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


def fingerprint(audit: Audit) -> str:
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
    row = Audit.objects.filter(pk=audit.pk).values("tool_id", **parts).first() or {}
    text = repr(sorted(row.items()))
    return hashlib.blake2b(text.encode(), digest_size=12).hexdigest()


def cached_results(audit: Audit, with_comments: bool, build: Callable[[], Results]) -> Results:
    key = f"audits:results:{audit.pk}:{fingerprint(audit)}:{int(with_comments)}"
    found = cache.get(key)
    if found is None:
        found = build()
        cache.set(key, found)
    return found
