"""The training and feedback lists' filters, and the feedback download of one row a response."""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

from django.urls import reverse

from learnloop.workforce import selectors, services
from learnloop.workforce.filters import CourseFilter, SessionFilter
from learnloop.workforce.models import Attendance, Course, FeedbackExercise, Session


def _filtered(filterset, world, data):
    m = world.membership(world.lead)
    rows = {CourseFilter: selectors.course_list, SessionFilter: selectors.session_list}[filterset](m)
    return list(filterset(data, rows, membership=m).qs)


def test_only_current_courses_when_ticked(world, training):
    retired = services.course_save(
        course=Course(partnership=world.partnership, title="Old course", audience="All", is_active=False),
        outcomes=["Know the old procedure"],
        themes=[],
        by=world.lead,
    )
    assert set(_filtered(CourseFilter, world, {})) == {training.course, retired}
    assert _filtered(CourseFilter, world, {"current": "on"}) == [training.course]
    assert set(_filtered(CourseFilter, world, {"current": ""})) == {training.course, retired}


def test_sessions_between_two_dates_in_day_month_year_boxes(world, training):
    later = services.session_save(
        session=Session(course=training.course, date=dt.date(2026, 9, 1), trainer="T", mode="online", places=5)
    )
    spring = {"date_from_day": "1", "date_from_month": "3", "date_from_year": "2026"}
    spring |= {"date_to_day": "31", "date_to_month": "3", "date_to_year": "2026"}
    assert _filtered(SessionFilter, world, spring) == [training.session]
    assert _filtered(SessionFilter, world, {"date_from": "2026-09-01"}) == [later]
    # A half-typed date is shown as an error and left out; the other filters still apply.
    half = {"date_from_day": "1", "date_from_year": "2026", "course": str(training.course.pk)}
    m = world.membership(world.lead)
    filterset = SessionFilter(half, selectors.session_list(m), membership=m)
    assert set(filterset.qs) == {training.session, later}
    assert "date_from" in filterset.form.errors


def test_sessions_by_an_attending_agency_once_each(world, training):
    Attendance.objects.create(session=training.session, agency=world.police, count=3)
    Attendance.objects.create(session=training.session, agency=world.education, count=2)
    assert _filtered(SessionFilter, world, {"agency": str(world.police.pk)}) == [training.session]
    assert _filtered(SessionFilter, world, {"agency": str(world.social_work.pk)}) == []


def test_choices_are_the_members_own_partnership(world, training):
    m = world.membership(world.lead)
    form = SessionFilter(None, selectors.session_list(m), membership=m).form
    agencies = set(form.fields["agency"].queryset)
    assert agencies and all(a.partnership_id == world.partnership.pk for a in agencies)
    assert set(form.fields["course"].queryset) == {training.course}


def test_feedback_download_holds_one_row_a_response_with_answers_as_columns(client, world):
    exercise = services.feedback_exercise_save(
        exercise=FeedbackExercise(
            partnership=world.partnership, kind="survey", title="Staff survey", date=dt.date(2026, 1, 5)
        ),
        themes=[],
    )
    services.feedback_response_save(
        exercise=exercise,
        answers=[("What helps?", "Joint visits"), ("What gets in the way?", "Caseloads")],
        by=world.lead,
    )
    services.feedback_response_save(exercise=exercise, answers=[("What helps?", "Supervision")], by=world.lead)
    client.force_login(world.viewer)
    address = reverse("workforce:feedback", args=["glen", exercise.pk])
    shown = int(re.search(r'id="result-count"[^>]*>\s*(\d+)', client.get(address).content.decode()).group(1))
    rows = list(csv.reader(io.StringIO(client.get(address + "?export=csv").content.decode("utf-8-sig"))))
    assert rows[0] == ["Response", "Submitted", "Agency", "What helps?", "What gets in the way?"]
    assert len(rows) - 1 == shown == 2
    assert sorted(r[3:] for r in rows[1:]) == [["Joint visits", "Caseloads"], ["Supervision", ""]]
