"""Every write in the training programme and workforce feedback.

Keyword-only, typed and atomic; the audit log is written by the core signals on every save.
Imports live in importers.py and come back here to write.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from learnloop.loop import services as loop_services
from learnloop.loop.models import LearningPoint, SourceType
from learnloop.partnership.models import Agency, Subgroup
from learnloop.workforce.models import (
    Attendance,
    Attendee,
    ConfidenceScore,
    Course,
    Evaluation,
    FeedbackAnswer,
    FeedbackExercise,
    FeedbackResponse,
    LearningOutcome,
    Session,
)
from learnloop.workforce.permissions import SUBGROUP


class WorkforceError(Exception):
    """A rule was broken; the message says which, in the user's words."""


# Courses and sessions ---------------------------------------------------------------------------


@transaction.atomic
def course_save(*, course: Course, outcomes: Sequence[str], themes: Iterable[Any], by: Any = None) -> Course:
    """Save a course and its learning outcomes, in order.

    Outcomes keep their position so that evaluations already made stay attached: an outcome
    whose text changes is edited in place; one that is removed goes only if nobody scored it.
    """
    texts = [t.strip() for t in outcomes if t.strip()]
    if not texts:
        raise WorkforceError("Give at least one learning outcome.")
    if course.delivery == Course.Delivery.SINGLE_AGENCY and course.agency_id is None:
        raise WorkforceError("Choose the agency that runs a single-agency course.")
    if course.delivery == Course.Delivery.MULTI_AGENCY:
        course.agency = None
    if course.pk is None:
        course.created_by = by
    course.save()
    course.themes.set(list(themes))
    existing = {o.position: o for o in LearningOutcome.objects.filter(course=course)}
    for position, text in enumerate(texts, start=1):
        outcome = existing.pop(position, None)
        if outcome is None:
            LearningOutcome.objects.create(course=course, position=position, text=text)
        elif outcome.text != text:
            outcome.text = text
            outcome.save()
    for outcome in existing.values():
        if outcome.scores.exists():
            raise WorkforceError(
                f"Learning outcome {outcome.position} (“{outcome.text}”) already has evaluation scores, so it "
                "cannot be removed. Reword it instead."
            )
        outcome.delete()
    return course


@transaction.atomic
def session_save(*, session: Session, by: Any = None) -> Session:
    if session.mode == Session.Mode.IN_PERSON and not session.venue.strip():
        raise WorkforceError("Give the venue of an in-person session.")
    if session.mode == Session.Mode.ONLINE:
        session.venue = ""
    if session.pk is None:
        session.partnership_id = session.course.partnership_id
        session.created_by = by
    session.save()
    return session


@transaction.atomic
def attendance_set(*, session: Session, counts: Mapping[Agency, int | None]) -> Session:
    """Attendance by agency as counts. Blank or 0 removes the agency's row."""
    if session.keeps_names:
        raise WorkforceError("This session keeps a register: attendance is counted from the named attendees.")
    total = sum(c or 0 for c in counts.values())
    if total > session.places * 2:
        raise WorkforceError(f"{total} attended but only {session.places} places were offered. Check the figures.")
    for agency, count in counts.items():
        row = Attendance.objects.filter(session=session, agency=agency).first()
        if not count:
            if row:
                row.delete()
        elif row is None:
            Attendance.objects.create(session=session, agency=agency, count=count)
        elif row.count != count:
            row.count = count
            row.save()
    return session


def _recount(session: Session) -> None:
    """For a session with a register, attendance by agency is the count of names."""
    counts: dict[int, int] = {}
    for agency_id in Attendee.objects.filter(session=session).values_list("agency_id", flat=True):
        counts[agency_id] = counts.get(agency_id, 0) + 1
    for row in Attendance.objects.filter(session=session):
        count = counts.pop(row.agency_id, 0)
        if count == 0:
            row.delete()
        elif row.count != count:
            row.count = count
            row.save()
    for agency_id, count in counts.items():
        Attendance.objects.create(session=session, agency_id=agency_id, count=count)


@transaction.atomic
def attendee_add(*, session: Session, agency: Agency, name: str, job_title: str = "", by: Any = None) -> Attendee:
    if not session.keeps_names:
        raise WorkforceError("This session records attendance as counts, not names.")
    if not name.strip():
        raise WorkforceError("Enter the attendee's name.")
    attendee = Attendee.objects.create(
        partnership_id=session.partnership_id,
        session=session,
        agency=agency,
        name=name.strip(),
        job_title=job_title.strip(),
        created_by=by,
    )
    _recount(session)
    return attendee


@transaction.atomic
def attendee_remove(*, attendee: Attendee) -> None:
    session = attendee.session
    attendee.delete()
    _recount(session)


# Evaluations ------------------------------------------------------------------------------------


