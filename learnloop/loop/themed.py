"""The loop's learning points as themed records (core.registry), for looking across sources.

Each learning point counts under the source it came from (a review, an audit, the dataset...),
so the theme matrix has one column per source even for sources that record their learning
straight into the loop. Only learning points the member may see are returned.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch
from django.urls import reverse

from learnloop.accounts.models import Membership
from learnloop.core.registry import ThemedRecord, ThemedRecordProvider
from learnloop.loop.models import SourceType
from learnloop.loop.selectors import learning_points_visible
from learnloop.partnership.models import Agency
from learnloop.themes.models import Theme


def learning_point_records(m: Membership, start: dt.date | None, end: dt.date | None) -> list[ThemedRecord]:
    qs = learning_points_visible(m)
    if start is not None:
        qs = qs.filter(date_identified__gte=start)
    if end is not None:
        qs = qs.filter(date_identified__lte=end)
    qs = qs.only(
        "number", "title", "description", "date_identified", "source_type", "is_confidential", "partnership_id"
    ).prefetch_related(
        Prefetch("themes", queryset=Theme.objects.only("code")),
        Prefetch("agencies", queryset=Agency.objects.only("id")),
    )
    slug = m.partnership.slug
    base = reverse("loop:learning_point", args=[slug, 1])[: -len("1/")]
    return [
        ThemedRecord(
            source=lp.source_type,
            reference=lp.reference,
            title=lp.title,
            date=lp.date_identified,
            themes=tuple(sorted(t.code for t in lp.themes.all())),
            agencies=tuple(sorted(a.pk for a in lp.agencies.all())),
            url=f"{base}{lp.number}/",
            confidential=lp.is_confidential,
            text=f"{lp.title}. {lp.description}",
        )
        for lp in qs.order_by("date_identified", "number")
    ]


PROVIDER = ThemedRecordProvider(key="learning_points", title="Learning points", records=learning_point_records)
SOURCE_NAMES = {str(value): str(label) for value, label in SourceType.choices}
