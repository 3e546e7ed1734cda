"""A rate per 1,000 children for partnerships that enter aggregate returns (no events): the
year's registrations over the year's population figure, placed against the national rate."""

from __future__ import annotations

import pytest

from learnloop.dataset.aggregates import aggregate_value_save
from learnloop.dataset.computation import compute
from learnloop.dataset.models import Indicator
from learnloop.dataset.services import population_save
from learnloop.national import benchmarks, limits, services
from learnloop.national.models import ShareKind
from learnloop.national.tests.conftest import TODAY

pytestmark = pytest.mark.django_db

RATE = "registrations_per_1000"


def _registrations(partnership, counts: list[int]) -> None:  # type: ignore[no-untyped-def]
    """Quarterly returns of the registrations count for 2025."""
    for q, n in enumerate(counts, start=1):
        aggregate_value_save(
            partnership=partnership, indicator="registrations", period=f"2025-Q{q}", value=str(n), today=TODAY
        )


def _rates(partnership, counts: list[int], children: int) -> None:  # type: ignore[no-untyped-def]
    """Quarterly returns of the rate itself, each with its registrations and children."""
    for q, n in enumerate(counts, start=1):
        aggregate_value_save(
            partnership=partnership,
            indicator=RATE,
            period=f"2025-Q{q}",
            value=f"{1000 * n / children:.2f}",
            numerator=str(n),
            denominator=str(children),
            today=TODAY,
        )


@pytest.fixture
def rates(world, national):  # type: ignore[no-untyped-def]
    # Glen enters registrations counts: 10 + 12 + 8 + 10 = 40 in 2025, 9,000 children: 4.444 a 1,000.
    _registrations(world.partnership, [10, 12, 8, 10])
    population_save(partnership=world.partnership, year=2025, children_0_15=9000)
    # Other enters the rate with its numerators: 30 + 40 + 35 + 35 = 140, 12,000 children: 11.667.
    _rates(world.other_partnership, [30, 40, 35, 35], 12000)
    population_save(partnership=world.other_partnership, year=2025, children_0_15=12000)
    indicator = Indicator.objects.get(code=RATE)
    services.share_item(partnership=world.other_partnership, kind=ShareKind.INDICATOR, object_id=indicator.pk, by=None)
    return indicator


def _year(partnership_id: int, kind: str = "year"):  # type: ignore[no-untyped-def]
    indicator = Indicator.objects.get(code=RATE)
    (series,) = compute(partnership_id, kind=kind, indicators=[indicator])
    return {f.period.label: f for f in series.figures}


def test_a_yearly_rate_adds_the_quarters_registrations_over_the_population(world, rates) -> None:
    glen = _year(world.partnership.pk)["2025"]
    assert (glen.value, glen.numerator, glen.denominator) == (4.4, 40, 9000)  # 1000 * 40 / 9000 = 4.44
    other = _year(world.other_partnership.pk)["2025"]
    assert (other.value, other.numerator, other.denominator) == (11.7, 140, 12000)  # 1000 * 140 / 12000


def test_a_quarter_entered_as_a_rate_keeps_its_value_and_one_entered_as_counts_gets_one(world, rates) -> None:
    assert _year(world.other_partnership.pk, "quarter")["2025-Q2"].value == pytest.approx(3.33)  # as entered
    q1 = _year(world.partnership.pk, "quarter")["2025-Q1"]
    assert (q1.value, q1.numerator, q1.denominator) == (1.1, 10, 9000)  # 1000 * 10 / 9000 = 1.11


def test_no_population_no_rate_and_a_missing_quarter_no_yearly_rate(world, national) -> None:
    _registrations(world.partnership, [10, 12, 8, 10])
    assert _year(world.partnership.pk)["2025"].value is None  # no population figure for 2025
    population_save(partnership=world.partnership, year=2025, children_0_15=9000)
    assert _year(world.partnership.pk)["2025"].value == 4.4
    _registrations(national.third, [10, 12, 8])  # no fourth quarter
    population_save(partnership=national.third, year=2025, children_0_15=9000)
    assert _year(national.third.pk)["2025"].value is None


def test_the_rate_benchmark_places_partnerships_with_aggregate_returns(world, rates) -> None:
    result = benchmarks.benchmark(rates, 2025)
    rows = {r.partnership.name: r for r in result.rows}
    # National: (40 + 140) registrations over (9,000 + 12,000) children = 8.571 a 1,000.
    national_rate = 1000 * 180 / 21000
    assert result.national_value == pytest.approx(national_rate)
    glen, other = rows["Glen Child Protection Committee"], rows["Other Child Protection Committee"]
    assert (glen.numerator, glen.denominator) == (40, 9000)
    assert glen.value == pytest.approx(1000 * 40 / 9000)
    assert (other.numerator, other.denominator) == (140, 12000)
    # Expected by chance: Glen 8.571 * 9 = 77.1 registrations (sd about 8.8), 40 is 4.2 sd below;
    # Other 8.571 * 12 = 102.9 (sd about 10.1), 140 is 3.7 sd above: both outside 99.8 %.
    assert glen.limits == limits.rate_limits(9000, national_rate)
    assert pytest.approx(glen.limits.lower_998, abs=0.15) == 1000 * (77.14 - 3.09 * 8.78) / 9000
    assert (glen.position, other.position) == (limits.BELOW_998, limits.ABOVE_998)
    assert "Third Child Protection Committee" not in rows  # Third shares only the percentage
