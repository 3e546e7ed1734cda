"""The timeliness list as a case source for audits."""

from __future__ import annotations

from learnloop.core.pseudonymise import keyed_hash
from learnloop.core.registry import case_sources
from learnloop.dataset.cases import KEY
from learnloop.dataset.tests.conftest import extract, load


def late_rows() -> list[list[str]]:
    return [
        # child B: IRD 10 Jan 2024, initial CPPM 8 Feb 2024 = 29 days: late (2024-Q1)
        ["b1", " B-77 ", "ird", "2024-01-10", "2013-06", "male", "single_agency", "", "yes"],
        ["b2", " B-77 ", "cppm_initial", "2024-02-08", "2013-06", "male", "registered", "", "yes"],
        # child A: IRD 3 Jan, CPPM 31 Jan 2024 = 28 days: on time, not a candidate
        ["a1", "A-1", "ird", "2024-01-03", "", "female", "investigation", "", "no"],
        ["a2", "A-1", "cppm_initial", "2024-01-31", "", "female", "registered", "", "no"],
        # child C: IRD 1 Aug, CPPM 30 Sep 2024 = 60 days: late (2024-Q3, the latest quarter)
        ["c1", "C-9", "ird", "2024-08-01", "", "", "investigation", "", ""],
        ["c2", "C-9", "cppm_initial", "2024-09-30", "", "", "registered", "", ""],
    ]


def source():
    return next(s for s in case_sources() if s.key == KEY)


def test_the_case_source_is_registered_and_lists_late_meetings(world):
    load(world.partnership, extract(late_rows()))
    m = world.membership(world.subgroup_member)
    late = source()
    assert late.periods(m) == ["2024-Q3", "2024-Q1"]
    latest = late.candidates(m, "")
    assert [(c.period, c.reason, c.date.isoformat()) for c in latest] == [
        ("2024-Q3", "Initial CPPM 60 days after the IRD", "2024-09-30")
    ]
    (first,) = late.candidates(m, "2024-Q1")
    # Born June 2013, CPPM February 2024: 10 whole years, age band 5_10 -> the loop's "5-10".
    assert (first.reason, first.age_band) == ("Initial CPPM 29 days after the IRD", "5-10")
    # The key is the importer's: the child id stripped, then the keyed hash.
    assert first.key == keyed_hash("B-77") == late.key_for("B-77") == late.key_for(" B-77 ")
    assert late.key_for("C-9") == latest[0].key and latest[0].age_band == ""
    assert late.candidates(m, "2023-Q1") == []


def test_another_partnership_gets_none_of_the_candidates(world):
    load(world.partnership, extract(late_rows()))
    outsider = world.membership(world.outsider)
    assert source().candidates(outsider, "") == []
    assert source().candidates(outsider, "2024-Q1") == []
    assert source().periods(outsider) == []
