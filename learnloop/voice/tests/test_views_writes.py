"""Writing through the pages: forms keep what was typed, imports report every row, exports."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learnloop.core.models import AuditEntry
from learnloop.testing.documents import assert_word_document, link
from learnloop.voice.models import Response, SafetyFlag, View, VoiceSettings
from learnloop.voice.tests.conftest import SAMPLES


def addr(name, *args):
    return reverse(f"voice:{name}", args=["glen", *args])


VIEW_FORM = {
    "channel": "having_your_say",
    "given_by": "child",
    "age_band": "11-15",
    "date_day": "3",
    "date_month": "2",
    "date_year": "2026",
    "summary": "I want to be asked before meetings.",
    "consent": "publish_summary",
    "sentiment": "negative",
}


def test_recording_an_unsafe_view_flags_it_and_says_what_to_do(
    client, world, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(world.education_lead)
    data = dict(VIEW_FORM, feels_unsafe="on", agency=world.education.pk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(addr("view_create"), data, follow=True)
    view = View.objects.get()
    assert view.feels_unsafe and view.agency == world.education and view.created_by == world.education_lead
    assert SafetyFlag.objects.filter(view=view).exists()
    assert "Follow your local child protection procedures now" in response.content.decode()
    assert sorted(m.to[0] for m in mailoutbox) == ["edu@glen.test", "lead@glen.test"]  # one e-mail each


def test_bad_input_keeps_what_was_typed_and_names_the_problem(client, world):
    client.force_login(world.lead)
    data = dict(VIEW_FORM, summary="My name is Jamie and I live at IV2 3AB", quote="Some words", consent="none")
    page = client.post(addr("view_create"), data).content.decode()
    assert "There is a problem" in page
    assert "What they said seems to contain a postcode" in page
    assert "Record their own words only where they agreed to share them." in page
    assert "Some words" in page  # kept
    data = dict(VIEW_FORM, feels_unsafe="on")
    assert "Choose the agency whose lead must be told" in client.post(addr("view_create"), data).content.decode()
    assert View.objects.count() == 0


def test_an_agency_lead_records_only_for_their_own_agency(client, world):
    client.force_login(world.police_lead)
    client.post(addr("view_create"), dict(VIEW_FORM, agency=world.education.pk))
    assert View.objects.count() == 0


def test_import_through_the_page_reports_every_bad_row_and_loads_nothing(client, world):
    client.force_login(world.lead)
    upload = SimpleUploadedFile("momo.csv", (SAMPLES / "mind_of_my_own_bad.csv").read_bytes(), "text/csv")
    page = client.post(
        addr("import_upload", "mind_of_my_own"),
        {
            "file": upload,
            "given_by": "child",
            "consent": "not_recorded",
            "map_date": "Date sent",
            "map_text": "Statement",
            "map_key": "Statement ID",
            "map_age": "Age",
            "map_sentiment": "Wellbeing",
            "map_unsafe": "Safety flag",
        },
        follow=True,
    ).content.decode()
    assert "Check the file before importing it" in page
    assert page.count('<tr class="govuk-table__row"><td class="govuk-table__cell">') == 6  # every problem
    assert "repeats the key of row 2" in page
    assert "Import the 1 good view and leave out the 3 bad rows" in page
    assert View.objects.count() == 0


def test_import_through_the_page_then_again(client, world):
    client.force_login(world.lead)
    data = {"given_by": "child", "consent": "partnership", "agency": world.education.pk}
    from learnloop.voice.importers import FORMATS

    for name, column in FORMATS["mind_of_my_own"].defaults.items():
        data[f"map_{name}"] = column
    first = client.post(
        addr("import_upload", "mind_of_my_own"),
        {**data, "file": SimpleUploadedFile("momo.csv", (SAMPLES / "mind_of_my_own.csv").read_bytes())},
    )
    assert first.status_code == 302 and View.objects.count() == 0
    client.post(first.url, {"accept": "all"})
    assert View.objects.count() == 6
    second = client.post(
        addr("import_upload", "mind_of_my_own"),
        {**data, "file": SimpleUploadedFile("momo.csv", (SAMPLES / "mind_of_my_own.csv").read_bytes())},
        follow=True,
    )
    assert "6 already imported" in second.content.decode()
    assert View.objects.count() == 6


def test_an_upload_of_the_wrong_kind_is_refused(client, world):
    client.force_login(world.lead)
    page = client.post(
        addr("import_upload", "mind_of_my_own"),
        {"file": SimpleUploadedFile("photo.png", b"\x89PNG...."), "given_by": "child", "consent": "none"},
    ).content.decode()
    assert "must be a CSV (.csv) or Excel (.xlsx) export" in page


def test_limesurvey_id_is_taken_from_the_file_name(client, world):
    client.force_login(world.lead)
    data = {
        "given_by": "child",
        "consent": "not_recorded",
        "survey_title": "Family survey",
        "map_date": "submitdate",
        "map_text": "Q4",
        "map_given_by": "Q1",
        "map_consent": "Q3[SQ001]",
        "file": SimpleUploadedFile("results-survey482913.csv", (SAMPLES / "results-survey482913.csv").read_bytes()),
    }
    check = client.post(addr("import_upload", "limesurvey"), data)
    assert check.status_code == 302
    client.post(check.url, {"accept": "all"})
    from learnloop.voice.models import ImportBatch

    assert ImportBatch.objects.get().survey_id == "482913"


def test_writing_you_said_we_did(client, world, voice, pic_member):
    client.force_login(pic_member)
    form = client.get(addr("response_create") + f"?view={voice.shared.number}").content.decode()
    assert "checked" in form and voice.shared.reference in form
    assert "bus driver" not in form  # unconsented text is not shown in the choice labels
    data = {
        "you_said": "You want a friendlier waiting room.",
        "we_did": "We repainted it with young people.",
        "who": "Family centre",
        "responded_on": "2026-02-01",
        "status": "done",
        "views": [voice.shared.pk],
    }
    response = client.post(addr("response_create"), data)
    assert response.status_code == 302
    assert Response.objects.filter(we_did__startswith="We repainted").exists()


def test_settings_change_the_target(client, world):
    client.force_login(world.lead)
    assert "There is a problem" in client.post(addr("settings"), {"response_target_days": "0"}).content.decode()
    assert client.post(addr("settings"), {"response_target_days": "21"}).status_code == 302
    assert VoiceSettings.objects.get(partnership=world.partnership).response_target_days == 21


def test_view_export_hides_restricted_text(client, world, voice):
    client.force_login(world.viewer)
    response = client.get(addr("index") + "?export=csv")
    body = response.content.decode()
    assert "Meetings use words" in body and "bus driver" not in body and "weekends" not in body
    assert "(Restricted" in body
    assert AuditEntry.objects.filter(event=AuditEntry.Event.EXPORT).exists()
    client.force_login(world.education_lead)
    body = client.get(addr("index") + "?export=csv").content.decode()
    assert "bus driver" in body and "weekends" in body
    assert client.get(addr("index") + "?export=xlsx").status_code == 200


def test_publishing_exports_only_consented_de_identified_text(client, world, voice):
    from docx import Document

    client.force_login(world.viewer)
    csv_body = client.get(addr("published") + "?export=csv").content.decode()
    assert "Chairs explain every word." in csv_body and "Nobody explains the words." in csv_body
    assert "bus driver" not in csv_body and voice.shared.reference not in csv_body
    word = client.get(addr("published") + "?export=docx")
    assert word["Content-Type"].startswith("application/vnd.openxmlformats")
    text = "\n".join(p.text for p in Document(io.BytesIO(word.content)).paragraphs)
    assert "You said, we did" in text and "Nobody explains the words." in text and "bus driver" not in text
    assert client.get(addr("responses") + "?export=xlsx").status_code == 200


def test_the_demo_home_page_lists_only_views_added_in_the_last_fortnight(db):
    import datetime as dt
    import io

    from django.core.management import call_command
    from django.utils import timezone

    from learnloop.accounts.models import Membership
    from learnloop.voice import selectors

    call_command("seed_demo", stdout=io.StringIO())
    lead = Membership.objects.get(user__email="lead@demo.learnloop.test", partnership__slug="demo")
    since = timezone.localdate() - dt.timedelta(days=14)
    new = selectors.whats_new(lead)
    assert all(v.date >= since for v in new["latest"]), [(v.reference, v.date) for v in new["latest"]]


def test_published_word_link_gives_the_house_document(client, world, voice):
    client.force_login(world.viewer)
    page = client.get(addr("published")).content.decode()
    content = client.get(link(page, r"export=docx", page=addr("published"))).content
    document = assert_word_document(content, partnership=world.partnership.name, title="You said, we did")
    assert any(p.style.name == "Heading 2" and p.text.startswith("You said: ") for p in document.paragraphs)
