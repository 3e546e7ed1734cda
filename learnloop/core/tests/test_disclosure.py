"""The small-numbers rule against tables worked out by hand."""

from __future__ import annotations

import pytest

from learnloop.core.disclosure import Group, is_small, percent_disclosive, suppress


@pytest.mark.parametrize(("count", "small"), [(None, False), (0, False), (1, True), (4, True), (5, False), (40, False)])
def test_one_to_four_is_small_and_zero_and_five_are_not(count, small):
    assert is_small(count) is small


@pytest.mark.parametrize(
    ("numerator", "denominator", "disclosive"),
    [
        (0, 10, False),  # 0%: a true zero of ten
        (1, 10, True),  # one child
        (5, 10, False),
        (6, 10, True),  # the four not counted could be worked out
        (5, 9, True),  # four not counted
        (5, 10, False),
        (10, 10, False),  # 100%: none left out
        (0, 4, True),  # a small base
        (5, 5, False),
        (None, None, False),  # no value
        (0, 0, False),
    ],
)
def test_a_percentage_on_a_small_base_or_close_to_it_is_disclosive(numerator, denominator, disclosive):
    assert percent_disclosive(numerator, denominator) is disclosive


def test_a_four_is_suppressed_and_a_five_is_not():
    assert suppress({"a": 4, "b": 20}) == {"a"}
    assert suppress({"a": 5, "b": 20}) == set()


def test_one_suppressed_cell_with_a_total_takes_the_next_smallest_with_it():
    # A 3, B 7, C 12, total 22: A is small; 22 - 7 - 12 would give it away, so B (the next smallest) goes too.
    sizes = {"A": 3, "B": 7, "C": 12, "T": 22}
    assert suppress(sizes, groups=[Group(("A", "B", "C"), "T")]) == {"A", "B"}
    # With five instead of three, nothing is suppressed.
    assert suppress({**sizes, "A": 5, "T": 24}, groups=[Group(("A", "B", "C"), "T")]) == set()


def test_two_small_cells_protect_each_other():
    assert suppress({"A": 2, "B": 3, "C": 20, "T": 25}, groups=[Group(("A", "B", "C"), "T")]) == {"A", "B"}


def test_a_zero_is_never_chosen_and_no_data_is_left_alone():
    # Suppressing a true zero would hide nothing: the next non-zero cell is taken instead.
    assert suppress({"A": 3, "B": 0, "C": 9, "T": 12}, groups=[Group(("A", "B", "C"), "T")]) == {"A", "C"}
    assert suppress({"A": 3, "B": None, "C": 6, "T": 9}, groups=[Group(("A", "B", "C"), "T")]) == {"A", "C"}


def test_a_small_total_is_suppressed_with_its_only_cell():
    assert suppress({"A": 3, "B": 0, "T": 3}, groups=[Group(("A", "B"), "T")]) == {"A", "T"}


def test_a_total_shown_elsewhere_still_protects_its_cells():
    assert suppress({"A": 3, "B": 0, "C": 9}, groups=[Group(("A", "B", "C"))]) == {"A", "C"}


def test_the_total_goes_when_no_other_cell_can():
    # A percentage's cell can be withheld although its size is not small (primary), with one other
    # cell of zero: only the total is left to withhold.
    assert suppress({"A": 12, "B": 0, "T": 12}, primary=["A"], groups=[Group(("A", "B"), "T")]) == {"A", "T"}


def test_secondary_suppression_runs_across_rows_and_columns_until_nothing_changes():
    # a b | 13        a=3 is small. Row 1 then takes b (10); column 1 takes c (8); column 2,
    # c d | 17        with b alone hidden, takes d (9). Every total stays shown, and no hidden
    # 11 19           cell can be solved for: four unknowns, three independent equations.
    sizes = {"a": 3, "b": 10, "c": 8, "d": 9, "r1": 13, "r2": 17, "c1": 11, "c2": 19}
    groups = [Group(("a", "b"), "r1"), Group(("c", "d"), "r2"), Group(("a", "c"), "c1"), Group(("b", "d"), "c2")]
    assert suppress(sizes, groups=groups) == {"a", "b", "c", "d"}
