"""Every read of website statistics, scoped to the member's partnership.

Campaigns and other disseminations come from the loop, through its own selector, so that a
member never sees sharing tied to confidential learning they may not see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet, Sum
from django.http import Http404

from learnloop.accounts.models import Membership
from learnloop.loop.models import Dissemination
from learnloop.loop.selectors import dissemination_list, disseminations_visible
from learnloop.reach.models import MonthlyTraffic, PageTraffic, PromotedPages, StatisticsImport


def add_months(month: dt.date, n: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + n
    return dt.date(index // 12, index % 12 + 1, 1)


def month_range(start: dt.date, end: dt.date) -> list[dt.date]:
    months, current = [], start.replace(day=1)
    while current <= end:
        months.append(current)
        current = add_months(current, 1)
    return months


def default_period(m: Membership, today: dt.date) -> tuple[dt.date, dt.date]:
    """The last twelve months that have figures, or the twelve months to today."""
    latest = (
        MonthlyTraffic.objects.filter(partnership_id=m.partnership_id)
        .order_by("-month")
        .values_list("month", flat=True)
        .first()
    )
    end = latest or today.replace(day=1)
    return add_months(end, -11), end


def traffic(m: Membership, start: dt.date, end: dt.date) -> list[MonthlyTraffic]:
    return list(
        MonthlyTraffic.objects.filter(
            partnership_id=m.partnership_id, month__gte=start.replace(day=1), month__lte=end
        ).order_by("month")
    )


@dataclass
class TimelineMark:
    dissemination: Dissemination
    month: dt.date
    paths: list[str]


def timeline_marks(m: Membership, start: dt.date, end: dt.date) -> list[TimelineMark]:
    """Campaigns and other sharing from the loop in the period, with the pages they promoted."""
    month_end = add_months(end.replace(day=1), 1) - dt.timedelta(days=1)
    items = list(
        dissemination_list(m).filter(date__gte=start.replace(day=1), date__lte=month_end).order_by("date", "id")
    )
    promoted = {
        p.dissemination_id: p.path_list()
        for p in PromotedPages.objects.filter(partnership_id=m.partnership_id, dissemination__in=[d.pk for d in items])
    }
    return [TimelineMark(d, d.date.replace(day=1), promoted.get(d.pk, [])) for d in items]


def top_pages(m: Membership) -> QuerySet:
    """The partnership's pages by their views: one row a page path, with its months of figures."""
    return (
        PageTraffic.objects.filter(partnership_id=m.partnership_id)
        .order_by()
        .values("path")
        .annotate(pageviews=Sum("pageviews"), months=Count("month"))
        .order_by("-pageviews", "path")
    )


def imports(m: Membership) -> QuerySet[StatisticsImport]:
    return StatisticsImport.objects.filter(partnership_id=m.partnership_id).select_related("created_by")


def campaign_get(m: Membership, pk: int) -> Dissemination:
    d = dissemination_list(m).filter(pk=pk).first()
    if d is None:
        raise Http404("No such campaign or sharing.")
    return d


def promoted_pages_for(m: Membership, d: Dissemination) -> PromotedPages | None:
    return PromotedPages.objects.filter(partnership_id=m.partnership_id, dissemination=d).first()


@dataclass
class CampaignEffect:
    month: dt.date
    months: list[dt.date]
    series: list[tuple[dt.date, int | None]]  # promoted pages' views, summed, by month (None: no figures)
    by_path: list[tuple[str, list[int | None]]]
    before_mean: float | None
    after_mean: float | None
    window: int

    @property
    def rows(self) -> list[tuple[dt.date, list[int | None], int | None]]:
        """Month by month: each promoted page's views, then all of them together."""
        return [
            (month, [values[i] for _, values in self.by_path], total) for i, (month, total) in enumerate(self.series)
        ]

    @property
    def change(self) -> float | None:
        if self.before_mean in (None, 0) or self.after_mean is None:
            return None
        return (self.after_mean - self.before_mean) / self.before_mean


def campaign_effect(m: Membership, d: Dissemination, paths: list[str], window: int = 3) -> CampaignEffect:
    """Views of the promoted pages in the `window` months before the campaign's month, against
    the campaign's month and the `window - 1` months after it (the same number of months).

    Months with no figures imported are left out of the means rather than counted as nought.
    """
    month = d.date.replace(day=1)
    months = month_range(add_months(month, -window), add_months(month, window - 1))
    if paths:
        rows = PageTraffic.objects.filter(
            partnership_id=m.partnership_id, path__in=paths, month__gte=months[0], month__lte=months[-1]
        ).values_list("month", "path", "pageviews")
    else:
        rows = []
    cells: dict[tuple[dt.date, str], int] = {}
    for row_month, path, views in rows:
        cells[(row_month, path)] = views
    covered = set(
        MonthlyTraffic.objects.filter(
            partnership_id=m.partnership_id, month__gte=months[0], month__lte=months[-1]
        ).values_list("month", flat=True)
    ) | {k[0] for k in cells}
    series: list[tuple[dt.date, int | None]] = []
    for current in months:
        series.append((current, sum(cells.get((current, p), 0) for p in paths) if current in covered else None))
    by_path = [(p, [cells.get((c, p), 0) if c in covered else None for c in months]) for p in paths]
    before = [v for c, v in series if c < month and v is not None]
    after = [v for c, v in series if c >= month and v is not None]
    return CampaignEffect(
        month=month,
        months=months,
        series=series,
        by_path=by_path,
        before_mean=sum(before) / len(before) if before else None,
        after_mean=sum(after) / len(after) if after else None,
        window=window,
    )


def home_summary(m: Membership) -> dict[str, Any]:
    latest = list(MonthlyTraffic.objects.filter(partnership_id=m.partnership_id).order_by("-month")[:2])
    last_import = imports(m).first()
    unlinked = (
        disseminations_visible(m)
        .filter(kind=Dissemination.Kind.CAMPAIGN, promoted_pages__isnull=True)
        .aggregate(n=Count("pk"))["n"]
    )
    return {
        "latest": latest[0] if latest else None,
        "previous": latest[1] if len(latest) > 1 else None,
        "last_import": last_import,
        "unlinked_campaigns": unlinked,
    }
