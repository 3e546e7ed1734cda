"""Every importer, through its upload form (and the dataset through its command), refuses a
hostile file at once with a message that names the limit, and loads nothing."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl.worksheet import _reader

from learnloop.core.tests import hostile_files as hostile
from learnloop.dataset.models import AggregateValue, JourneyEvent, JourneyImport
from learnloop.reach.models import MonthlyTraffic
from learnloop.voice.models import View
from learnloop.workforce.tests.conftest import training  # noqa: F401 (the fixture)

WIDE = "columns; LearnLoop reads at most 200"
EMPTY_ROWS = "rows, filled or empty; LearnLoop reads at most 100,000"
HEADER = ["record_id", "child_id", "event_type", "event_date"]


def wide() -> bytes:
    return hostile.wide_csv(150_000)  # about 1 MB: under every form's size limit


def empty_rows_xlsx(header: list[str] = HEADER) -> bytes:
    return hostile.xlsx([header], empty_rows=150_000)


@pytest.fixture
def parsed_rows(monkeypatch):
    seen = {"rows": 0}
    original = _reader.WorkSheetParser.parse_row

    def counting(self, element):
        seen["rows"] += 1
        return original(self, element)

    monkeypatch.setattr(_reader.WorkSheetParser, "parse_row", counting)
    return seen


def text(response) -> str:
    return response.content.decode().replace("&#x27;", "'")


@pytest.mark.parametrize("kind", ["wide", "empty_rows"])
def test_dataset_extract_upload(client, world, kind, parsed_rows):
    client.force_login(world.lead)
    upload = (
        SimpleUploadedFile("q1.csv", wide(), "text/csv")
        if kind == "wide"
        else SimpleUploadedFile("q1.xlsx", hostile.xlsx([HEADER], empty_rows=1_000_000))
    )
    body = text(client.post(reverse("dataset:imports", args=["glen"]), {"file": upload}, follow=True))
    item = JourneyImport.objects.get()
    assert item.status == JourneyImport.Status.REJECTED
    expected = WIDE if kind == "wide" else "more than 10,000 empty rows in a row (from row 2)"
    assert expected in item.problems[0]["reason"] and expected in body
    assert "q1." in item.problems[0]["reason"]
    assert parsed_rows["rows"] <= 10_002
    assert not JourneyEvent.objects.exists()


def test_dataset_command_refuses_a_hostile_file(world, tmp_path, capsys):
    path = tmp_path / "wide.csv"
    path.write_bytes(hostile.wide_csv())
    with pytest.raises(CommandError, match="nothing was loaded"):
        call_command("import_journeys", str(path), partnership="glen")
    assert "header row of the file “wide.csv” has more than 200 columns" in capsys.readouterr().err
    long = tmp_path / "long.csv"
    long.write_bytes(hostile.long_line_csv(length=3_000_000))
    with pytest.raises(CommandError):
        call_command("import_journeys", str(long), partnership="glen")
    assert "Line 2 of the file “long.csv” is longer than 1,000,000 characters" in capsys.readouterr().err
    assert not JourneyEvent.objects.exists()


@pytest.mark.parametrize("kind", ["wide", "empty_rows", "cell"])
def test_aggregate_upload(client, world, kind, parsed_rows):
    client.force_login(world.lead)
    header = ["indicator", "period", "breakdown", "value"]
    data = {
        "wide": (wide(), "a.csv"),
        "empty_rows": (empty_rows_xlsx(header), "a.xlsx"),
        "cell": (hostile.huge_cell_csv(",".join(header), 200_000), "a.csv"),
    }[kind]
    body = text(
        client.post(reverse("dataset:aggregate_upload", args=["glen"]), {"file": SimpleUploadedFile(data[1], data[0])})
    )
    expected = {"wide": WIDE, "empty_rows": EMPTY_ROWS, "cell": "a cell longer than 10,000 characters"}[kind]
    assert expected in body
    assert parsed_rows["rows"] == 0
    assert not AggregateValue.objects.exists()


VOICE_FORM = {
    "given_by": "child",
    "consent": "not_recorded",
    "map_date": "Date sent",
    "map_text": "Statement",
    "map_key": "Statement ID",
}


@pytest.mark.parametrize("kind", ["wide", "empty_rows"])
def test_voice_import_upload(client, world, kind, parsed_rows):
    client.force_login(world.lead)
    upload = (
        SimpleUploadedFile("momo.csv", wide(), "text/csv")
        if kind == "wide"
        else SimpleUploadedFile("momo.xlsx", empty_rows_xlsx(["Date sent", "Statement", "Statement ID"]))
    )
    body = text(
        client.post(
            reverse("voice:import_upload", args=["glen", "mind_of_my_own"]),
            {**VOICE_FORM, "file": upload},
            follow=True,
        )
    )
    assert (WIDE if kind == "wide" else EMPTY_ROWS) in body
    assert parsed_rows["rows"] == 0
    assert not View.objects.exists()


@pytest.mark.parametrize("kind", ["wide", "empty_rows", "long"])
def test_workforce_survey_import(client, world, training, kind, parsed_rows):  # noqa: F811 (the fixture)
    client.force_login(world.lead)
    data, name = {
        "wide": (wide(), "eval.csv"),
        "empty_rows": (empty_rows_xlsx(["_uuid", "start"]), "eval.xlsx"),
        "long": (hostile.long_line_csv("_uuid,start", 3_000_000), "eval.csv"),
    }[kind]
    response = client.post(
        reverse("workforce:evaluation_import", args=["glen", training.session.pk]),
        {"source": "kobo", "file": SimpleUploadedFile(name, data)},
        follow=True,
    )
    expected = {"wide": WIDE, "empty_rows": EMPTY_ROWS, "long": "longer than 1,000,000 characters"}[kind]
    assert expected in text(response)
    assert parsed_rows["rows"] == 0


@pytest.mark.parametrize("kind", ["wide", "bomb", "traversal", "nested"])
def test_reach_statistics_import(client, world, kind):
    client.force_login(world.lead)
    data, name, tool = {
        "wide": (wide(), "ga4.csv", "ga4"),
        "bomb": (hostile.zip_bomb(1024), "export.zip", "plausible"),
        "traversal": (hostile.traversal_zip(), "export.zip", "plausible"),
        "nested": (hostile.nested_zip(), "export.zip", "plausible"),
    }[kind]
    response = client.post(
        reverse("reach:import", args=["glen"]), {"tool": tool, "file": SimpleUploadedFile(name, data)}, follow=True
    )
    expected = {
        "wide": WIDE,
        "bomb": "unpacks to more than 100 times its size",
        "traversal": "outside its own folders",
        "nested": "holds another ZIP",
    }[kind]
    assert expected in text(response)
    assert not MonthlyTraffic.objects.exists()
