"""List pages and loop health make a fixed number of queries, whatever the number of rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from learnloop.testing.factories import (
    ActionFactory,
    DisseminationFactory,
    EmbeddingFactory,
    ImpactFactory,
    LearningPointFactory,
    TrackedChildFactory,
)
from learnloop.testing.queries import count_queries


def _add_rows(world, n: int) -> None:
    p = world.partnership
    themes = list(p.themes.all()[:3])
    for _ in range(n):
        lp = LearningPointFactory(partnership=p, subgroup=world.mise)
        lp.themes.set(themes)
        lp.agencies.set([world.education, world.police])
        action = ActionFactory(
            learning_point=lp,
            owner_agency=world.police,
            owner_subgroup=world.mise,
            owner_person=world.contributor,
            due_date=dt.date(2020, 1, 1),
        )
        d = DisseminationFactory(partnership=p)
        d.learning_points.add(lp)
        d.audience_agencies.set([world.education, world.police])
        e = EmbeddingFactory(partnership=p, agency=world.police)
        e.actions.add(action)
        i = ImpactFactory(partnership=p)
        i.learning_points.add(lp)
        i.actions.add(action)
        TrackedChildFactory(partnership=p, agency=world.police).learning_points.add(lp)


PAGES = [
    "loop:home",
    "loop:learning_points",
    "loop:actions",
    "loop:disseminations",
    "loop:embeddings",
    "loop:impacts",
    "loop:tracked_children",
    "loop:loop_health",
    "themes:list",
    "partnership:members",
    "core:audit_log",
]


@pytest.mark.parametrize("name", PAGES)
def test_queries_do_not_grow_with_rows(client, world, name, monkeypatch):
    if name == "loop:home":  # the body drawn every time, not read from the cache (test_home_cache.py)
        from django.core.cache.backends.dummy import DummyCache

        monkeypatch.setattr("learnloop.loop.views.home.cache", DummyCache("none", {}))
    client.force_login(world.lead)
    address = reverse(name, args=["glen"])
    _add_rows(world, 2)
    few = count_queries(client, address)
    _add_rows(world, 8)
    many = count_queries(client, address)
    assert few == many, f"{name}: {few} queries with 2 rows, {many} with 10"
    # The home page gathers a panel from every source of learning, each a fixed few queries.
    # (50: the insights panel reads across every source, in a fixed number of queries.)
    assert many <= (50 if name == "loop:home" else 20), f"{name}: {many} queries"
