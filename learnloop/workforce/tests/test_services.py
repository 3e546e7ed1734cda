"""The programme's rules, and the confidence arithmetic against figures worked out by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from learnloop.ingest import surveys
from learnloop.loop.models import LearningPoint, SourceType
from learnloop.workforce import importers, selectors, services
from learnloop.workforce.models import Attendance, Course, Evaluation
from learnloop.workforce.tests.conftest import sample


def test_confidence_change_by_agency_and_outcome_matches_hand_worked_figures(world, training):
    result = importers.import_evaluations(
        session=training.session, fmt=surveys.LIMESURVEY, data=sample("evaluation_limesurvey.csv"), by=world.lead
    )
    assert result.ok and result.created == 3
    summary = selectors.confidence_summary(world.membership(world.lead), training.course)
    by_agency = {r.label: r for r in summary.by_agency}
    # Education (rows 12, 13): before 1, 2, 3, 3 -> 9/4 = 2.25; after 3, 5, 4, 3 -> 15/4 = 3.75; change 1.5.
    assert by_agency["Education"].respondents == 2
    assert by_agency["Education"].before == pytest.approx(2.25)
    assert by_agency["Education"].after == pytest.approx(3.75)
    assert by_agency["Education"].change == pytest.approx(1.5)
    # Social Work (row 11): before 2, 3 -> 2.5; after 4, 4 -> 4.0; change 1.5.
    assert by_agency["Social Work"].before == pytest.approx(2.5)
    assert by_agency["Social Work"].after == pytest.approx(4.0)
    # All: before 2+3+1+2+3+3 = 14/6; after 4+4+3+5+4+3 = 23/6; change 9/6 = 1.5.
    assert summary.overall.respondents == 3
    assert summary.overall.before == pytest.approx(14 / 6)
    assert summary.overall.after == pytest.approx(23 / 6)
    assert summary.overall.change == pytest.approx(1.5)
    # Outcome 1: before 2, 1, 3 -> 2.0; after 4, 3, 4 -> 11/3. Outcome 2: before 3, 2, 3 -> 8/3; after 4, 5, 3 -> 4.0.
    o1, o2 = summary.by_outcome
    assert (o1.before, o1.after) == (pytest.approx(2.0), pytest.approx(11 / 3))
    assert (o2.before, o2.after) == (pytest.approx(8 / 3), pytest.approx(4.0))


def test_other_partnerships_evaluations_are_not_counted(world, training):
    outcome = training.course.outcomes.first()
    services.evaluation_save(session=training.session, scores={outcome: (1, 5)}, by=world.lead)
    outsider = world.membership(world.outsider)
    assert selectors.confidence_summary(outsider, training.course).overall.respondents == 0


def test_scores_must_be_1_to_5_and_nothing_is_half_saved(world, training):
    outcome = training.course.outcomes.first()
    with pytest.raises(services.WorkforceError, match="1 to 5"):
        services.evaluation_save(session=training.session, scores={outcome: (0, 5)}, by=world.lead)
    assert not Evaluation.objects.exists()


def test_course_needs_outcomes_and_a_single_agency_course_needs_its_agency(world):
    p = world.partnership
    with pytest.raises(services.WorkforceError, match="learning outcome"):
        services.course_save(course=Course(partnership=p, title="A", audience="All"), outcomes=[" "], themes=[])
    with pytest.raises(services.WorkforceError, match="single-agency"):
        services.course_save(
            course=Course(partnership=p, title="B", audience="All", delivery=Course.Delivery.SINGLE_AGENCY),
            outcomes=["x"],
            themes=[],
        )


def test_an_outcome_with_scores_cannot_be_removed(world, training):
    first, second = training.course.outcomes.all()
    services.evaluation_save(session=training.session, scores={second: (2, 4)}, by=world.lead)
    with pytest.raises(services.WorkforceError, match="already has evaluation scores"):
        services.course_save(course=training.course, outcomes=["Recognise neglect"], themes=[])


def test_attendance_counts_and_register(world, training):
    s = training.session
    services.attendance_set(session=s, counts={world.education: 5, world.police: 3, world.social_work: None})
    assert {a.agency.name: a.count for a in Attendance.objects.filter(session=s)} == {
        "Education": 5,
        "Police Scotland": 3,
    }
    services.attendance_set(session=s, counts={world.education: 0})
    assert list(Attendance.objects.filter(session=s).values_list("agency__name", flat=True)) == ["Police Scotland"]
    with pytest.raises(services.WorkforceError, match="counts, not names"):
        services.attendee_add(session=s, agency=world.police, name="Pat")
    s.keeps_names = True
    s.save()
    Attendance.objects.filter(session=s).delete()
    services.attendee_add(session=s, agency=world.police, name="Pat Police")
    person = services.attendee_add(session=s, agency=world.police, name="Sam Police")
    assert Attendance.objects.get(session=s, agency=world.police).count == 2
    services.attendee_remove(attendee=person)
    assert Attendance.objects.get(session=s, agency=world.police).count == 1


def test_raising_a_learning_point_from_an_evaluation_comment_keeps_the_link(world, training):
    outcome = training.course.outcomes.first()
    evaluation = services.evaluation_save(
        session=training.session,
        scores={outcome: (2, 4)},
        agency=world.education,
        comments="Need a named contact.",
        by=world.lead,
    )
    lp = services.learning_point_raise(
        record=evaluation,
        title="Named contact for escalation",
        description=evaluation.comments,
        kind=LearningPoint.Kind.IMPROVEMENT,
        themes=[],
        by=world.lead,
        today=dt.date(2026, 3, 10),
    )
    lp.refresh_from_db()
    assert lp.source_type == SourceType.WORKFORCE
    assert lp.source_record == evaluation
    assert lp.subgroup == world.jld
    assert list(lp.agencies.all()) == [world.education]
    assert lp.date_identified == dt.date(2026, 3, 10)
    raised = selectors.raised_learning_points(world.membership(world.viewer), Evaluation, [evaluation.pk])
    assert raised[evaluation.pk] == [lp]
    with pytest.raises(services.WorkforceError, match="kept"):
        services.evaluation_delete(evaluation=evaluation)


def test_training_review_attendance_evaluations_and_theme_gaps(world, training):
    from learnloop.testing.factories import LearningPointFactory

    p = world.partnership
    m = world.membership(world.lead)
    neglect = p.themes.get(code="neglect")
    escalation = p.themes.get(code="escalation")
    for _ in range(2):
        LearningPointFactory(partnership=p, date_identified=dt.date(2025, 6, 1)).themes.set([neglect, escalation])
    LearningPointFactory(partnership=p, date_identified=dt.date(2025, 6, 1)).themes.set(
        [p.themes.get(code="chronologies")]
    )
    services.attendance_set(session=training.session, counts={world.education: 5, world.police: 3})
    outcome = training.course.outcomes.first()
    services.evaluation_save(session=training.session, scores={outcome: (2, 5)}, by=world.lead)
    review = selectors.training_review(m, dt.date(2025, 4, 1), dt.date(2026, 3, 31))
    assert review.agencies == ["Education", "Police Scotland"]
    assert review.attendance == [("Neglect practice", [5, 3], 8)]
    assert (review.sessions, review.places, review.total_attended) == (1, 20, 8)
    assert review.evaluations[0][1].change == pytest.approx(3.0)
    # Neglect (2 learning points) is taught; escalation (2) is a gap; chronologies (1) does not recur.
    assert [g.theme.code for g in review.gaps] == ["escalation"]
    assert [(g.theme.code, g.courses) for g in review.addressed] == [("neglect", ["Neglect practice"])]


def test_the_change_in_confidence_is_the_change_between_the_figures_shown():
    from learnloop.workforce.selectors import ConfidenceRow

    # shown as 2.7 (2.65 rounds half up) and 4.0 (4.04): the change shown is +1.3, not 1.39 -> +1.4
    row = ConfidenceRow("All", 10, 2.65, 4.04)
    assert row.change == 1.3
    assert ConfidenceRow("All", 10, 2.0, None).change is None
