"""Breakdown values come from each partnership's list; other texts are row problems, mapped once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from learnloop.dataset import aggregates, columnar
from learnloop.dataset.models import BreakdownMapping, BreakdownValue, JourneyEvent, JourneyImport, UnlistedValue
from learnloop.dataset.tests.conftest import extract as extract_file
from learnloop.dataset.tests.conftest import load

HEADER = ["record_id", "child_id", "event_type", "event_date", "sex", "disability", "ethnicity", "looked_after"]


def _rows(*ethnicities: str) -> bytes:
    rows = [
        [f"r{n}", f"AB{1000 + n}", "concern", "2024-01-03", "Female ", "", e, "NO"] for n, e in enumerate(ethnicities)
    ]
    return extract_file(rows, HEADER)


@pytest.fixture(params=["columnar", "row_by_row"])
def path(request, monkeypatch):
    if request.param == "row_by_row":
        monkeypatch.setattr(columnar, "stage_csv", lambda data, header, work: None)
        monkeypatch.setattr(columnar, "read_staged", lambda handle: None)
    return request.param


def test_a_partnership_starts_with_the_census_groups_and_the_extract_vocabularies(world):
    from learnloop.partnership.services import partnership_create

    new = partnership_create(slug="new", name="New CPC")
    labels = set(BreakdownValue.objects.filter(partnership=new, dimension="ethnicity").values_list("label", flat=True))
    assert {"White: Scottish", "White: Polish", "Mixed or multiple ethnic groups", "Not known"} <= labels
    assert "Other ethnic group" in labels and "Caribbean or Black" in labels
    assert set(BreakdownValue.objects.filter(partnership=new, dimension="sex").values_list("value", flat=True)) == {
        "male",
        "female",
        "other",
        "not_known",
    }


def test_listed_values_match_ignoring_case_spaces_and_punctuation(world, path):
    item = load(world.partnership, _rows("white scottish", " WHITE:  Polish ", "Not known", ""))
    assert item.status == JourneyImport.Status.LOADED, item.problems
    assert sorted(JourneyEvent.objects.values_list("ethnicity", flat=True)) == [
        "White: Polish",
        "White: Scottish",
        "not_known",
        "not_known",
    ]
    assert set(JourneyEvent.objects.values_list("sex", "looked_after")) == {("female", "no")}


def test_a_child_id_typed_as_ethnicity_is_a_problem_never_shown_stored_or_listed(client, world, path):
    item = load(world.partnership, _rows("White Scottish", "AB1000", "XY99881"))
    assert item.status == JourneyImport.Status.REJECTED and item.rows_bad == 2
    assert {(p["row"], p["column"]) for p in item.problems} == {(3, "ethnicity"), (4, "ethnicity")}
    assert "AB1000" not in str(item.problems) and "XY99881" not in str(item.problems)
    assert not UnlistedValue.objects.exists()  # one is a child id of the file, the other has digits
    client.force_login(world.lead)
    page = client.get(reverse("dataset:breakdown_values", args=["glen"])).content.decode()
    assert "AB1000" not in page and "XY99881" not in page
    assert not JourneyEvent.objects.exists()


def test_an_unlisted_value_is_mapped_once_and_used_by_later_imports(client, world, path):
    item = load(world.partnership, _rows("Scots", "Scots"))
    assert item.status == JourneyImport.Status.REJECTED
    assert all("Scots" not in p["reason"] for p in item.problems)
    unlisted = UnlistedValue.objects.get(partnership=world.partnership)
    assert (unlisted.dimension, unlisted.text) == ("ethnicity", "Scots")
    client.force_login(world.subgroup_member)
    address = reverse("dataset:breakdown_values", args=["glen"])
    assert "Scots" in client.get(address).content.decode()
    scottish = BreakdownValue.objects.get(partnership=world.partnership, dimension="ethnicity", label="White: Scottish")
    response = client.post(address, {"unlisted": unlisted.pk, "value": scottish.pk})
    assert response.status_code == 302
    assert BreakdownMapping.objects.get(partnership=world.partnership).value == scottish
    assert not UnlistedValue.objects.exists()
    again = load(world.partnership, _rows("Scots", " SCOTS "))
    assert again.status == JourneyImport.Status.LOADED
    assert set(JourneyEvent.objects.values_list("ethnicity", flat=True)) == {"White: Scottish"}
    # The mapping is the partnership's own.
    other = load(world.other_partnership, _rows("Scots"))
    assert other.status == JourneyImport.Status.REJECTED


def test_a_value_is_mapped_only_to_a_listed_value_of_its_own_breakdown(client, world):
    load(world.partnership, _rows("Scots"))
    unlisted = UnlistedValue.objects.get()
    male = BreakdownValue.objects.get(partnership=world.partnership, dimension="sex", value="male")
    theirs = BreakdownValue.objects.get(partnership=world.other_partnership, dimension="ethnicity", value="not_known")
    client.force_login(world.lead)
    address = reverse("dataset:breakdown_values", args=["glen"])
    for value in (male, theirs):
        client.post(address, {"unlisted": unlisted.pk, "value": value.pk})
    assert not BreakdownMapping.objects.exists()


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("lead", 200),
        ("subgroup_member", 200),
        ("committee", 404),
        ("contributor", 404),
        ("education_lead", 404),
        ("viewer", 404),
        ("outsider", 404),
    ],
)
def test_who_may_see_and_use_the_breakdown_values_page(client, world, who, status):
    load(world.partnership, _rows("Scots"))
    unlisted = UnlistedValue.objects.get()
    scottish = BreakdownValue.objects.get(partnership=world.partnership, dimension="ethnicity", value="White: Scottish")
    client.force_login(getattr(world, who))
    address = reverse("dataset:breakdown_values", args=["glen"])
    assert client.get(address).status_code == status
    response = client.post(address, {"unlisted": unlisted.pk, "value": scottish.pk})
    assert response.status_code == (302 if status == 200 else 404)
    assert BreakdownMapping.objects.exists() == (status == 200)


def test_another_partnerships_unlisted_value_cannot_be_mapped(client, world):
    load(world.other_partnership, _rows("Scots"))
    theirs = UnlistedValue.objects.get(partnership=world.other_partnership)
    scottish = BreakdownValue.objects.get(partnership=world.partnership, dimension="ethnicity", value="White: Scottish")
    client.force_login(world.lead)
    response = client.post(
        reverse("dataset:breakdown_values", args=["glen"]), {"unlisted": theirs.pk, "value": scottish.pk}
    )
    assert response.status_code == 404
    assert not BreakdownMapping.objects.exists()


def test_aggregate_breakdowns_use_the_same_list(world):
    indicators = aggregates.indicators_by_code()
    code = next(iter(indicators))
    today = dt.date(2026, 3, 1)

    def check(breakdown: str):
        from learnloop.dataset.vocabulary import partnership_vocabulary

        return aggregates.check_value(
            indicators=indicators,
            indicator=code,
            period="2025-Q1",
            breakdown=breakdown,
            value="3",
            today=today,
            vocabulary=partnership_vocabulary(partnership=world.partnership),
        )

    cell, problems = check("ethnicity: white scottish")
    assert cell is not None and cell.breakdown == "ethnicity:White: Scottish", problems
    cell, problems = check("sex:Female")
    assert cell is not None and cell.breakdown == "sex:female"
    cell, problems = check("ethnicity:AB1000")
    assert cell is None and "AB1000" not in problems["breakdown"] and "could identify a child" in problems["breakdown"]
