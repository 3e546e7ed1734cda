"""Upload -> check -> accept, for each voice importer: the check changes nothing, accepting imports
once, the good rows of a file with bad ones can be accepted alone, and no one else can reach it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learnloop.ingest import staging
from learnloop.ingest.models import StagedImport
from learnloop.testing.storage import raw_text_anywhere
from learnloop.voice.importers import FORMATS
from learnloop.voice.models import ColumnMapping, ImportBatch, View
from learnloop.voice.tests.conftest import SAMPLES

# format, sample, extra form data, views the clean file adds
CASES = {
    "mind_of_my_own": ("mind_of_my_own.csv", {}, 6),
    "kobo": (
        "kobo_having_your_say.csv",
        {
            "survey_title": "Having your say 2026",
            "map_date": "_submission_time",
            "map_text": "what_said",
            "map_given_by": "who_are_you",
            "map_consent": "share_consent",
            "map_unsafe": "feel_safe",
            "map_unsafe_answers": "yes",
            "map_names": "your_name",
        },
        4,
    ),
    "limesurvey": (
        "results-survey482913.csv",
        {"survey_title": "Family survey", "map_date": "submitdate", "map_text": "Q4", "map_consent": "Q3[SQ001]"},
        3,  # four responses, one incomplete
    ),
}


def addr(name, *args, slug="glen"):
    return reverse(f"voice:{name}", args=[slug, *args])


def upload(client, world, source, content=None, slug="glen"):
    filename, extra, _ = CASES[source]
    data = {"given_by": "child", "consent": "partnership", "agency": world.education.pk}
    if source == "mind_of_my_own":
        data.update({f"map_{k}": v for k, v in FORMATS[source].defaults.items()})
    data.update(extra)
    content = content if content is not None else (SAMPLES / filename).read_bytes()
    data["file"] = SimpleUploadedFile(filename, content, "text/csv")
    response = client.post(addr("import_upload", source, slug=slug), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    return response.url


def with_a_repeated_row(source) -> bytes:
    """The clean sample with its first response repeated at the end: one bad row (a repeated key)."""
    lines = (SAMPLES / CASES[source][0]).read_bytes().rstrip(b"\r\n").split(b"\n")
    return b"\n".join([*lines, lines[1]]) + b"\n"


@pytest.fixture
def lead(client, world):
    client.force_login(world.lead)
    return client


@pytest.mark.parametrize("source", CASES)
def test_the_check_page_changes_nothing_and_accepting_imports_once(
    lead, world, source, django_capture_on_commit_callbacks
):
    expected = CASES[source][2]
    check_url = upload(lead, world, source)
    staged = StagedImport.objects.get()
    assert staged.path == "" and staged.prepared["views"]  # the prepared rows, never the file
    page = lead.get(check_url).content.decode()
    assert f"{expected} view" in page and f"Import {expected} views" in page
    assert not View.objects.exists() and not ImportBatch.objects.exists() and not ColumnMapping.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        response = lead.post(check_url, {"accept": "all"})
    batch = ImportBatch.objects.get()
    assert response.url == batch.get_absolute_url()
    assert View.objects.count() == expected == batch.views_added
    staged.refresh_from_db()
    assert staged.prepared is None  # cleared once imported: the views hold them now
    # A double click, or the back button and the button again: nothing more.
    again = lead.post(check_url, {"accept": "all"})
    assert again.status_code == 302 and again.url == batch.get_absolute_url()
    assert lead.get(check_url).status_code == 302
    assert View.objects.count() == expected and ImportBatch.objects.count() == 1


@pytest.mark.parametrize("source", CASES)
def test_a_file_with_a_bad_row_offers_the_good_rows_only(lead, world, source):
    expected = CASES[source][2]
    check_url = upload(lead, world, source, content=with_a_repeated_row(source))
    page = lead.get(check_url).content.decode()
    assert "repeats the key of row 2" in page
    assert f"Import the {expected} good views and leave out the 1 bad row" in page
    # Accepting everything is refused: the file is not clean.
    lead.post(check_url, {"accept": "all"})
    assert not View.objects.exists() and not ImportBatch.objects.exists()
    lead.post(check_url, {"accept": "good"})
    batch = ImportBatch.objects.get()
    assert View.objects.count() == expected == batch.views_added
    assert any("left out" in note and "repeats the key of row 2" in note for note in batch.notes)


def test_a_second_upload_of_the_same_file_shows_it_is_already_imported(lead, world):
    lead.post(upload(lead, world, "mind_of_my_own"), {"accept": "all"})
    page = lead.get(upload(lead, world, "mind_of_my_own")).content.decode()
    assert "6 already imported" in page and "There is nothing new to import" in page
    assert "Import 0" not in page


def test_a_file_that_cannot_be_read_offers_no_import(lead, world):
    check_url = upload(lead, world, "mind_of_my_own", content=b"Nothing,Useful\n1,2\n")
    page = lead.get(check_url).content.decode()
    assert "This file cannot be imported" in page and "the column “Statement” is not in the file" in page
    assert 'name="accept"' not in page
    lead.post(check_url, {"accept": "good"})
    assert not View.objects.exists()


def test_cancel_deletes_what_was_kept(lead, world):
    check_url = upload(lead, world, "mind_of_my_own")
    response = lead.post(check_url, {"cancel": "1"})
    assert response.url == addr("import_upload", "mind_of_my_own")
    assert not StagedImport.objects.exists()
    assert lead.get(check_url).status_code == 404


def test_files_left_for_more_than_a_day_are_cleared_on_the_next_upload(lead, world):
    check_url = upload(lead, world, "mind_of_my_own")
    old = StagedImport.objects.get()
    StagedImport.objects.filter(pk=old.pk).update(created_at=old.created_at - dt.timedelta(days=1, minutes=1))
    assert lead.get(check_url).status_code == 404  # abandoned
    upload(lead, world, "mind_of_my_own")
    assert list(StagedImport.objects.values_list("pk", flat=True)) != [old.pk]
    assert StagedImport.objects.count() == 1


# A young person's id from the source system, statement keys and every name in the samples.
MOMO_RAW = ["YP-5521", "YP-7702", "MOMO-10231"]
KOBO_RAW = ["Robyn", "Taylor", "Sam Reid", "07700 900123", "4b1c2a9e-1f0d-4c3e-9a51-7e2d8f6a0b11"]


@pytest.mark.parametrize(("source", "needles"), [("mind_of_my_own", MOMO_RAW), ("kobo", KOBO_RAW)])
def test_no_raw_identifier_or_name_is_kept_between_upload_and_accept(lead, world, settings, source, needles):
    check_url = upload(lead, world, source)
    assert lead.get(check_url).status_code == 200
    staged = StagedImport.objects.get()
    assert staged.imported_at is None and staged.prepared["views"]
    sample = (SAMPLES / CASES[source][0]).read_text()
    assert all(needle in sample for needle in needles)  # the test looks for what is really there
    assert raw_text_anywhere(needles, settings.MEDIA_ROOT) == []
    assert raw_text_anywhere([world.lead.email], settings.MEDIA_ROOT)  # the scan does find what is there
    # Accepting imports from the prepared rows, and still nothing raw is stored.
    lead.post(check_url, {"accept": "all"})
    assert View.objects.count() == CASES[source][2]
    assert raw_text_anywhere(needles, settings.MEDIA_ROOT) == []


def test_another_partnership_or_member_cannot_reach_the_check_page_or_accept(client, world):
    client.force_login(world.lead)
    check_url = upload(client, world, "mind_of_my_own")
    token = StagedImport.objects.get().token
    client.force_login(world.outsider)
    assert client.get(check_url).status_code == 404
    assert client.post(check_url, {"accept": "all"}).status_code == 404
    own = addr("import_check", "mind_of_my_own", token, slug=world.other_partnership.slug)
    assert client.get(own).status_code == 404
    assert client.post(own, {"accept": "all"}).status_code == 404
    # Another importer in the same partnership does not see it either.
    from learnloop.accounts.models import Membership

    client.force_login(world.lead)
    m = Membership.objects.get(user=world.lead, partnership=world.partnership)
    with pytest.raises(Exception):  # noqa: B017 - Http404
        staging.get(m, token, kind="voice:kobo")
    assert not View.objects.exists() and StagedImport.objects.get().imported_at is None


def test_a_failed_mapping_offers_the_files_own_columns(client, world):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from learnloop.voice.importers import FORMATS
    from learnloop.voice.models import Source

    content = b"Ref,When,Comment\nS1,2026-01-12,I like my new school.\n"
    client.force_login(world.lead)
    url = reverse("voice:import_upload", args=["glen", Source.MIND_OF_MY_OWN])
    form = {f"map_{k}": "" for k in FORMATS[Source.MIND_OF_MY_OWN].defaults}
    form |= {
        "map_key": "Ref",
        "map_date": "When",
        "map_text": "Statement",
        "given_by": "child",
        "consent": "partnership",
    }
    response = client.post(url, {**form, "file": SimpleUploadedFile("a.csv", content, "text/csv")})
    page = client.get(response.url).content.decode()
    assert "Change the mapping" in page and 'id="check-columns"' in page
    token = response.url.rstrip("/").rsplit("/", 1)[-1]
    form_page = client.get(f"{url}?columns={token}").content.decode()
    assert 'id="columns-from"' in form_page
    select = re.search(r'<select[^>]*name="map_text".*?</select>', form_page, re.S)
    assert select and 'value="Comment"' in select.group(0), form_page[form_page.find("columns-from") :][:3000]
    key = re.search(r'<select[^>]*name="map_key".*?</select>', form_page, re.S).group(0)
    assert re.search(r'<option value="Ref"\s+selected', key)  # what did match is kept
    form["map_text"] = "Comment"
    response = client.post(f"{url}?columns={token}", {**form, "file": SimpleUploadedFile("a.csv", content, "text/csv")})
    assert response.status_code == 302
    assert "Import 1 view" in client.get(response.url).content.decode()
    # Another member cannot read the columns of someone else's upload.
    client.force_login(world.education_lead)
    assert client.get(f"{url}?columns={token}").status_code in {403, 404}
