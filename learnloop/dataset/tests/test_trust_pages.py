"""The dataset pages show only what the member may use, and say each thing once and exactly."""

from __future__ import annotations

from django.urls import reverse

from learnloop.dataset.tests.test_views import EVERYONE, LOADERS, loaded  # noqa: F401 (a fixture)
from learnloop.loop.models import LearningPoint

LOAD_TAB = ">Load data</a>"


def test_the_load_data_tab_is_shown_only_to_those_who_may_load(client, world, loaded):  # noqa: F811
    for who in EVERYONE:
        client.force_login(getattr(world, who))
        for page in ("dataset:index", "dataset:trends", "dataset:population", "dataset:aggregates"):
            html = client.get(reverse(page, args=["glen"])).content.decode()
            assert (LOAD_TAB in html) == (who in LOADERS), (who, page)


def test_a_trend_turned_into_learning_links_the_learning_point(client, world, loaded):  # noqa: F811
    client.force_login(world.subgroup_member)
    client.post(reverse("dataset:trend_to_learning", args=["glen", "concerns", "2025-Q1"]))
    lp = LearningPoint.objects.get(partnership=world.partnership)
    client.force_login(world.viewer)
    html = client.get(reverse("dataset:trends", args=["glen"])).content.decode()
    trends = html.split('id="trends"', 1)[1].split("</table>", 1)[0]
    assert f'href="{lp.get_absolute_url()}"' in trends and lp.reference in trends
    decisions = html.split("Decisions on signals", 1)[1]
    assert f'href="{lp.get_absolute_url()}"' in decisions


def test_the_learning_point_from_a_signal_names_its_source_once(client, world, loaded):  # noqa: F811
    client.force_login(world.subgroup_member)
    client.post(reverse("dataset:trend_to_learning", args=["glen", "concerns", "2025-Q1"]))
    lp = LearningPoint.objects.get(partnership=world.partnership)
    assert lp.source_title == "Child protection concerns received, 2025-Q1"
    page = client.get(lp.get_absolute_url()).content.decode()
    assert "Minimum dataset: Minimum dataset" not in page
    assert "Minimum dataset: Child protection concerns received, 2025-Q1" in page


def test_no_demo_learning_point_repeats_its_source_in_its_source_title():
    from learnloop.loop.demo.learning import LEARNING_POINTS
    from learnloop.loop.models import SourceType

    repeated = [
        lp.source_title
        for lp in LEARNING_POINTS
        if lp.source_title.lower().startswith(str(SourceType(lp.source_type).label).lower())
    ]
    assert repeated == []
