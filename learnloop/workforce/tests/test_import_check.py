"""Upload -> check -> accept for evaluations and workforce feedback (Kobo, LimeSurvey, Microsoft Forms)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from learnloop.ingest.models import StagedImport
from learnloop.workforce.models import Evaluation, FeedbackResponse
from learnloop.workforce.tests.conftest import sample
from learnloop.workforce.tests.test_views import records  # noqa: F401 - a fixture


def _upload(client, url, source, filename):
    response = client.post(url, {"source": source, "file": SimpleUploadedFile(filename, sample(filename))})
    assert response.status_code == 302, response.content.decode()[:1500]
    return response.url


@pytest.fixture
def evaluations(client, world, training):
    client.force_login(world.lead)
    return reverse("workforce:evaluation_import", args=["glen", training.session.pk])


@pytest.fixture
def feedback(client, world, request):
    client.force_login(world.lead)
    exercise = request.getfixturevalue("records")["exercise"]
    return reverse("workforce:feedback_import", args=["glen", exercise.pk])


@pytest.mark.parametrize(
    ("which", "source", "filename", "model", "expected"),
    [
        ("evaluations", "limesurvey", "evaluation_limesurvey.csv", Evaluation, None),
        ("feedback", "limesurvey", "feedback_limesurvey.csv", FeedbackResponse, None),
        ("feedback", "ms_forms", "feedback_ms_forms.xlsx", FeedbackResponse, None),
    ],
)
def test_check_changes_nothing_and_accepting_twice_imports_once(
    request, client, which, source, filename, model, expected
):
    url = request.getfixturevalue(which)
    before = model.objects.count()
    check_url = _upload(client, url, source, filename)
    page = client.get(check_url).content.decode()
    assert "Check the file before importing it" in page and "Import " in page
    assert model.objects.count() == before and StagedImport.objects.count() == 1
    client.post(check_url, {"accept": "all"})
    added = model.objects.count() - before
    assert added > 0
    client.post(check_url, {"accept": "all"})  # a double click
    assert model.objects.count() - before == added
    # The same file again: all already imported.
    page = client.get(_upload(client, url, source, filename)).content.decode()
    assert f"{added} already imported" in page and "There is nothing new to import" in page


def test_accepting_the_good_rows_of_a_bad_file(client, evaluations):
    # evaluation_kobo_bad.csv: row 2 is good; row 3 names an unknown agency; row 4 has a score of 7
    # and an empty score, so 1 good row and 2 bad rows (3 problems).
    check_url = _upload(client, evaluations, "kobo", "evaluation_kobo_bad.csv")
    page = client.get(check_url).content.decode()
    assert "Import the 1 good response and leave out the 2 bad rows" in page
    assert "“7” is not a score from 1 to 5" in page
    client.post(check_url, {"accept": "all"})  # not clean: refused
    assert not Evaluation.objects.exists()
    response = client.post(check_url, {"accept": "good"}, follow=True)
    assert Evaluation.objects.get().source_key == "aaaa-1"
    assert "Row 3 left out" in response.content.decode()


def test_another_partnership_cannot_reach_the_check_page_or_accept(client, world, training, evaluations):
    check_url = _upload(client, evaluations, "kobo", "evaluation_kobo_bad.csv")
    token = StagedImport.objects.get().token
    client.force_login(world.outsider)
    assert client.get(check_url).status_code == 404
    assert client.post(check_url, {"accept": "good"}).status_code == 404
    own = reverse("workforce:evaluation_import_check", args=["other", training.session.pk, token])
    assert client.post(own, {"accept": "good"}).status_code == 404
    assert not Evaluation.objects.exists()
