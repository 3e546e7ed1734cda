"""The demo has three partnerships sharing learning, themes and figures, and seeding twice adds nothing."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse

from learnloop.national import benchmarks, search, selectors
from learnloop.national.demo import INDICATOR, READER
from learnloop.national.models import NationalShare

pytestmark = pytest.mark.django_db


def test_the_demo_shares_learning_and_figures_from_three_partnerships(client) -> None:
    call_command("seed_demo", stdout=io.StringIO())
    shares = NationalShare.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert NationalShare.objects.count() == shares
    indicator = next(i for i in selectors.shared_indicators() if i.code == INDICATOR)
    result = benchmarks.benchmark(indicator, 2025)
    assert len(result.placed) == 3
    assert {e.partnership.name for e in search.search(per_page=100).page} >= {
        "Lochbrae Child Protection Committee (demo)",
        "Strathcarron Child Protection Committee (demo)",
    }
    from learnloop.accounts.models import User

    client.force_login(User.objects.get(email=READER))
    page = client.get(reverse("national:benchmark", args=[INDICATOR]), {"year": 2025})
    assert page.status_code == 200
    assert "Strathcarron" in page.content.decode()
    # A rate per 1,000 children (exact Poisson limits): the demo partnership's events and population.
    rate = next(i for i in selectors.shared_indicators() if i.code == "registrations_per_1000")
    placed = benchmarks.benchmark(rate, 2025).placed
    assert len(placed) == 1 and placed[0].position == "within"
    page = client.get(reverse("national:benchmark", args=["registrations_per_1000"]), {"year": 2025})
    assert page.status_code == 200
    assert "Per 1,000 children" in page.content.decode()
    # Themes over time: risks outside the family rise in the demo and both neighbours at once.
    page = client.get(reverse("national:themes")).content.decode()
    assert "Risks outside the family: rising in 3 partnerships" in page
    assert "Lochbrae Child Protection Committee (demo)" in page
