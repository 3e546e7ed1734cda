"""Real-shaped exports: evaluations from a Microsoft Forms Excel download and workforce feedback
from a KoboToolbox CSV. Each has one bad row (named by row, column and reason), a second import
adds nothing, and respondents' names and e-mail addresses are never kept, not even between the
upload and the member accepting it."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from learnloop.accounts.models import Membership
from learnloop.ingest import surveys
from learnloop.ingest.models import StagedImport
from learnloop.testing.storage import raw_text_anywhere
from learnloop.workforce import importers, selectors, services
from learnloop.workforce.models import Evaluation, FeedbackAnswer, FeedbackExercise, FeedbackResponse
from learnloop.workforce.tests.conftest import sample

FORMS_HEADINGS = [
    "ID",
    "Start time",
    "Completion time",
    "Email",
    "Name",
    "Which agency do you work for?",
    "Before: Recognise neglect",
    "After: Recognise neglect",
    "Before: Use a chronology",
    "After: Use a chronology",
    "Any other comments",
]
# Fictional respondents. Row 5 (Kit Sample) scores 6, which is not a score from 1 to 5.
FORMS_ROWS = [
    [1, "morag.fictional@example.test", "Morag Fictional", "Education", 2, 4, 1, 3, "Clearer now on chronologies"],
    [2, "dev.example@example.test", "Dev Example", "Police Scotland", 3, 5, 2, 4, None],
    [3, "anonymous", None, "Social Work", 1, 3, 3, 3, "More on neglect, please"],
    [4, "kit.sample@example.test", "Kit Sample", "Education", 2, 6, 2, 4, None],
]
PERSONAL = ["Morag Fictional", "morag.fictional@example.test", "Dev Example", "Kit Sample", "kit.sample@"]


def forms_workbook() -> bytes:
    """A Microsoft Forms "Open in Excel" download: one sheet, the metadata columns first."""
    book = Workbook()
    sheet = book.active
    sheet.title = "Sheet1"
    sheet.append(FORMS_HEADINGS)
    for number, email, name, *answers in FORMS_ROWS:
        start = dt.datetime(2026, 3, 4, 15, number)
        sheet.append([number, start, start + dt.timedelta(minutes=4), email, name, *answers])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_forms_evaluations_report_the_bad_row_and_reimport_adds_nothing(world, training):
    data = forms_workbook()
    check = importers.import_evaluations(
        session=training.session, fmt=surveys.MS_FORMS, data=data, by=world.lead, dry_run=True
    )
    assert [(e.row, e.field) for e in check.errors] == [(5, "After: Recognise neglect")]
    assert (
        str(check.errors[0])
        == "Row 5, After: Recognise neglect: “6” is not a score from 1 to 5 (confidence after, outcome 1)."
    )
    assert check.new == 3 and not Evaluation.objects.exists()
    refused = importers.import_evaluations(session=training.session, fmt=surveys.MS_FORMS, data=data, by=world.lead)
    assert refused.created == 0 and not Evaluation.objects.exists()  # not clean, not accepted: nothing
    first = importers.import_evaluations(
        session=training.session, fmt=surveys.MS_FORMS, data=data, by=world.lead, skip_bad=True
    )
    assert (first.created, first.unchanged) == (3, 0)
    again = importers.import_evaluations(
        session=training.session, fmt=surveys.MS_FORMS, data=data, by=world.lead, skip_bad=True
    )
    assert (again.created, again.unchanged) == (0, 3) and Evaluation.objects.count() == 3
    assert Evaluation.objects.get(source_key="1").comments == "Clearer now on chronologies"
    m = Membership.objects.get(user=world.lead, partnership=world.partnership)
    summary = selectors.confidence_summary(m, training.course)
    # Before: 2, 1, 3, 2, 1, 3 -> 12 / 6 = 2.0; after: 4, 3, 5, 4, 3, 3 -> 22 / 6 = 3.67; 3 people.
    assert summary.overall.respondents == 3
    assert summary.overall.before == pytest.approx(2.0)
    assert summary.overall.after == pytest.approx(22 / 6)
    education = next(r for r in summary.by_agency if r.label == world.education.name)
    # Education (row 2 only; row 5 left out): before (2 + 1) / 2 = 1.5, after (4 + 3) / 2 = 3.5.
    assert (education.respondents, education.before, education.after) == (1, 1.5, 3.5)


def test_forms_upload_keeps_no_name_or_email_before_or_after_accepting(client, world, training, settings):
    client.force_login(world.lead)
    url = reverse("workforce:evaluation_import", args=["glen", training.session.pk])
    response = client.post(
        url, {"source": surveys.MS_FORMS, "file": SimpleUploadedFile("Evaluation.xlsx", forms_workbook())}
    )
    assert response.status_code == 302
    page = client.get(response.url).content.decode()
    assert "Import the 3 good responses and leave out the 1 bad row" in page
    staged = StagedImport.objects.get()
    assert staged.path == "" and "Email" not in str(staged.prepared) and "Name" not in staged.prepared["questions"]
    assert raw_text_anywhere(PERSONAL, settings.MEDIA_ROOT) == []
    client.post(response.url, {"accept": "good"})
    assert Evaluation.objects.count() == 3
    assert raw_text_anywhere(PERSONAL, settings.MEDIA_ROOT) == []
    # The same download again: nothing new.
    again = client.post(
        url, {"source": surveys.MS_FORMS, "file": SimpleUploadedFile("Evaluation.xlsx", forms_workbook())}
    )
    assert "3 already imported" in client.get(again.url).content.decode()


@pytest.fixture
def exercise(world):
    return services.feedback_exercise_save(
        exercise=FeedbackExercise(
            partnership=world.partnership, kind="briefing", title="Neglect briefing", date=dt.date(2026, 3, 10)
        ),
        themes=[],
    )


def test_kobo_feedback_reports_the_bad_row_and_reimport_adds_nothing(world, exercise):
    data = sample("feedback_kobo.csv")
    check = importers.import_feedback(exercise=exercise, fmt=surveys.KOBO, data=data, by=world.lead, dry_run=True)
    assert [(e.row, e.field) for e in check.errors] == [(4, "Which organisation do you work for?")]
    assert "“Fire and Rescue” is not one of the partnership's agencies" in check.errors[0].reason
    assert check.new == 3 and not FeedbackResponse.objects.exists()
    first = importers.import_feedback(exercise=exercise, fmt=surveys.KOBO, data=data, by=world.lead, skip_bad=True)
    assert (first.created, first.unchanged) == (3, 0)
    assert first.skipped == [
        "Row 4 left out: Which organisation do you work for?: “Fire and Rescue” is not one of the partnership's "
        f"agencies ({', '.join(a.name for a in importers._agencies(world.partnership.pk))})."
    ]
    response = FeedbackResponse.objects.get(source_key="k0b0-0001")
    assert response.agency == world.education
    assert response.submitted_at == dt.datetime(2026, 3, 10, 9, 4, 10, tzinfo=dt.UTC)
    assert [(a.question, a.answer) for a in response.answers.order_by("position")] == [
        ("What helped you most at the briefing?", "Hearing how the chronology was built"),
        ("What should change?", "More time for questions"),
    ]
    # Kobo's metadata (the enumerator's user name, device times) is not kept as an answer.
    assert not FeedbackAnswer.objects.filter(answer__icontains="enumerator").exists()
    again = importers.import_feedback(exercise=exercise, fmt=surveys.KOBO, data=data, by=world.lead, skip_bad=True)
    assert (again.created, again.unchanged) == (0, 3) and FeedbackResponse.objects.count() == 3
