"""Figures and charts are drawn once per version of the data, and never served to the wrong reader."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from learnloop.core import charts as core_charts
from learnloop.dataset import selectors
from learnloop.dataset.aggregates import aggregate_value_save, period_lock
from learnloop.dataset.computation import SUPPRESSED
from learnloop.dataset.models import Indicator
from learnloop.dataset.services import population_save
from learnloop.dataset.tasks import warm_charts
from learnloop.dataset.tests.conftest import TODAY, extract, load
from learnloop.dataset.tests.test_disclosure import HEADER, loaded, rows  # noqa: F401 (a fixture)
from learnloop.dataset.versions import data_version

pytestmark = pytest.mark.django_db


def _concerns(partnership, **kwargs):
    return selectors.figures_for(partnership.pk, indicators=[Indicator.objects.get(code="concerns")], **kwargs)[0]


def _latest(series) -> tuple[str, object]:
    return series.latest.status, series.latest.value


def test_a_viewer_never_gets_the_lead_officers_unsuppressed_figures_or_chart(client, world, loaded):  # noqa: F811
    url = reverse("dataset:indicator", args=["glen", "concerns"])
    client.force_login(world.lead)
    lead_page = client.get(url)
    assert _latest(lead_page.context["panel"].series) == ("value", 4.0)
    client.force_login(world.viewer)
    viewer_page = client.get(url)  # the lead officer's chart is in the cache now
    assert viewer_page.context["panel"].series.latest.status == SUPPRESSED
    assert viewer_page.context["panel"].svg != lead_page.context["panel"].svg
    assert "Not drawn: 2024-Q3" in viewer_page.content.decode()
    # And the other way round, with the viewer's chart drawn first.
    cache.clear()
    assert client.get(url).context["panel"].series.latest.status == SUPPRESSED
    client.force_login(world.lead)
    assert _latest(client.get(url).context["panel"].series) == ("value", 4.0)


def test_the_same_request_is_drawn_once(world, loaded, django_assert_max_num_queries):  # noqa: F811
    indicators = [Indicator.objects.get(code="concerns")]
    first = selectors.panels_for(world.partnership.pk, kind="quarter", indicators=indicators, suppressed=False)
    with django_assert_max_num_queries(0):
        again = selectors.panels_for(world.partnership.pk, kind="quarter", indicators=indicators, suppressed=False)
    assert again[0].svg == first[0].svg and again[0].rows == first[0].rows


def test_an_import_changes_the_figures_and_the_chart(world, loaded, django_capture_on_commit_callbacks):  # noqa: F811
    before = _concerns(world.partnership, suppressed=False)
    version = data_version(world.partnership.pk)
    more = [[f"x{i}", f"X{i}", "concern", "2024-07-20", "no"] for i in range(6)]
    with django_capture_on_commit_callbacks(execute=True):
        assert load(world.partnership, extract(more, header=HEADER)).status == "loaded"
    assert data_version(world.partnership.pk) != version
    after = _concerns(world.partnership, suppressed=False)
    assert (before.latest.value, after.latest.value) == (4.0, 10.0)


def test_a_population_change_changes_the_rates(world, loaded):  # noqa: F811
    version = data_version(world.partnership.pk)
    population_save(partnership=world.partnership, year=2024, children_0_15=1000)
    assert data_version(world.partnership.pk) != version


def test_an_aggregate_return_and_a_lock_change_the_version(world):
    pid = world.partnership.pk
    indicator = Indicator.objects.filter(in_dataset=True).first()
    assert selectors.figures_for(pid, indicators=[indicator], suppressed=False) == []  # cached: nothing yet
    version = data_version(pid)
    aggregate_value_save(
        partnership=world.partnership,
        indicator=indicator.code,
        period="2025-Q1",
        value="40",
        by=world.lead,
        today=TODAY,
    )
    assert data_version(pid) != version
    after = selectors.figures_for(pid, indicators=[indicator], suppressed=False)
    assert [f.value for f in after[0].figures] == [40.0]
    version = data_version(pid)
    period_lock(partnership=world.partnership, period="2025-Q1", by=world.lead, today=TODAY)
    assert data_version(pid) != version


def test_another_partnerships_change_leaves_the_cache_alone(world, loaded):  # noqa: F811
    version = data_version(world.partnership.pk)
    population_save(partnership=world.other_partnership, year=2024, children_0_15=1000)
    assert data_version(world.partnership.pk) == version


def test_warming_draws_the_quarterly_charts_for_both_readers(world, loaded, django_assert_max_num_queries):  # noqa: F811
    warm_charts.call(world.partnership.pk)
    indicators = list(selectors.indicator_list())
    with django_assert_max_num_queries(0):
        for suppressed in (False, True):
            selectors.panels_for(world.partnership.pk, kind="quarter", indicators=indicators, suppressed=suppressed)


def test_a_drawing_is_reused_only_for_exactly_the_same_chart():
    spec = {"mark": "bar", "data": {"values": [{"a": 1}]}, "encoding": {"y": {"field": "a", "type": "quantitative"}}}
    first = core_charts.svg(spec)
    assert core_charts.svg(dict(spec)) is not None and core_charts.svg(spec) == first
    other = {**spec, "data": {"values": [{"a": 5}]}}
    assert core_charts.svg(other) != first
