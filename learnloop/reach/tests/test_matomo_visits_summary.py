"""A Matomo "visits summary" export (VisitsSummary.get by month, CSV): site-wide visitors and page
views by month; one bad row named by row, column and reason; a second import adds nothing."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from learnloop.reach import services
from learnloop.reach.models import MonthlyTraffic, PageTraffic, StatisticsImport, Tool

SAMPLE = Path(__file__).resolve().parent / "samples" / "matomo_visits_summary.csv"


def _import(world, **kwargs):
    return services.statistics_import(
        partnership=world.partnership,
        tool=Tool.MATOMO,
        data=SAMPLE.read_bytes(),
        filename=SAMPLE.name,
        by=world.lead,
        **kwargs,
    )


def test_the_bad_row_is_named_and_nothing_is_loaded_unless_the_good_rows_are_accepted(world):
    outcome = _import(world)
    # Row 4 (March) has "lots" for its actions.
    assert [(e.row, e.field) for e in outcome.errors] == [(4, "nb_actions")]
    assert "“lots” is not a whole number" in outcome.errors[0].reason
    assert str(outcome.errors[0]) == "Row 4, nb_actions: “lots” is not a whole number."
    assert not MonthlyTraffic.objects.exists() and not StatisticsImport.objects.exists()


def test_visits_summary_gives_visitors_and_page_views_by_month_and_reimport_adds_nothing(world):
    check = _import(world, dry_run=True).check()
    assert (check.new, check.bad_rows) == (2, 1) and not MonthlyTraffic.objects.exists()
    outcome = _import(world, skip_bad=True)
    assert (outcome.added, outcome.changed) == (2, 0)
    months = {t.month: (t.visitors, t.pageviews) for t in MonthlyTraffic.objects.all()}
    # January: 1,200 unique visitors and 3,400 actions (page views). February has no unique
    # visitors (Matomo leaves them out of monthly periods unless configured), so its 1,500 visits
    # stand in; 4,100 actions. March is the bad row and is left out.
    assert months == {dt.date(2026, 1, 1): (1200, 3400), dt.date(2026, 2, 1): (1500, 4100)}
    assert not PageTraffic.objects.exists()  # a summary has no pages
    again = _import(world, skip_bad=True)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 2)
    assert again.summary().startswith("Nothing new")
    assert MonthlyTraffic.objects.count() == 2 and StatisticsImport.objects.count() == 1
