"""The loop's learning points as themed records (core.registry), for looking across sources.

Each learning point counts under the source it came from (a review, an audit, the dataset...),
so the theme matrix has one column per source even for sources that record their learning
straight into the loop. Only learning points the member may see are returned.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from learnloop.accounts.models import Membership
from learnloop.core.registry import ThemedRecord, ThemedRecordProvider
from learnloop.loop.models import LearningPoint, SourceType
from learnloop.loop.selectors import learning_points_visible


def learning_point_records(m: Membership, start: dt.date | None, end: dt.date | None) -> list[ThemedRecord]:
    qs = learning_points_visible(m)
    if start is not None:
        qs = qs.filter(date_identified__gte=start)
    if end is not None:
        qs = qs.filter(date_identified__lte=end)
    base = reverse("loop:learning_point", args=[m.partnership.slug, 1])[: -len("1/")]
    rows = list(
        qs.order_by("date_identified", "number").values(
            "id", "number", "title", "description", "date_identified", "source_type", "is_confidential"
        )
    )
    ids = qs.values("pk")
    themes: dict[int, list[str]] = defaultdict(list)
    for lp_id, code in LearningPoint.themes.through.objects.filter(learningpoint_id__in=ids).values_list(
        "learningpoint_id", "theme__code"
    ):
        themes[lp_id].append(code)
    agencies: dict[int, list[int]] = defaultdict(list)
    for lp_id, agency_id in LearningPoint.agencies.through.objects.filter(learningpoint_id__in=ids).values_list(
        "learningpoint_id", "agency_id"
    ):
        agencies[lp_id].append(agency_id)
    return [
        ThemedRecord(
            source=row["source_type"],
            reference=f"LP-{row['number']:04d}",
            title=row["title"],
            date=row["date_identified"],
            themes=tuple(sorted(themes.get(row["id"], ()))),
            agencies=tuple(sorted(agencies.get(row["id"], ()))),
            url=f"{base}{row['number']}/",
            confidential=row["is_confidential"],
            text=f"{row['title']}. {row['description']}",
        )
        for row in rows
    ]


def learning_point_records_across(
    partnership_ids: list[int], start: dt.date | None, end: dt.date | None
) -> list[ThemedRecord]:
    """Learning points every member of their partnership may see (none confidential), of many
    partnerships at once, in two queries."""
    qs = LearningPoint.objects.filter(partnership_id__in=partnership_ids, is_confidential=False)
    if start is not None:
        qs = qs.filter(date_identified__gte=start)
    if end is not None:
        qs = qs.filter(date_identified__lte=end)
    rows = list(qs.values("id", "partnership_id", "number", "title", "date_identified", "source_type"))
    themes: dict[int, list[str]] = defaultdict(list)
    for lp_id, code in LearningPoint.themes.through.objects.filter(learningpoint_id__in=qs.values("pk")).values_list(
        "learningpoint_id", "theme__code"
    ):
        themes[lp_id].append(code)
    return [
        ThemedRecord(
            source=row["source_type"],
            reference=f"LP-{row['number']:04d}",
            title=row["title"],
            date=row["date_identified"],
            themes=tuple(sorted(themes[row["id"]])),
            partnership_id=row["partnership_id"],
        )
        for row in rows
        if themes.get(row["id"])
    ]


PROVIDER = ThemedRecordProvider(
    key="learning_points",
    title="Learning points",
    records=learning_point_records,
    across=learning_point_records_across,
)
SOURCE_NAMES = {str(value): str(label) for value, label in SourceType.choices}


def raised_themes(model: type, ids: Any) -> dict[int, set[str]]:
    """The themes already carried by learning points raised from these records (one query).

    A source's own themed record leaves these out, so a theme raised as learning counts once, as
    the learning point. Every learning point counts here, seen or not by the member, so a theme is
    never counted twice for anyone. ids: a list of ids or a values("pk") queryset.
    """
    if isinstance(ids, list) and not ids:
        return {}
    found: dict[int, set[str]] = defaultdict(set)
    for record_id, code in LearningPoint.themes.through.objects.filter(
        learningpoint__source_record_type=ContentType.objects.get_for_model(model),
        learningpoint__source_record_id__in=ids,
    ).values_list("learningpoint__source_record_id", "theme__code"):
        found[record_id].add(code)
    return dict(found)
