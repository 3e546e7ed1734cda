"""Review findings as themed records (core.registry), so reviews are a source in their own right.

A finding already on the action plan (raised as a learning point) counts once, as that learning
point. A single-agency review's findings reach only members who may read that review
(reviews_visible), so confidential review material never shapes what anyone else sees.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse

from learnloop.accounts.models import Membership
from learnloop.core.registry import ThemedRecord, ThemedRecordProvider
from learnloop.reviews.models import Finding, Kind
from learnloop.reviews.selectors import reviews_visible


def finding_records(m: Membership, start: dt.date | None, end: dt.date | None) -> list[ThemedRecord]:
    qs = Finding.objects.filter(
        partnership_id=m.partnership_id,
        review__in=reviews_visible(m).values("pk"),
        learning_point__isnull=True,
    )
    if start is not None:
        qs = qs.filter(created_at__date__gte=start)
    if end is not None:
        qs = qs.filter(created_at__date__lte=end)
    rows = list(
        qs.order_by("created_at", "id").values(
            "id", "title", "text", "created_at", "review__number", "review__kind", "review__agency_id"
        )
    )
    if not rows:
        return []
    themes: dict[int, list[str]] = defaultdict(list)
    for finding_id, code in Finding.themes.through.objects.filter(
        finding_id__in=[row["id"] for row in rows]
    ).values_list("finding_id", "theme__code"):
        themes[finding_id].append(code)
    base = reverse("reviews:detail", args=[m.partnership.slug, 1])[: -len("1/")]
    return [
        ThemedRecord(
            source="review",
            reference=f"R-{row['review__number']:04d}",
            title=row["title"],
            date=row["created_at"].date(),
            themes=tuple(sorted(themes[row["id"]])),
            agencies=(row["review__agency_id"],) if row["review__agency_id"] else (),
            url=f"{base}{row['review__number']}/",
            confidential=row["review__kind"] == Kind.SINGLE_AGENCY,
            text=f"{row['title']}. {row['text']}",
        )
        for row in rows
        if themes.get(row["id"])
    ]


def finding_records_across(
    partnership_ids: list[int], start: dt.date | None, end: dt.date | None
) -> list[ThemedRecord]:
    """Findings of reviews every member may read (not single-agency reviews), not yet raised as
    learning, of many partnerships at once, in two queries."""
    qs = Finding.objects.filter(partnership_id__in=partnership_ids, learning_point__isnull=True).exclude(
        review__kind=Kind.SINGLE_AGENCY
    )
    if start is not None:
        qs = qs.filter(created_at__date__gte=start)
    if end is not None:
        qs = qs.filter(created_at__date__lte=end)
    rows = list(qs.values("id", "partnership_id", "title", "created_at", "review__number"))
    if not rows:
        return []
    themes: dict[int, list[str]] = defaultdict(list)
    for finding_id, code in Finding.themes.through.objects.filter(
        finding_id__in=[row["id"] for row in rows]
    ).values_list("finding_id", "theme__code"):
        themes[finding_id].append(code)
    return [
        ThemedRecord(
            source="review",
            reference=f"R-{row['review__number']:04d}",
            title=row["title"],
            date=row["created_at"].date(),
            themes=tuple(sorted(themes[row["id"]])),
            partnership_id=row["partnership_id"],
        )
        for row in rows
        if themes.get(row["id"])
    ]


PROVIDER = ThemedRecordProvider(
    key="review_findings", title="Review findings", records=finding_records, across=finding_records_across
)
