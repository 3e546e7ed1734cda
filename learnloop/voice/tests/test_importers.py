"""Each importer on real-shaped sample files: counts, keys, redaction, flags, bad rows, repeats."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io

import pytest

from learnloop.core.models import AuditEntry
from learnloop.voice.importers import FORMATS, ImportOptions, ImportRejected, views_import
from learnloop.voice.importers.reading import read_table
from learnloop.voice.models import ColumnMapping, Consent, ImportBatch, SafetyFlag, Source, View, VoiceEvent
from learnloop.voice.tests.conftest import SAMPLES

TODAY = dt.date(2026, 3, 1)

KOBO_MAPPING = {
    "date": "_submission_time",
    "text": "what_said",
    "given_by": "who_are_you",
    "age": "age",
    "consent": "share_consent",
    "unsafe": "feel_safe",
    # The sample's feel_safe column is yes when the child does NOT feel safe: said, never guessed.
    "unsafe_answers": "yes",
    "themes": "themes",
    "names": "your_name",
}
LIME_MAPPING = {
    "date": "submitdate",
    "text": "Q4",
    "given_by": "Q1",
    "age": "Q2",
    "consent": "Q3[SQ001]",
    "sentiment": "Q5",
}


def run(world, source, filename, mapping=None, content=None, capture=None, **options):
    content = content if content is not None else (SAMPLES / filename).read_bytes()
    return views_import(
        partnership=world.partnership,
        source=source,
        filename=filename,
        content=content,
        mapping=mapping if mapping is not None else dict(FORMATS[source].defaults),
        options=ImportOptions(**options),
        by=world.lead,
        base_url="https://learnloop.example.test/",
        today=TODAY,
    )


def test_mind_of_my_own_export_is_imported_pseudonymised_redacted_and_flagged(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        batch = run(world, Source.MIND_OF_MY_OWN, "mind_of_my_own.csv", agency=world.education)
    assert (batch.rows_read, batch.views_added, batch.already_imported, batch.unsafe_flags) == (6, 6, 0, 1)
    views = list(View.objects.filter(partnership=world.partnership).order_by("number"))  # in the file's order
    assert len(views) == 6
    # The child reference and the statement ID are stored only as keyed hashes.
    first = views[0]
    assert first.source_detail == "One · Prepare for my meeting"
    expected = hmac.new(b"development-pseudonymisation-key", b"voice-child:YP-5521", hashlib.sha256).hexdigest()
    assert first.child_reference == expected
    assert not View.objects.filter(source_key__contains="MOMO").exists()
    assert not View.objects.filter(summary__contains="YP-5521").exists()
    # "My name is Kayden" is removed; the note names the row.
    kayden = views[4]
    assert "Kayden" not in kayden.summary and "[removed]" in kayden.summary
    assert "Row 6: a name removed from what they said." in batch.notes
    # The worker's note quoting the child's reference (row 4) is removed too.
    assert "[removed]" in views[2].summary
    # Dates in either format, ages to bands, wellbeing to sentiment, themes by name or code.
    assert views[1].date == dt.date(2026, 1, 14) and views[1].sentiment == "negative"
    assert [t.code for t in views[2].themes.all()] == ["good_practice"]
    assert first.age_band == "11-15" and first.sentiment == "positive"
    assert [t.code for t in first.themes.all()] == ["voice_of_child"]
    assert any("Online safety" in note and "rows 5" in note for note in batch.notes)
    # The safety link raises the flag, and the lead officer and Education's lead are e-mailed.
    unsafe = views[3]
    assert unsafe.feels_unsafe and unsafe.consent == Consent.NOT_RECORDED
    assert SafetyFlag.objects.filter(view=unsafe, passed_on_at__isnull=True).exists()
    assert sorted(m.to[0] for m in mailoutbox) == ["edu@glen.test", "lead@glen.test"]  # one e-mail each
    assert all("child protection procedures" in m.body for m in mailoutbox)
    assert not any("chippy" in m.body for m in mailoutbox)  # never the child's words by e-mail
    # The mapping is saved for next time.
    assert (
        ColumnMapping.objects.get(partnership=world.partnership, source=Source.MIND_OF_MY_OWN).columns["text"]
        == "Statement"
    )


def test_importing_the_same_file_twice_adds_nothing_the_second_time(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    run(world, Source.MIND_OF_MY_OWN, "mind_of_my_own.csv")
    with django_capture_on_commit_callbacks(execute=True):
        again = run(world, Source.MIND_OF_MY_OWN, "mind_of_my_own.csv")
    assert (again.views_added, again.already_imported, again.unsafe_flags) == (0, 6, 0)
    assert View.objects.filter(partnership=world.partnership).count() == 6
    assert SafetyFlag.objects.count() == 1
    assert mailoutbox == []  # no second alarm for the same statement


def test_without_a_statement_id_each_rows_content_is_its_key(world):
    mapping = dict(FORMATS[Source.MIND_OF_MY_OWN].defaults, key="")
    run(world, Source.MIND_OF_MY_OWN, "mind_of_my_own.csv", mapping=mapping)
    again = run(world, Source.MIND_OF_MY_OWN, "mind_of_my_own.csv", mapping=mapping)
    assert (again.views_added, again.already_imported) == (0, 6)


def test_every_bad_row_is_reported_and_nothing_is_loaded(world):
    before = AuditEntry.objects.count()
    with pytest.raises(ImportRejected) as caught:
        run(world, Source.MIND_OF_MY_OWN, "mind_of_my_own_bad.csv")
    found = [(e.row, e.field, e.reason) for e in caught.value.errors]
    assert (3, "Date", "“31/02/2026” is not a date (use YYYY-MM-DD or DD/MM/YYYY)") in found
    assert (
        4,
        "Age or age band",
        "“abc” is not an age or one of the age bands (unborn, 0, 1-4, 5-10, 11-15, 16-17, 18+)",
    ) in found
    assert (
        4,
        "Positive, negative or mixed",
        "“Furious-ish” is not positive, negative or mixed (or happy, sad, ok)",
    ) in found
    assert (4, "What they said", "is empty") in found
    assert (5, "Statement ID", "repeats the key of row 2") in found
    assert (5, "Feels unsafe", "“maybe” is not yes or no") in found
    assert str(caught.value.errors[0]).startswith("Row 3, Date:")
    assert View.objects.count() == 0 and ImportBatch.objects.count() == 0
    assert AuditEntry.objects.count() == before


def test_a_mapped_column_missing_from_the_file_is_named(world):
    mapping = dict(FORMATS[Source.MIND_OF_MY_OWN].defaults, text="Words")
    with pytest.raises(ImportRejected) as caught:
        run(world, Source.MIND_OF_MY_OWN, "mind_of_my_own.csv", mapping=mapping)
    [error] = [str(e) for e in caught.value.errors]
    # A bad mapping is the mapping's fault: it says to change it, and offers the file's own columns.
    assert error.startswith("Row 1, What they said: the column “Words” is not in the file. Change the mapping")
    assert "“Statement”" in error


def test_kobo_semicolon_csv_with_groups(world, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        batch = run(
            world,
            Source.KOBO,
            "kobo_having_your_say.csv",
            mapping=KOBO_MAPPING,
            survey_title="Having your say 2026",
            agency=world.social_work,
        )
    assert (batch.rows_read, batch.views_added, batch.unsafe_flags) == (4, 4, 1)
    event = VoiceEvent.objects.get(partnership=world.partnership, title="Having your say 2026")
    assert event.kind == VoiceEvent.Kind.SURVEY and event.date == dt.date(2026, 2, 2)
    views = list(View.objects.filter(event=event).order_by("date"))
    assert [v.given_by for v in views] == ["child", "parent", "carer", "child"]
    assert [v.consent for v in views] == ["publish_words", "publish_summary", "partnership", "none"]
    # Names from the name column are removed from every row (row 3 names row 2's child);
    # the phone number is removed; names are never stored anywhere.
    assert "Robyn" not in views[1].summary and "[removed]" in views[1].summary
    assert "07700" not in views[2].summary
    assert not View.objects.filter(summary__icontains="Taylor").exists()
    assert {t.code for t in views[1].themes.all()} == {"multi_agency_working", "planning_and_review"}
    assert views[3].feels_unsafe
    assert mailoutbox[0].to == ["lead@glen.test"]  # no agency lead for Social Work in this world
    again = run(
        world, Source.KOBO, "kobo_having_your_say.csv", mapping=KOBO_MAPPING, survey_title="Having your say 2026"
    )
    assert (again.views_added, again.already_imported) == (0, 4)


def test_kobo_excel_export(world):
    from openpyxl import Workbook

    table = read_table((SAMPLES / "kobo_having_your_say.csv").read_bytes(), "kobo.csv")
    book = Workbook()
    sheet = book.active
    sheet.append(table.headers)
    for row in table.rows:
        sheet.append([row[h] for h in table.headers])
    buffer = io.BytesIO()
    book.save(buffer)
    batch = run(
        world, Source.KOBO, "kobo.xlsx", mapping=KOBO_MAPPING, content=buffer.getvalue(), survey_title="Having your say"
    )
    assert batch.views_added == 4


def test_limesurvey_leaves_out_incomplete_responses_and_keys_on_survey_and_id(world):
    batch = run(
        world,
        Source.LIMESURVEY,
        "results-survey482913.csv",
        mapping=LIME_MAPPING,
        survey_title="Family survey",
        survey_id="482913",
    )
    assert (batch.rows_read, batch.views_added, batch.incomplete_skipped) == (4, 3, 1)
    views = list(View.objects.filter(source=Source.LIMESURVEY).order_by("date"))
    assert [v.given_by for v in views] == ["parent", "child", "family"]
    assert [v.consent for v in views] == ["publish_summary", "publish_words", "partnership"]
    assert views[1].age_band == "16-17" and views[2].sentiment == "negative"
    # The same response ids in another survey are other responses.
    other = run(
        world,
        Source.LIMESURVEY,
        "results-survey482913.csv",
        mapping=LIME_MAPPING,
        survey_title="Family survey",
        survey_id="999",
    )
    assert other.views_added == 3
    again = run(
        world,
        Source.LIMESURVEY,
        "results-survey482913.csv",
        mapping=LIME_MAPPING,
        survey_title="Family survey",
        survey_id="482913",
    )
    assert (again.views_added, again.already_imported, again.incomplete_skipped) == (0, 3, 1)


def test_an_incomplete_limesurvey_response_that_says_unsafe_is_still_flagged(world):
    content = (
        (SAMPLES / "results-survey482913.csv").read_text().replace("Q4,Q5", "Q4,Q5,Q6").replace(",,\n", ",,,yes\n")
    )
    lines = content.splitlines()
    lines = [line if i == 0 or line.endswith("yes") else line + "," for i, line in enumerate(lines)]
    batch = run(
        world,
        Source.LIMESURVEY,
        "results-survey1.csv",
        mapping=dict(LIME_MAPPING, unsafe="Q6"),
        content="\n".join(lines).encode(),
        survey_title="Family survey",
        survey_id="1",
    )
    assert (batch.views_added, batch.incomplete_skipped, batch.unsafe_flags) == (4, 0, 1)
    assert any("incomplete response" in note for note in batch.notes)


def test_utf16_and_cp1252_files_are_read():
    text = "Statement ID,Date sent,Statement\nA1,2026-01-01,Café visits were good\n"
    for encoded in (text.encode("utf-16"), text.encode("cp1252"), ("\ufeff" + text).encode("utf-8")):
        table = read_table(encoded, "x.csv")
        assert table.rows[0]["Statement"] == "Café visits were good"


def test_an_unreadable_file_is_refused(world):
    with pytest.raises(ImportRejected) as caught:
        run(world, Source.MIND_OF_MY_OWN, "x.xlsx", content=b"not really excel")
    assert caught.value.errors[0].field == "File"
