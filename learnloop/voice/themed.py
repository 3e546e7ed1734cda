"""Views of children and families as themed records (core.registry).

A view already raised as a learning point is counted once, as that learning point. A view whose
words this member may not read (said in confidence, or saying a child feels unsafe) is not
returned to them at all, so it never shapes what they see.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch
from django.urls import reverse

from learnloop.accounts.models import Membership
from learnloop.core.registry import ThemedRecord, ThemedRecordProvider
from learnloop.loop.models import LearningPoint
from learnloop.themes.models import Theme
from learnloop.voice import permissions
from learnloop.voice.models import SHARED_CONSENT, View
from learnloop.voice.selectors import views_visible


def view_records(m: Membership, start: dt.date | None, end: dt.date | None) -> list[ThemedRecord]:
    raised = LearningPoint.objects.filter(
        partnership_id=m.partnership_id,
        source_record_type=ContentType.objects.get_for_model(View),
    ).values("source_record_id")
    qs = views_visible(m).exclude(pk__in=raised)
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    qs = qs.only(
        "number", "summary", "date", "agency_id", "feels_unsafe", "consent", "partnership_id"
    ).prefetch_related(Prefetch("themes", queryset=Theme.objects.only("code")))
    base = reverse("voice:view", args=[m.partnership.slug, 1])[: -len("1/")]
    records = []
    for view in qs.order_by("date", "number"):
        if not permissions.can_read_text(m, view):
            continue
        records.append(
            ThemedRecord(
                source="voice",
                reference=view.reference,
                title=view.summary[:80],
                date=view.date,
                themes=tuple(sorted(t.code for t in view.themes.all())),
                agencies=(view.agency_id,) if view.agency_id else (),
                url=f"{base}{view.number}/",
                confidential=view.is_restricted,
                text=view.summary,
            )
        )
    return records


def view_records_across(partnership_ids: list[int], start: dt.date | None, end: dt.date | None) -> list[ThemedRecord]:
    """Views every member of their partnership may read (not saying a child feels unsafe, said
    with consent to share), not raised as learning, of many partnerships at once, in two queries."""
    raised = LearningPoint.objects.filter(
        partnership_id__in=partnership_ids, source_record_type=ContentType.objects.get_for_model(View)
    ).values("source_record_id")
    qs = View.objects.filter(
        partnership_id__in=partnership_ids, feels_unsafe=False, consent__in=SHARED_CONSENT
    ).exclude(pk__in=raised)
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    rows = list(qs.values("id", "partnership_id", "number", "date"))
    if not rows:
        return []
    themes: dict[int, list[str]] = defaultdict(list)
    for view_id, code in View.themes.through.objects.filter(view_id__in=qs.values("pk")).values_list(
        "view_id", "theme__code"
    ):
        themes[view_id].append(code)
    return [
        ThemedRecord(
            source="voice",
            reference=f"V-{row['number']:04d}",
            title="",
            date=row["date"],
            themes=tuple(sorted(themes[row["id"]])),
            partnership_id=row["partnership_id"],
        )
        for row in rows
        if themes.get(row["id"])
    ]


PROVIDER = ThemedRecordProvider(
    key="voice_views", title="Views of children and families", records=view_records, across=view_records_across
)
