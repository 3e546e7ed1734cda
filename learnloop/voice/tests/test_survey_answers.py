"""Answers in the survey's own words are mapped once, kept with the mapping, and a band that does
not fit LearnLoop's is asked about, never guessed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learnloop.voice.importers import FORMATS, ImportOptions, views_check
from learnloop.voice.importers.fields import BadValue, parse_age_band
from learnloop.voice.models import ColumnMapping, Source, View
from learnloop.voice.tests.test_importers import TODAY

CSV = (
    b"Statement ID,Date sent,Statement,Age,Consent\n"
    b"S1,2026-01-12,I like my new school.,12-15,Share within partnership\n"
    b"S2,2026-01-13,Nobody listens at home.,16+,Share within partnership\n"
)
MAPPING = {"key": "Statement ID", "date": "Date sent", "text": "Statement", "age": "Age", "consent": "Consent"}
ANSWERS = "12-15 = 11-15; 16+ = 16-17; Share within partnership = yes"


@pytest.mark.parametrize("band", ["12-15", "16+", "10-12"])
def test_a_band_that_is_not_learnloops_is_never_guessed(band):
    with pytest.raises(BadValue, match="mapping's answers"):
        parse_age_band(band)


def _check(world, mapping):
    return views_check(
        partnership=world.partnership,
        source=Source.MIND_OF_MY_OWN,
        filename="a.csv",
        content=CSV,
        mapping=mapping,
        options=ImportOptions(),
        today=TODAY,
    )


def test_unmapped_answers_are_listed_once_a_column_and_mapped_answers_import(world):
    before = _check(world, MAPPING)
    assert before.bad_rows == 2
    assert any("“Share within partnership” is not in LearnLoop's words (rows 2, 3)" in n for n in before.notes)
    after = _check(world, {**MAPPING, "answers": ANSWERS})
    assert not after.errors and after.new == 2


def test_a_mapped_answer_is_remembered_for_the_next_import(client, world):
    client.force_login(world.lead)
    url = reverse("voice:import_upload", args=["glen", Source.MIND_OF_MY_OWN])
    form = {f"map_{k}": "" for k in FORMATS[Source.MIND_OF_MY_OWN].defaults}
    form |= {f"map_{k}": v for k, v in MAPPING.items()}
    form |= {"map_answers": ANSWERS, "given_by": "child", "consent": "not_recorded"}
    response = client.post(url, {**form, "file": SimpleUploadedFile("a.csv", CSV, "text/csv")})
    assert response.status_code == 302, response.content.decode()[:3000]
    client.post(response.url, {"accept": "all"})
    assert sorted(View.objects.values_list("age_band", "consent")) == [
        ("11-15", "partnership"),
        ("16-17", "partnership"),
    ]
    assert "Share within partnership = yes" in client.get(url).content.decode()


def _upload(client, content, name="a.csv"):
    url = reverse("voice:import_upload", args=["glen", Source.MIND_OF_MY_OWN])
    form = {f"map_{k}": "" for k in FORMATS[Source.MIND_OF_MY_OWN].defaults}
    form |= {f"map_{k}": v for k, v in MAPPING.items()} | {"given_by": "child", "consent": "not_recorded"}
    response = client.post(url, {**form, "file": SimpleUploadedFile(name, content, "text/csv")})
    assert response.status_code == 302, response.content.decode()[:3000]
    return response.url


def test_answers_are_mapped_on_the_check_page_and_used_by_the_next_import(client, world):
    client.force_login(world.lead)
    check_url = _upload(client, CSV)
    page = client.get(check_url).content.decode()
    assert 'id="check-answers"' in page
    # Each column's distinct answers, once: "Share within partnership" is in two rows but asked once.
    assert page.count("“Share within partnership” (rows 2, 3)") == 1
    assert "Age or age band: “12-15” (row 2)" in page and "Age or age band: “16+” (row 3)" in page
    # Nothing is chosen for the user: a band that does not fit is never guessed.
    assert "selected" not in page.split('id="check-answers"')[1].split("</form>")[0]
    chosen = [("12-15", "11-15"), ("16+", "16-17"), ("Share within partnership", "partnership")]
    post = {"map_answers": "1"}
    for index, (theirs, ours) in enumerate(chosen):
        post |= {f"answer-{index}-from": theirs, f"answer-{index}": ours}
    response = client.post(check_url, post)
    assert response.status_code == 302
    page = client.get(check_url).content.decode()
    assert 'id="check-answers"' not in page and "Import 2 views" in page
    client.post(check_url, {"accept": "all"})
    assert sorted(View.objects.values_list("age_band", "consent")) == [
        ("11-15", "partnership"),
        ("16-17", "partnership"),
    ]
    saved = ColumnMapping.objects.get(partnership=world.partnership, source=Source.MIND_OF_MY_OWN)
    assert "Age or age band: 12-15 = 11-15" in saved.columns["answers"]
    # The next import (a new response with the same answers) needs no mapping at all.
    later = CSV.replace(b"S1,", b"S7,").replace(b"S2,", b"S8,")
    url = reverse("voice:import_upload", args=["glen", Source.MIND_OF_MY_OWN])
    form_page = client.get(url).content.decode()
    assert "Consent to share: Share within partnership = partnership" in form_page
    form = {f"map_{k}": "" for k in FORMATS[Source.MIND_OF_MY_OWN].defaults}
    form |= {f"map_{k}": v for k, v in MAPPING.items()} | {"given_by": "child", "consent": "not_recorded"}
    form["map_answers"] = saved.columns["answers"]
    response = client.post(url, {**form, "file": SimpleUploadedFile("b.csv", later, "text/csv")})
    page = client.get(response.url).content.decode()
    assert 'id="check-answers"' not in page and "Import 2 views" in page


def test_a_partly_mapped_row_stays_out_and_a_wrong_choice_is_ignored(client, world):
    client.force_login(world.lead)
    check_url = _upload(client, CSV)
    post = {
        "map_answers": "1",
        "answer-0-from": "12-15",
        "answer-0": "not-a-band",
        "answer-2-from": "Share within partnership",
        "answer-2": "partnership",
    }
    client.post(check_url, post)
    page = client.get(check_url).content.decode()
    assert (
        "Age or age band: “12-15” (row 2)" in page
        and "Share within partnership”" not in page.split('id="check-answers"')[1].split("</form>")[0]
    )
    assert 'id="check-bad"' in page and "2 rows with problems" in page