def _check_score(value: Any, what: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5:
        raise WorkforceError(f"{what} must be a whole number from 1 to 5.")
    return value


@transaction.atomic
def evaluation_save(
    *,
    session: Session,
    scores: Mapping[LearningOutcome, tuple[int, int]],
    agency: Agency | None = None,
    comments: str = "",
    origin: str = Evaluation.Origin.ENTERED,
    source_key: str = "",
    by: Any = None,
) -> Evaluation:
    """One attendee's evaluation: confidence before and after on each outcome, and comments."""
    for outcome, (before, after) in scores.items():
        if outcome.course_id != session.course_id:
            raise WorkforceError("A score is for a learning outcome of another course.")
        _check_score(before, f"Confidence before on outcome {outcome.position}")
        _check_score(after, f"Confidence after on outcome {outcome.position}")
    if not scores and not comments.strip():
        raise WorkforceError("Give confidence scores or a comment.")
    evaluation = Evaluation.objects.create(
        partnership_id=session.partnership_id,
        session=session,
        agency=agency,
        comments=comments.strip(),
        origin=origin,
        source_key=source_key,
        created_by=by,
    )
    ConfidenceScore.objects.bulk_create(
        [ConfidenceScore(evaluation=evaluation, outcome=o, before=b, after=a) for o, (b, a) in scores.items()]
    )
    return evaluation


@transaction.atomic
def evaluation_delete(*, evaluation: Evaluation) -> None:
    if evaluation_learning_points_exist(evaluation):
        raise WorkforceError("A learning point was raised from this evaluation, so it is kept.")
    evaluation.delete()


def evaluation_learning_points_exist(evaluation: Evaluation) -> bool:
    from django.contrib.contenttypes.models import ContentType

    ct = ContentType.objects.get_for_model(Evaluation)
    return LearningPoint.objects.filter(source_record_type=ct, source_record_id=evaluation.pk).exists()


# Workforce feedback -------------------------------------------------------------------------------


@transaction.atomic
def feedback_exercise_save(*, exercise: FeedbackExercise, themes: Iterable[Any], by: Any = None) -> FeedbackExercise:
    if exercise.pk is None:
        exercise.created_by = by
    exercise.save()
    exercise.themes.set(list(themes))
    return exercise


@transaction.atomic
def feedback_response_save(
    *,
    exercise: FeedbackExercise,
    answers: Sequence[tuple[str, str]],
    agency: Agency | None = None,
    submitted_at: dt.datetime | None = None,
    origin: str = Evaluation.Origin.ENTERED,
    source_key: str = "",
    by: Any = None,
) -> FeedbackResponse:
    """One response: its answers, question by question, in order. Blank answers are not kept."""
    kept = [(q.strip()[:500], a.strip()) for q, a in answers if q.strip() and a.strip()]
    if not kept:
        raise WorkforceError("Enter at least one answer.")
    response = FeedbackResponse.objects.create(
        partnership_id=exercise.partnership_id,
        exercise=exercise,
        agency=agency,
        submitted_at=submitted_at or timezone.now(),
        origin=origin,
        source_key=source_key,
        created_by=by,
    )
    for position, (question, answer) in enumerate(kept, start=1):
        FeedbackAnswer.objects.create(response=response, position=position, question=question, answer=answer)
    return response


# Feeding the loop ---------------------------------------------------------------------------------


def _jld(partnership_id: int) -> Subgroup | None:
    return Subgroup.objects.filter(partnership_id=partnership_id, responsibility=SUBGROUP).first()


@transaction.atomic
def learning_point_raise(
    *,
    record: Evaluation | FeedbackAnswer,
    title: str,
    description: str,
    kind: str,
    themes: Iterable[Any],
    by: Any,
    today: dt.date | None = None,
) -> LearningPoint:
    """Raise a learning point from an evaluation comment or a survey answer, linked back to it."""
    today = today or timezone.localdate()
    if not title.strip() or not description.strip():
        raise WorkforceError("Give the learning point a title and say what was learned.")
    if isinstance(record, Evaluation):
        partnership = record.session.course.partnership
        source_title = f"Evaluation of {record.session.course.title}"
        source_date = record.session.date
        agencies = [record.agency] if record.agency_id else []
    else:
        exercise = record.response.exercise
        partnership = exercise.partnership
        source_title = f"{exercise.get_kind_display()}: {exercise.title}"
        source_date = exercise.date
        agencies = [record.response.agency] if record.response.agency_id else []
    lp = LearningPoint(
        partnership=partnership,
        title=title.strip()[:200],
        description=description.strip(),
        kind=kind,
        source_type=SourceType.WORKFORCE,
        source_title=source_title[:300],
        source_date=source_date,
        date_identified=today,
        subgroup=_jld(partnership.pk),
    )
    lp.source_record = record
    return loop_services.learning_point_save(learning_point=lp, themes=themes, agencies=agencies, by=by)
