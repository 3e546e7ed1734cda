"""Survey exports: Kobo, LimeSurvey (with an incomplete response), Microsoft Forms; bad rows; re-imports."""

from __future__ import annotations

from learnloop.ingest import surveys
from learnloop.workforce import importers, services
from learnloop.workforce.models import Evaluation, FeedbackAnswer, FeedbackExercise, FeedbackResponse
from learnloop.workforce.tests.conftest import sample


def _exercise(world):
    import datetime as dt

    return services.feedback_exercise_save(
        exercise=FeedbackExercise(
            partnership=world.partnership, kind="survey", title="Survey", date=dt.date(2026, 2, 1)
        ),
        themes=[],
    )


def test_limesurvey_evaluations_leave_out_the_incomplete_response_and_reimport_changes_nothing(world, training):
    data = sample("evaluation_limesurvey.csv")
    first = importers.import_evaluations(session=training.session, fmt=surveys.LIMESURVEY, data=data, by=world.lead)
    assert (first.created, first.unchanged) == (3, 0)
    assert first.skipped == ["Row 5: response 14 was not completed, so it was left out."]
    e = Evaluation.objects.get(source_key="12")
    assert e.agency == world.education and "named contact" in e.comments
    assert [(s.before, s.after) for s in e.scores.all()] == [(1, 3), (2, 5)]
    again = importers.import_evaluations(session=training.session, fmt=surveys.LIMESURVEY, data=data, by=world.lead)
    assert (again.created, again.unchanged) == (0, 3)
    assert Evaluation.objects.count() == 3


def test_bad_rows_are_all_reported_with_row_column_and_reason_and_nothing_is_loaded(world, training):
    result = importers.import_evaluations(
        session=training.session, fmt=surveys.KOBO, data=sample("evaluation_kobo_bad.csv"), by=world.lead
    )
    assert not result.ok
    found = [(e.row, e.field) for e in result.errors]
    assert found == [(3, "Which agency do you work for?"), (4, "Before: Recognise neglect")]
    assert "Fire and Rescue" in result.errors[0].reason
    assert "not a score from 1 to 5" in result.errors[1].reason
    # A skipped rating is not a problem in itself (see test_forms_partial): only the 7 is.
    assert not any("is empty" in e.reason for e in result.errors)
    assert str(result.errors[0]).startswith("Row 3, Which agency do you work for?:")
    assert not Evaluation.objects.exists()


def test_unmapped_outcome_names_the_columns_found(world, training):
    data = b"id,submitdate,Q1,Q2\n1,2026-03-04 10:00:00,3,4\n"
    result = importers.import_evaluations(session=training.session, fmt=surveys.LIMESURVEY, data=data, by=world.lead)
    assert "outcome 1" in result.errors[0].reason and "Columns found: Q1, Q2" in result.errors[0].reason
    training.course.evaluation_columns = "Q1 = before 1\nQ2 = after 1"
    training.course.save()
    result = importers.import_evaluations(session=training.session, fmt=surveys.LIMESURVEY, data=data, by=world.lead)
    assert any("outcome 2" in e.reason for e in result.errors)  # outcome 2 still has no columns


def test_wrong_format_is_named(world, training):
    result = importers.import_evaluations(
        session=training.session, fmt=surveys.KOBO, data=sample("evaluation_limesurvey.csv"), by=world.lead
    )
    assert "no _uuid column" in result.errors[0].reason


def test_feedback_from_limesurvey(world):
    exercise = _exercise(world)
    result = importers.import_feedback(
        exercise=exercise, fmt=surveys.LIMESURVEY, data=sample("feedback_limesurvey.csv"), by=world.lead
    )
    assert result.created == 2 and len(result.skipped) == 1
    answers = list(FeedbackAnswer.objects.filter(response__source_key="2").values_list("question", "answer"))
    assert answers == [("Q1", "Third Sector"), ("Q2", "We are not invited to core groups")]
    again = importers.import_feedback(
        exercise=exercise, fmt=surveys.LIMESURVEY, data=sample("feedback_limesurvey.csv"), by=world.lead
    )
    assert (again.created, again.unchanged) == (0, 2)


def test_feedback_from_microsoft_forms_keeps_no_names_or_emails(world):
    exercise = _exercise(world)
    result = importers.import_feedback(
        exercise=exercise, fmt=surveys.MS_FORMS, data=sample("feedback_ms_forms.xlsx"), by=world.lead
    )
    assert result.ok and result.created == 2
    response = FeedbackResponse.objects.get(source_key="2")
    assert response.agency == world.social_work
    assert response.submitted_at.date().isoformat() == "2026-03-02"
    texts = " ".join(FeedbackAnswer.objects.values_list("answer", flat=True))
    assert "a.person@example.test" not in texts and "A Person" not in texts
    assert "Hold it nearer the islands" in texts


def test_feedback_from_kobo_with_groups_and_agency(world):
    from pathlib import Path

    data = (Path(__file__).resolve().parents[1] / "demo_data" / "practitioner_survey_kobo.csv").read_bytes()
    exercise = _exercise(world)
    result = importers.import_feedback(exercise=exercise, fmt=surveys.KOBO, data=data, by=world.lead)
    # "Third Sector" is not an agency in the test partnership? It is: the defaults include it.
    assert result.ok, result.errors
    answer = FeedbackAnswer.objects.get(response__source_key="6f1c0b52-8d1e-4a53-9b0e-1f5a2c9e0a05", position=1)
    assert answer.question == "How confident are you in escalating a concern you disagree with?"
    assert FeedbackResponse.objects.get(source_key__endswith="a02").agency == world.education


def test_utf16_and_tab_separated_survey_files_are_read():
    data = "id\tsubmitdate\tQ1\n7\t2026-01-01 10:00:00\tYes\n".encode("utf-16")
    parsed = surveys.read(surveys.LIMESURVEY, data)
    assert parsed.rows[0].answers == {"Q1": "Yes"}
