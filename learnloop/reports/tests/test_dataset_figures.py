"""The dataset's figures in a report equal the dataset pages' own selectors for the same reader."""

from __future__ import annotations

import datetime as dt

import pytest

from learnloop.accounts.models import Membership
from learnloop.core.reporting import ReportRequest
from learnloop.dataset import report_sections, selectors
from learnloop.dataset.synthetic import extract_csv
from learnloop.dataset.tests.conftest import load
from learnloop.reports import building


@pytest.fixture
def loaded(world, settings):
    settings.PSEUDONYMISATION_KEY = "test-key"
    data = extract_csv(
        prefix="t",
        start=dt.date(2022, 1, 1),
        end=dt.date(2025, 12, 31),
        children_per_year=120,
        late_from=dt.date(2025, 4, 1),
    )
    item = load(world.partnership, data, accept_good_rows=True)
    assert item.status == "loaded", item.problems
    return world


def test_signals_and_latest_figures_equal_the_dataset_pages(loaded):
    world = loaded
    committee = Membership.objects.get(user=world.committee)
    series = selectors.series_for(committee, kind="quarter")
    latest = series[0].figures[-1].period
    request = ReportRequest(m=building.reader(world.partnership, public=False), start=latest.start, end=latest.end)

    rows = report_sections.signals(request)[0].rows
    trends = selectors.emerging_trends(committee)
    assert [(r[0], r[1]) for r in rows] == [(t.indicator.name, t.period) for t in trends]

    summary = {row[0]: row[2] for row in report_sections.year(request)[0].rows}
    assert summary
    for s in series:
        figure = s.figures[-1]
        if figure.period.label == latest.label:
            assert summary[s.indicator.name] == report_sections._value(figure.value, figure.status)
