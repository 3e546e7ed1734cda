"""The importer's fast path accepts only what extract.check_row accepts, and stores the same."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from learnloop.core.pseudonymise import keyed_hash, keyed_hasher
from learnloop.dataset import extract, fastpath
from learnloop.dataset.importer import EVENT_FIELDS
from learnloop.dataset.loading import csv_value as _csv_value
from learnloop.dataset.tests.conftest import TODAY

cell = st.one_of(
    st.sampled_from(
        [
            "",
            " ",
            "r1",
            "IRD",
            "ird",
            "cppm_initial ",
            "registration",
            "concern",
            "2024-01-03",
            "31/01/2024",
            "2024-02-30",
            "2027-01-01",
            "1989-12-31",
            "2020-03",
            "2024-13",
            "Female",
            "not_known",
            "yes",
            "maybe",
            "investigation",
            "registered",
            "Neglect; other",
            "neglect;;",
            "x" * 101,
        ]
    ),
    st.text(max_size=12),
)


@settings(max_examples=400, deadline=None)
@given(st.lists(cell, min_size=11, max_size=11))
def test_the_fast_path_agrees_with_check_row(cells):
    fast = fastpath.RowChecker(TODAY).check(cells)
    values, problems = extract.check_row(
        2, dict(zip(extract.COLUMNS, cells, strict=True)), today=TODAY, pseudonymised=True
    )
    if fast is not None:
        assert values is not None and not problems
        out, day = fast
        assert out == [_csv_value(values[name]) for name in EVENT_FIELDS] and day == values["event_date"]


def test_the_bound_hasher_is_keyed_hash():
    pseudonymise = keyed_hasher()
    for value in ["CHILD-1", "ü-2", "CHILD-1", "\ud800x"]:
        assert pseudonymise(value) == keyed_hash(value) == extract.pseudonymise(value)
