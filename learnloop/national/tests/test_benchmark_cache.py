"""The benchmarks are worked out once per version of the sharing partnerships' data and shares,
the funnel plot is drawn once per version, and a page asks a fixed number of queries; a share,
a withdrawal or a change of data shows at once."""

from __future__ import annotations

import pytest
from django.urls import reverse

from learnloop.dataset.aggregates import aggregate_value_save
from learnloop.dataset.models import Indicator
from learnloop.national import charts, services
from learnloop.national.models import NationalShare, ShareKind
from learnloop.national.tests.conftest import INDICATOR, TODAY, quarters
from learnloop.partnership.services import partnership_create

pytestmark = pytest.mark.django_db

# The user, the reader's memberships, the national role, the shared indicators (the shares and
# the indicators), the shares again with their partnerships, the partnerships; the figures, the
# limits and the drawing come from the cache (the test cache; Django's database cache adds its
# own reads).
QUERIES = 7


def _page(client, year: int = 2025) -> str:
    response = client.get(reverse("national:benchmark", args=[INDICATOR]), {"year": year})
    assert response.status_code == 200
    return response.content.decode()


def _svg(page: str) -> str:
    return page[page.index("<svg") : page.index("</svg>")]


def test_a_benchmark_page_asks_the_same_number_of_queries_however_many_share(
    client, world, national, django_assert_num_queries
) -> None:
    client.force_login(national.reader)
    _page(client)
    with django_assert_num_queries(QUERIES):
        _page(client)
    indicator = Indicator.objects.get(code=INDICATOR)
    for n in range(3):
        more = partnership_create(slug=f"more-{n}", name=f"More {n} Child Protection Committee")
        services.share_item(partnership=more, kind=ShareKind.INDICATOR, object_id=indicator.pk, by=None)
        quarters(more, 2025, 60 + n, 120)
    _page(client)
    with django_assert_num_queries(QUERIES):
        page = _page(client)
    assert "More 2 Child Protection Committee" in page


def test_a_withdrawal_and_a_new_share_show_at_once(client, world, national) -> None:
    client.force_login(national.reader)
    assert "Other Child Protection Committee (50.0%) is below the 99.8% limit." in _page(client)
    share = NationalShare.objects.get(partnership=world.other_partnership, kind=ShareKind.INDICATOR)
    services.share_withdraw(share=share, by=world.outsider)
    page = _page(client)
    assert "Other Child Protection Committee" not in page
    # Glen alone: 80 % is the national value, so nobody is outside the limits.
    assert "Every partnership shown is within the 95% limits." in page
    indicator = Indicator.objects.get(code=INDICATOR)
    services.share_item(partnership=world.other_partnership, kind=ShareKind.INDICATOR, object_id=indicator.pk, by=None)
    assert "Other Child Protection Committee (50.0%) is below the 99.8% limit." in _page(client)


def test_a_share_deleted_outright_leaves_at_once(client, world, national) -> None:
    client.force_login(national.reader)
    assert "Other Child Protection Committee" in _page(client)
    NationalShare.objects.filter(partnership=world.other_partnership, kind=ShareKind.INDICATOR).delete()
    assert "Other Child Protection Committee" not in _page(client)


def test_new_figures_of_a_sharing_partnership_show_at_once(client, world, national) -> None:
    client.force_login(national.reader)
    assert "Other Child Protection Committee (50.0%)" in _page(client)
    aggregate_value_save(
        partnership=world.other_partnership,
        indicator=INDICATOR,
        period="2025-Q4",
        value="0.00",
        numerator="0",
        denominator="50",
        today=TODAY,
    )
    # 75 of 200 (Q4 was 25 of 50): 37.5 %
    assert "Other Child Protection Committee (37.5%)" in _page(client)


def test_a_renamed_partnership_is_shown_by_its_new_name_at_once(client, world, national) -> None:
    client.force_login(national.reader)
    assert "Other Child Protection Committee" in _page(client)
    world.other_partnership.name = "Renamed Child Protection Committee"
    world.other_partnership.save()
    page = _page(client)
    assert "Renamed Child Protection Committee (50.0%) is below the 99.8% limit." in page
    assert "Other Child Protection Committee" not in page


def test_the_funnel_plot_is_drawn_once_per_version_and_reader(client, world, national, monkeypatch) -> None:
    drawn: list[str] = []
    real = charts.render_svg

    def counting(spec, *, label):  # type: ignore[no-untyped-def]
        drawn.append(label)
        return real(spec, label=label)

    monkeypatch.setattr(charts, "render_svg", counting)
    client.force_login(national.reader)
    first = _svg(_page(client))
    assert first.startswith("<svg") and _svg(_page(client)) == first
    assert len(drawn) == 1
    # A member of Glen sees Glen marked as theirs: another drawing, kept for every Glen member.
    client.force_login(world.lead)
    _page(client)
    client.force_login(world.outsider)  # a member of Other: Other is theirs
    _page(client)
    client.force_login(world.lead)
    _page(client)
    assert len(drawn) == 3
    quarters(world.other_partnership, 2025, 120, 200)  # new figures: a new drawing
    client.force_login(national.reader)
    assert "Other Child Protection Committee (60.0%)" in _page(client)
    assert len(drawn) == 4
