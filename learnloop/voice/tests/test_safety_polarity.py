"""A safety question either way round: "Do you feel safe?" flags the children who said no, and
only when the mapping says so; free text that says a child feels unsafe is offered for review."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learnloop.voice.importers import FORMATS, ImportOptions, views_check
from learnloop.voice.models import ColumnMapping, SafetyFlag, Source, View
from learnloop.voice.tests.test_importers import TODAY

# A Mind of My Own style export whose safety question asks the other way round.
CSV = (
    b"Statement ID,Date sent,Statement,Do you feel safe?\n"
    b"S1,2026-01-12,I like my new school.,Yes\n"
    b"S2,2026-01-13,Nobody listens at home.,No\n"
    b"S3,2026-01-14,I don't feel safe when dad has been drinking,Yes\n"
    b"S4,2026-01-15,My worker is kind.,Not sure\n"
)
MAPPING = {"key": "Statement ID", "date": "Date sent", "text": "Statement", "unsafe": "Do you feel safe?"}


def check(world, mapping):
    return views_check(
        partnership=world.partnership,
        source=Source.MIND_OF_MY_OWN,
        filename="safe.csv",
        content=CSV,
        mapping=mapping,
        options=ImportOptions(),
        today=TODAY,
    )


def test_a_feel_safe_question_is_asked_about_never_guessed(world):
    result = check(world, MAPPING)
    assert result.fatal and not result.flagged
    assert "asks whether a child feels safe" in str(result.errors[0]) and "Change the mapping" in str(result.errors[0])


def test_the_answers_that_mean_unsafe_flag_those_rows_and_words_are_offered_for_review(world):
    result = check(world, {**MAPPING, "unsafe_answers": "No, Not sure"})
    assert not result.errors
    assert result.flagged == [3, 5]  # "No" and "Not sure"; never the children who said yes
    assert result.review == [4]  # said yes, but wrote that they do not feel safe
    assert ("Answers that mean unsafe", "No, Not sure") in result.mapping


@pytest.fixture
def lead(client, world):
    client.force_login(world.lead)
    return client


def test_the_check_page_shows_the_rows_to_flag_and_remembers_the_mapping(lead, world):
    url = reverse("voice:import_upload", args=["glen", Source.MIND_OF_MY_OWN])
    form = {f"map_{k}": "" for k in FORMATS[Source.MIND_OF_MY_OWN].defaults}
    form |= {f"map_{k}": v for k, v in MAPPING.items()}
    form |= {"map_unsafe_answers": "No, Not sure", "given_by": "child", "consent": "partnership"}
    response = lead.post(url, {**form, "file": SimpleUploadedFile("safe.csv", CSV, "text/csv")})
    assert response.status_code == 302, response.content.decode()[:3000]
    page = lead.get(response.url).content.decode()
    assert "Rows that will be flagged" in page and "rows 3, 5 of the file" in page
    assert "dad" not in page  # row numbers only, never the words
    assert 'id="check-review"' in page and "row 4 may say a child feels unsafe" in page
    assert "Answers that mean unsafe" in page and "No, Not sure" in page
    lead.post(response.url, {"accept": "all"})
    assert SafetyFlag.objects.filter(partnership=world.partnership).count() == 2
    assert View.objects.filter(feels_unsafe=True).count() == 2
    # The next import starts from the same mapping, polarity included.
    saved = ColumnMapping.objects.get(partnership=world.partnership, source=Source.MIND_OF_MY_OWN)
    assert saved.columns["unsafe_answers"] == "No, Not sure"
    assert "No, Not sure" in lead.get(url).content.decode()
