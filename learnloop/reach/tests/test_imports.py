"""Website statistics from Plausible, Matomo (UTF-16) and GA4 (comment header); bad rows; re-imports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from learnloop.loop.models import LearningPoint, SourceType
from learnloop.reach import parsers, selectors, services
from learnloop.reach.models import MonthlyTraffic, PageTraffic, StatisticsImport, Tool
from learnloop.testing.factories import DisseminationFactory

SAMPLES = Path(__file__).resolve().parent / "samples"


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()


def _import(world, tool, name, month=None):
    return services.statistics_import(
        partnership=world.partnership, tool=tool, data=sample(name), filename=name, month=month, by=world.lead
    )


def test_plausible_zip_sums_days_into_months_and_reimport_changes_nothing(world):
    outcome = _import(world, Tool.PLAUSIBLE, "plausible_export.zip")
    assert outcome.ok
    jan = MonthlyTraffic.objects.get(month=dt.date(2026, 1, 1))
    # January: visitors 100 + 50 = 150, page views 250 + 150 = 400.
    assert (jan.visitors, jan.pageviews) == (150, 400)
    pages = {(p.month.month, p.path): p.pageviews for p in PageTraffic.objects.all()}
    # "/" in January: 200 + 100.
    assert pages == {(1, "/"): 300, (1, "/safe-sleep"): 50, (2, "/safe-sleep"): 250}
    assert StatisticsImport.objects.count() == 1
    again = _import(world, Tool.PLAUSIBLE, "plausible_export.zip")
    assert (again.added, again.changed, again.unchanged) == (0, 0, 5)
    assert again.summary().startswith("Nothing new")
    assert StatisticsImport.objects.count() == 1
    assert MonthlyTraffic.objects.count() == 2 and PageTraffic.objects.count() == 3


def test_matomo_utf16_tab_separated_page_report(world):
    assert sample("matomo_pages_utf16.tsv")[:2] == b"\xff\xfe"
    outcome = _import(world, Tool.MATOMO, "matomo_pages_utf16.tsv")
    assert outcome.ok, outcome.errors
    april = {p.path: (p.pageviews, p.visitors) for p in PageTraffic.objects.filter(month=dt.date(2026, 4, 1))}
    assert april == {"/": (700, 450), "/safe-sleep": (80, 55)}
    # The site's April page views are the pages' hits summed: 700 + 80; visitors are not known.
    month = MonthlyTraffic.objects.get(month=dt.date(2026, 4, 1))
    assert (month.pageviews, month.visitors) == (780, None)


def test_matomo_without_a_date_column_needs_the_month():
    data = "label\tnb_visits\tnb_hits\n/\t5\t9\n".encode("utf-16")
    stats = parsers.read_matomo(data)
    assert "no date column" in stats.errors[0].reason
    stats = parsers.read_matomo(data, month=dt.date(2026, 6, 1))
    assert stats.pages[(dt.date(2026, 6, 1), "/")]["pageviews"] == 9


def test_ga4_skips_the_comment_header_and_takes_the_period_from_it(world):
    outcome = _import(world, Tool.GA4, "ga4_pages_march.csv")
    assert outcome.ok, outcome.errors
    march = {p.path: p.pageviews for p in PageTraffic.objects.filter(month=dt.date(2026, 3, 1))}
    assert march == {"/": 1200, "/safe-sleep": 300, "/worried-about-a-child": 150}
    assert MonthlyTraffic.objects.get(month=dt.date(2026, 3, 1)).pageviews == 1650


def test_ga4_spanning_months_without_a_month_column_is_refused():
    data = b"# Start date: 20260101\n# End date: 20260331\nPage path and screen class,Views\n/,5\n"
    assert "Year month" in parsers.read_ga4(data).errors[0].reason
    data = b"# Start date: 20260101\n# End date: 20260331\nYear month,Views,Total users\n202601,50,20\n202602,60,25\n"
    stats = parsers.read_ga4(data)
    assert stats.months[dt.date(2026, 2, 1)] == {"pageviews": 60, "visitors": 25}


def test_bad_rows_are_all_reported_and_nothing_is_loaded(world):
    outcome = _import(world, Tool.GA4, "ga4_bad.csv")
    assert [(e.row, e.field) for e in outcome.errors] == [(6, "Views")]
    # The row with an empty first cell is read as a totals row and left out; "lots" is named.
    assert "“lots” is not a whole number" in outcome.errors[0].reason
    assert not MonthlyTraffic.objects.exists() and not PageTraffic.objects.exists()
    bad = b"date,visitors,pageviews\n2026-01-01,10,20\nyesterday,1,2\n2026-01-03,x,2\n"
    stats = parsers.read_plausible(bad, "imported_visitors_x.csv")
    assert [(e.row, e.field) for e in stats.errors] == [(3, "date"), (4, "visitors")]


def test_a_later_import_updates_a_month_and_counts_it_as_changed(world):
    _import(world, Tool.GA4, "ga4_pages_march.csv")
    newer = sample("ga4_pages_march.csv").replace(b"/safe-sleep,300", b"/safe-sleep,310")
    outcome = services.statistics_import(partnership=world.partnership, tool=Tool.GA4, data=newer, filename="x.csv")
    assert (outcome.added, outcome.changed) == (0, 2)  # the page, and the site's total
    assert PageTraffic.objects.get(path="/safe-sleep").pageviews == 310


def test_campaign_effect_against_hand_worked_means(world):
    p = world.partnership
    for month, views in [(1, 40), (2, 50), (3, 60), (4, 600), (5, 300), (6, 150)]:
        PageTraffic.objects.create(
            partnership=p, month=dt.date(2026, month, 1), path="/safe-sleep", pageviews=views, tool="ga4"
        )
    d = DisseminationFactory(partnership=p, kind="campaign", date=dt.date(2026, 4, 12))
    record = services.promoted_pages_save(dissemination=d, paths=["safe-sleep", " ", "/safe-sleep"])
    assert record.path_list() == ["/safe-sleep"]
    effect = selectors.campaign_effect(world.membership(world.viewer), d, record.path_list())
    # Before: Jan-Mar (40 + 50 + 60) / 3 = 50. From April for 3 months: (600 + 300 + 150) / 3 = 350. Change +600%.
    assert effect.before_mean == pytest.approx(50)
    assert effect.after_mean == pytest.approx(350)
    assert effect.change == pytest.approx(6.0)
    assert effect.rows[3] == (dt.date(2026, 4, 1), [600], 600)
    outsider = world.membership(world.outsider)
    assert selectors.campaign_effect(outsider, d, ["/safe-sleep"]).before_mean is None
    lp = services.learning_point_raise(
        record=record,
        title="Campaign worked",
        description="Up six-fold",
        kind="good_practice",
        themes=[],
        by=world.lead,
    )
    lp.refresh_from_db()
    assert lp.source_type == SourceType.WEBSITE and lp.source_record == record
    assert lp.subgroup.short_name == "PIC"
    assert LearningPoint.objects.count() == 1
    assert services.promoted_pages_save(dissemination=d, paths=[]) is None
