"""Answers in the survey's own words are mapped once, kept with the mapping, and a band that does
not fit LearnLoop's is asked about, never guessed."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learnloop.voice.importers import FORMATS, ImportOptions, views_check
from learnloop.voice.importers.fields import BadValue, parse_age_band
from learnloop.voice.models import Source, View
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
