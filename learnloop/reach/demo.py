"""Demo website statistics: a year of figures imported through the Plausible importer, and the
safe sleep campaign from the loop tied to the page it promoted. Idempotent."""

from __future__ import annotations

import csv
import io
import zipfile
from collections.abc import Callable

from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.loop.models import Dissemination
from learnloop.partnership.models import Partnership
from learnloop.reach import services
from learnloop.reach.models import MonthlyTraffic, PromotedPages, Tool
from learnloop.reach.selectors import add_months

HOST = "www.glenmoray-cpc.example"
# Page: a typical month's views. The campaign page is handled separately.
PAGES = {
    "/": 820,
    "/worried-about-a-child": 410,
    "/practitioners/training": 260,
    "/practitioners/procedures": 230,
    "/learning-reviews": 120,
    "/seven-minute-briefings": 95,
    "/about-us": 70,
}
CAMPAIGN = "Safe sleep winter campaign"
CAMPAIGN_PATH = "/safe-sleep"


def _seasonal(i: int) -> float:
    return [1.0, 0.96, 1.04, 1.1, 0.92, 0.85, 0.8, 0.95, 1.08, 1.12, 1.05, 0.9][i % 12]


def demo_export(first_month, campaign_month) -> bytes:  # type: ignore[no-untyped-def]
    """A Plausible export ZIP: one row a month for the site, and for each page."""
    visitors = io.StringIO()
    pages = io.StringIO()
    vw = csv.writer(visitors)
    pw = csv.writer(pages)
    vw.writerow(["date", "visitors", "pageviews", "bounces", "visits", "visit_duration"])
    pw.writerow(["date", "hostname", "page", "visits", "visitors", "pageviews", "exits", "time_on_page"])
    for i in range(12):
        month = add_months(first_month, i)
        factor = _seasonal(i)
        total = 0
        for path, base in PAGES.items():
            views = round(base * factor)
            total += views
            pw.writerow(
                [month.isoformat(), HOST, path, round(views * 0.8), round(views * 0.7), views, round(views * 0.4), 60]
            )
        gap = (month.year * 12 + month.month) - (campaign_month.year * 12 + campaign_month.month)
        safe = {0: 640, 1: 420, 2: 260}.get(gap, 40 + i) if gap >= 0 else 38 + i
        total += safe
        pw.writerow(
            [month.isoformat(), HOST, CAMPAIGN_PATH, round(safe * 0.85), round(safe * 0.8), safe, round(safe * 0.5), 95]
        )
        vw.writerow([month.isoformat(), round(total * 0.42), total, round(total * 0.2), round(total * 0.5), 70])
    buffer = io.BytesIO()
    stamp = f"{first_month:%Y%m%d}_{add_months(first_month, 12):%Y%m%d}"
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(f"imported_visitors_{stamp}.csv", visitors.getvalue())
        archive.writestr(f"imported_pages_{stamp}.csv", pages.getvalue())
    return buffer.getvalue()


def seed(*, partnership: Partnership, say: Callable[[str], None]) -> None:
    lead = Membership.objects.filter(partnership=partnership, role="lead_officer").select_related("user").first()
    by = lead.user if lead else None
    campaign = Dissemination.objects.filter(partnership=partnership, title=CAMPAIGN).first()
    this_month = timezone.localdate().replace(day=1)
    first = add_months(this_month, -12)
    campaign_month = campaign.date.replace(day=1) if campaign else add_months(this_month, -10)
    if campaign_month < first:
        campaign_month = add_months(first, 2)
    if not MonthlyTraffic.objects.filter(partnership=partnership).exists():
        outcome = services.statistics_import(
            partnership=partnership,
            tool=Tool.PLAUSIBLE,
            data=demo_export(first, campaign_month),
            filename=f"plausible-export-{first:%Y%m}.zip",
            by=by,
        )
        say(f"Imported a year of website statistics: {outcome.summary()}")
    if campaign and not PromotedPages.objects.filter(dissemination=campaign).exists():
        services.promoted_pages_save(dissemination=campaign, paths=[CAMPAIGN_PATH], by=by)
        say(f"Linked “{CAMPAIGN}” to {CAMPAIGN_PATH}.")
