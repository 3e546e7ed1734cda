"""No child id of an extract is ever stored or shown, whichever column a shifted row puts it in."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from learnloop.dataset import columnar, extract
from learnloop.dataset.models import JourneyEvent, JourneyImport, UnlistedValue
from learnloop.dataset.tests.conftest import HEADER, load
from learnloop.dataset.tests.conftest import extract as extract_file

GOOD = [
    ["r{n}", "{child}", "ird", "2024-01-03", "2020-03", "female", "investigation", "", "no"],
    ["r{n}", "{child}", "registration", "2024-02-08", "", "Male", "", "neglect", "yes"],
    ["r{n}", "{child}", "concern", "05/02/2024", "2019-11", "", "", "", ""],
]
# Child ids as source systems write them: never a word of the extract's vocabularies or a date.
child_id = st.from_regex(r"\A[A-Z]{2,3}[0-9]{3,7}\Z") | st.from_regex(r"\A[0-9]{6,10}\Z")


def _paths(monkeypatch, path: str) -> None:
    if path == "row_by_row":
        monkeypatch.setattr(columnar, "stage_csv", lambda data, header, work: None)
        monkeypatch.setattr(columnar, "read_staged", lambda handle: None)


@st.composite
def shifted_file(draw: st.DrawFn) -> tuple[list[list[str]], set[str]]:
    """Rows of an extract, some one field short or long (the child id then lands elsewhere)."""
    children = draw(st.lists(child_id, min_size=1, max_size=4, unique=True))
    rows = []
    for n in range(draw(st.integers(1, 8))):
        row = [cell.format(n=n, child=draw(st.sampled_from(children))) for cell in draw(st.sampled_from(GOOD))]
        shift = draw(st.sampled_from(["none", "short", "long"]))
        if shift == "short":
            del row[draw(st.integers(0, 2))]
        elif shift == "long":
            row.insert(draw(st.integers(0, 2)), draw(st.sampled_from(["", "x", "2024-01-01", "A"])))
        rows.append(row)
    return rows, set(children)


def _shown(client, world, item: JourneyImport) -> str:
    client.force_login(world.subgroup_member)
    page = client.get(reverse("dataset:import_detail", args=["glen", item.pk]))
    assert page.status_code == 200
    stored = " ".join(f"{p['row']} {p['column']} {p['reason']}" for p in item.problems)
    unlisted = " ".join(UnlistedValue.objects.values_list("text", flat=True))
    return " ".join([stored, page.content.decode(), unlisted, " ".join(item.warnings)])


@pytest.mark.parametrize("path", ["columnar", "row_by_row"])
def test_a_row_one_field_short_does_not_show_its_child_id(client, world, monkeypatch, path, tmp_path):
    _paths(monkeypatch, path)
    rows = [
        ["r1", "AB123456", "ird", "2024-01-03", "2020-03", "female", "investigation", "", "no"],
        ["r2", "", "AB123456", "registration", "2024-02-08", "", "male", "", "neglect", "yes"],  # one long
        ["r3", "", "", "CD987654", "ird", "2024-02-08", "", "male", "", "", "no"],  # two long
        ["AB123456", "registration", "2024-02-08", "", "male", "", "neglect", "yes"],  # one short
    ]
    item = load(world.partnership, extract_file(rows))
    assert item.status == JourneyImport.Status.REJECTED and item.rows_bad == 3
    shown = _shown(client, world, item)
    assert "AB123456" not in shown and "CD987654" not in shown
    assert {(3, "event_type"), (4, "event_date")} <= {(p["row"], p["column"]) for p in item.problems}
    assert "could identify a child" in shown
    data = tmp_path / "shifted.csv"
    data.write_bytes(extract_file(rows))
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(CommandError):
        call_command("import_journeys", str(data), partnership="glen", stdout=out, stderr=err)
    assert "AB123456" not in out.getvalue() + err.getvalue() and "CD987654" not in out.getvalue() + err.getvalue()
    assert "row 4, column event_date" in err.getvalue()


@pytest.mark.parametrize("path", ["columnar", "row_by_row"])
def test_a_child_id_that_looks_like_a_vocabulary_word_or_date_is_not_shown(client, world, monkeypatch, path):
    """A value is repeated back only when it cannot be an identifier: a word of the extract's
    vocabularies or a date is, unless it is a child id of the same file."""
    _paths(monkeypatch, path)
    rows = [
        ["r1", "2019-05", "ird", "2024-01-03", "", "female", "investigation", "", "no"],
        ["r2", "neglect", "concern", "2024-01-04", "", "", "", "", ""],
        ["r3", "", "2019-05", "2024-02-08", "", "", "", "", "", ""],  # the child id lands in event_type
        ["r4", "neglect", "ird", "2024-02-08", "neglect", "", "", "", ""],  # and in birth_month
        ["r5", "C1", "ird", "1985-01-01", "sex", "", "", "", ""],  # not a child id: shown
    ]
    item = load(world.partnership, extract_file(rows))
    reasons = {(p["row"], p["column"]): p["reason"] for p in item.problems}
    assert "2019-05" not in reasons[(4, "event_type")] and "could identify a child" in reasons[(4, "event_type")]
    assert "neglect" not in reasons[(5, "birth_month")]
    assert reasons[(6, "event_date")] == "01/01/1985 is not between 1990 and today."
    assert (
        reasons[(6, "birth_month")] == "The value is not a month: write it as YYYY-MM (2015-03). " + extract.NOT_SHOWN
    )


@pytest.mark.parametrize("path", ["columnar", "row_by_row"])
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=shifted_file())
def test_no_child_id_of_a_shifted_file_is_stored_or_shown(client, world, monkeypatch, path, file):
    rows, children = file
    with monkeypatch.context() as patch:
        _paths(patch, path)
        item = load(world.partnership, extract_file(rows, HEADER))
        shown = _shown(client, world, item)
    for child in children:
        assert child not in shown
    stored = " ".join(
        str(value)
        for row in JourneyEvent.objects.filter(partnership=world.partnership).values_list(
            "record_id", "ethnicity", "sex", "disability", "looked_after", "outcome", "concerns"
        )
        for value in row
    )
    for child in children:
        assert child not in stored
    JourneyEvent.objects.all().delete()
    JourneyImport.objects.all().delete()
    UnlistedValue.objects.all().delete()


def test_problems_stored_before_are_scrubbed():
    from importlib import import_module

    scrub = import_module("learnloop.dataset.migrations.0006_scrub_stored_problems").scrub
    assert "AB123456" not in scrub("'AB123456' is not one of: concern, ird.")
    assert scrub("'AB123456' is not a date as YYYY-MM-DD or DD/MM/YYYY.").startswith("The value is not a date")
    assert "AB1" not in scrub("Not a concern code: AB1, x. Use: neglect, other.")
    assert scrub("This value is required.") == "This value is required."
