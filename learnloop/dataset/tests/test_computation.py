"""Each indicator against values computed by hand on a small extract that exercises its edges."""

from __future__ import annotations

import pytest

from learnloop.dataset.computation import add_months, compute, period_of, periods_between
from learnloop.dataset.models import Indicator, JourneyEvent
from learnloop.dataset.services import population_save
from learnloop.dataset.tests.conftest import extract, load

# Children A-F across 2024-Q1..2024-Q3 (and one event in 2022 to test re-registration at 18 months).
ROWS = [
    # A: IRD 28 days before the initial CPPM (within), registered, deregistered on the last day of Q1.
    ["a1", "A", "concern", "2024-01-02", "2020-03", "female", "", "", "no"],
    ["a2", "A", "ird", "2024-01-03", "2020-03", "female", "investigation", "", "no"],
    ["a3", "A", "cppm_initial", "2024-01-31", "2020-03", "female", "registered", "", "no"],
    ["a4", "A", "registration", "2024-01-31", "2020-03", "female", "", "neglect;domestic_abuse", "no"],
    ["a5", "A", "deregistration", "2024-03-31", "2020-03", "female", "", "", "no"],
    # B: IRD 29 days before (late), registered, still on the register; looked after; no birth month.
    ["b1", "B", "ird", "2024-01-10", "", "male", "single_agency", "", "yes"],
    ["b2", "B", "cppm_initial", "2024-02-08", "", "male", "registered", "", "yes"],
    ["b3", "B", "registration", "2024-02-08", "", "male", "", "neglect", "yes"],
    # C: deregistered 2022-08-31 and registered again 2024-02-29: exactly 18 months (Feb has no 31st).
    ["c1", "C", "deregistration", "2022-08-31", "2011-05", "female", "", "", "no"],
    ["c2", "C", "registration", "2024-02-29", "2011-05", "female", "", "domestic_abuse", "no"],
    # D: an unborn baby (expected in May) registered pre-birth in March; an IRD with no outcome.
    ["d1", "D", "ird", "2024-03-01", "2024-05", "not_known", "", "", "no"],
    ["d2", "D", "cppm_pre_birth", "2024-03-05", "2024-05", "not_known", "registered", "", "no"],
    ["d3", "D", "registration", "2024-03-05", "2024-05", "not_known", "", "parental_substance_use", "no"],
    # E: an initial CPPM with no IRD before it (left out of the 28-day indicator); a concern in Q3.
    ["e1", "E", "cppm_initial", "2024-02-01", "2014-01", "male", "not_registered", "", "no"],
    ["e2", "E", "concern", "2024-08-15", "2014-01", "male", "", "", "no"],
    # F: registered in Q1, deregistered in Q2 after 100 days.
    ["f1", "F", "registration", "2024-01-15", "2008-02", "female", "", "physical_abuse", "no"],
    ["f2", "F", "deregistration", "2024-04-24", "2008-02", "female", "", "", "no"],
]


@pytest.fixture
def series(world):
    item = load(world.partnership, extract(ROWS))
    assert item.status == "loaded", item.problems
    population_save(partnership=world.partnership, year=2024, children_0_15=2000)
    population_save(partnership=world.partnership, year=2022, children_0_15=2000)
    result = compute(world.partnership.pk, kind="quarter")
    return {s.indicator.code: {f.period.label: f for f in s.figures} for s in result}


def test_the_series_runs_from_the_first_event_to_the_last_without_gaps(series):
    # first event 2022-08-31 (Q3), last 2024-08-15 (Q3): 2022-Q3 .. 2024-Q3 = 9 quarters
    assert list(series["concerns"]) == [
        "2022-Q3",
        "2022-Q4",
        "2023-Q1",
        "2023-Q2",
        "2023-Q3",
        "2023-Q4",
        "2024-Q1",
        "2024-Q2",
        "2024-Q3",
    ]
    assert series["concerns"]["2023-Q2"].value == 0  # a count is 0 in an empty period


def test_counts(series):
    q1 = "2024-Q1"
    assert series["concerns"][q1].value == 1
    assert series["irds"][q1].value == 3  # A, B, D
    assert series["cppm_initial"][q1].value == 3  # A, B, E
    assert series["cppm_pre_birth"][q1].value == 1
    assert series["registrations"][q1].value == 5  # A, B, C, D, F
    assert series["deregistrations"][q1].value == 1  # A on 31 March
    assert series["deregistrations"]["2024-Q2"].value == 1  # F
    assert series["concerns"]["2024-Q3"].value == 1


def test_ird_to_investigation_counts_only_irds_with_an_outcome(series):
    # A investigation, B single agency, D no outcome: 1 of 2 = 50.0
    f = series["ird_to_investigation_pct"]["2024-Q1"]
    assert (f.value, f.numerator, f.denominator) == (50.0, 1, 2)


