"""`manage.py import_source`: one command for every source, checking before it imports."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from learnloop.dataset.models import AggregateValue, JourneyEvent
from learnloop.dataset.tests.conftest import extract
from learnloop.ingest.sources import IMPORTERS
from learnloop.reach.models import MonthlyTraffic
from learnloop.voice.models import View
from learnloop.workforce.models import FeedbackResponse
from learnloop.workforce.tests.test_importers import _exercise

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[bool, str]:
    from io import StringIO

    out = StringIO()
    try:
        call_command("import_source", *args, stdout=out)
    except CommandError as error:
        return False, out.getvalue() + str(error)
    return True, out.getvalue()


def test_every_source_that_reads_files_is_registered():
    assert {"dataset", "aggregates", "voice", "workforce-evaluations", "workforce-feedback", "reach"} <= set(IMPORTERS)


def test_without_accept_the_check_is_printed_and_nothing_imported(world):
    path = ROOT / "voice/tests/samples/mind_of_my_own.csv"
    ok, out = run("voice", str(path), "--partnership", world.partnership.slug, "--mapping", "mind_of_my_own")
    assert not ok and "New: " in out and "Checked only: nothing was imported" in out
    assert not View.objects.exists()
    ok, out = run(
        "voice", str(path), "--partnership", world.partnership.slug, "--mapping", "mind_of_my_own", "--accept-good-rows"
    )
    assert ok and "imported" in out and View.objects.exists(), out


def test_reach_finds_the_tool_from_the_file_and_imports(world):
    for name in ("plausible_export.zip", "ga4_pages_march.csv"):
        ok, out = run(
            "reach", str(ROOT / "reach/tests/samples" / name), "--partnership", world.partnership.slug, "--accept"
        )
        assert ok, out
    assert MonthlyTraffic.objects.filter(partnership=world.partnership).exists()


def test_a_bad_row_is_printed_and_refuses_the_accept(world, tmp_path):
    path = tmp_path / "extract.csv"
    path.write_bytes(
        extract(
            [
                ["r1", "C1", "ird", "2024-01-03", "2020-03", "female", "", "", "no"],
                ["r2", "C2", "ird", "2024-02-30", "2020-03", "female", "", "", "no"],
            ]
        )
    )
    ok, out = run("dataset", str(path), "--partnership", world.partnership.slug, "--accept")
    assert not ok and "Row 3, event_date" in out and "accept-good-rows" in out
    assert not JourneyEvent.objects.exists()
    ok, out = run("dataset", str(path), "--partnership", world.partnership.slug, "--accept-good-rows")
    assert ok, out
    assert JourneyEvent.objects.count() == 1


def test_aggregates_check_leaves_nothing_behind(world, tmp_path):
    path = tmp_path / "figures.csv"
    path.write_text("indicator,period,value\nCPP_NEW,2024-Q1,12\n")
    ok, out = run("aggregates", str(path), "--partnership", world.partnership.slug)
    assert not ok and not AggregateValue.objects.exists(), out


def test_workforce_needs_its_target_and_the_tool(world):
    exercise = _exercise(world)
    path = str(ROOT / "workforce/tests/samples/feedback_limesurvey.csv")
    ok, out = run("workforce-feedback", path, "--partnership", world.partnership.slug, "--mapping", "limesurvey")
    assert not ok and "--target" in out
    ok, out = run(
        "workforce-feedback",
        path,
        "--partnership",
        world.partnership.slug,
        "--mapping",
        "limesurvey",
        "--target",
        str(exercise.pk),
        "--accept-good-rows",
    )
    assert ok, out
    assert FeedbackResponse.objects.filter(exercise=exercise).exists()


def test_an_unknown_source_or_partnership_is_named(world):
    assert "Sources:" in run("nope", "x", "--partnership", world.partnership.slug)[1]
    assert "No partnership" in run("voice", "x", "--partnership", "nowhere")[1]


@pytest.mark.parametrize("source", ["reach"])
def test_another_partnerships_target_is_not_found(world, source):
    ok, out = run(
        source,
        str(ROOT / "reach/tests/samples/ga4_pages_march.csv"),
        "--partnership",
        world.partnership.slug,
        "--target",
        "not-a-month",
    )
    assert not ok and "YYYY-MM" in out


def test_the_printed_check_lists_flags_and_answers_to_map():
    from learnloop.ingest.management.commands.import_source import render_check
    from learnloop.ingest.staging import Check
    from learnloop.voice.importers.answers import AnswerToMap

    check = Check(noun="view", changed=3, flagged=[4], unflagged=[2], unflag_kept=[3])
    check.answers = [AnswerToMap(0, "age", "Age or age band", "12-15", [2], [])]
    text = render_check(check, filename="a.csv", title="Voice")
    assert "Rows that will be flagged: a child feels unsafe: rows 4." in text
    assert "Flags to be removed: nobody acted on them: rows 2." in text
    assert "Flags kept for review: no longer raised by the data, but acted on: rows 3." in text
    assert "Age or age band: “12-15” (row 2)" in text