def test_initial_cppm_within_28_days(series):
    # A: 28 days (within); B: 29 days (late); E: no IRD (left out): 1 of 2 = 50.0
    f = series["cppm_initial_within_28d_pct"]["2024-Q1"]
    assert (f.value, f.numerator, f.denominator) == (50.0, 1, 2)
    assert series["cppm_initial_within_28d_pct"]["2024-Q2"].value is None  # no value, never 0


def test_reregistration_at_exactly_18_months_counts(series):
    # 31 Aug 2022 + 18 months = 29 Feb 2024 (clamped), on or after the registration date
    assert add_months(__import__("datetime").date(2022, 8, 31), 18).isoformat() == "2024-02-29"
    assert series["reregistrations_18m"]["2024-Q1"].value == 1
    f = series["reregistration_18m_pct"]["2024-Q1"]
    assert (f.value, f.numerator, f.denominator) == (20.0, 1, 5)


def test_on_register_at_the_end_of_the_period(series):
    # 31 March 2024: A deregistered that day (off); B, C, D, F on -> 4. 30 June: F off -> 3.
    assert series["on_register_at_end"]["2024-Q1"].value == 4
    assert series["on_register_at_end"]["2024-Q2"].value == 3
    assert series["on_register_at_end"]["2022-Q3"].value == 0


def test_median_registration_length(series):
    # Q1: A 31 Jan -> 31 Mar = 60 days. Q2: F 15 Jan -> 24 Apr = 100 days. 2022-Q3: C has no
    # registration before its deregistration, so it has no length.
    assert series["registration_length_median_days"]["2024-Q1"].value == 60
    assert series["registration_length_median_days"]["2024-Q2"].value == 100
    assert series["registration_length_median_days"]["2022-Q3"].value is None


def test_concerns_age_bands_and_looked_after(series):
    q1 = "2024-Q1"
    # 5 registrations: neglect A, B -> 40.0; domestic abuse A, C -> 40.0; substance D -> 20.0
    assert series["concern_neglect_pct"][q1].value == 40.0
    assert series["concern_domestic_abuse_pct"][q1].value == 40.0
    assert series["concern_parental_substance_use_pct"][q1].value == 20.0
    assert series["concern_sexual_abuse_pct"][q1].value == 0.0
    # ages: A born 2020-03 -> 3 on 31 Jan 2024 (0-4); B no birth month; C born 2011-05 -> 12;
    # D unborn (May after March); F born 2008-02 -> 15 on 15 Jan 2024 (11-15)
    assert series["age_0_4_registrations"][q1].value == 1
    assert series["age_not_known_registrations"][q1].value == 1
    assert series["age_unborn_registrations"][q1].value == 1
    assert series["age_11_15_registrations"][q1].value == 2
    assert series["looked_after_at_registration_pct"][q1].value == 20.0


def test_registrations_per_1000_children(series):
    # 5 registrations / 2000 children * 1000 = 2.5; 2023 has no population figure: no value
    assert series["registrations_per_1000"]["2024-Q1"].value == 2.5
    assert series["registrations_per_1000"]["2023-Q1"].value is None


def test_years_of_every_kind(world):
    load(world.partnership, extract(ROWS))
    reg = Indicator.objects.get(code="registrations")
    by_kind = {
        kind: {f.period.label: f.value for f in compute(world.partnership.pk, kind=kind, indicators=[reg])[0].figures}
        for kind in ("year", "financial_year", "statistics_year")
    }
    assert by_kind["year"] == {"2022": 0, "2023": 0, "2024": 5}
    # financial 2023-24 (Apr 2023 - Mar 2024) holds all five
    assert by_kind["financial_year"]["2023-24"] == 5
    # statistics 2023-24 (Aug 2023 - Jul 2024) holds all five; 2022-23 none; the Q3 concern is in 2024-25
    assert by_kind["statistics_year"] == {"2022-23": 0, "2023-24": 5, "2024-25": 0}


def test_breakdown_by_sex(world):
    load(world.partnership, extract(ROWS))
    reg = Indicator.objects.get(code="registrations")
    result = {
        s.breakdown_value: s.figures[-3].value  # 2024-Q1
        for s in compute(world.partnership.pk, kind="quarter", indicators=[reg], breakdown="sex")
    }
    assert result == {"female": 3, "male": 1, "not_known": 1}


def test_periods():
    import datetime as dt

    assert period_of("quarter", dt.date(2024, 3, 31)).label == "2024-Q1"
    assert period_of("financial_year", dt.date(2024, 3, 31)).label == "2023-24"
    assert period_of("statistics_year", dt.date(2024, 8, 1)).label == "2024-25"
    assert [p.label for p in periods_between("quarter", dt.date(2023, 12, 1), dt.date(2024, 4, 1))] == [
        "2023-Q4",
        "2024-Q1",
        "2024-Q2",
    ]


def test_another_partnerships_events_never_count(world):
    load(world.other_partnership, extract(ROWS))
    assert compute(world.partnership.pk) == []
    assert JourneyEvent.objects.filter(partnership=world.partnership).count() == 0
