"""Demo records for the training programme: a course with sessions, attendance and evaluations,
and a workforce survey imported through the Kobo importer. Idempotent: adds only what is missing."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.ingest import surveys
from learnloop.loop.models import LearningPoint
from learnloop.partnership.models import Agency, Partnership
from learnloop.themes.models import Theme
from learnloop.workforce import importers, services
from learnloop.workforce.models import Course, Evaluation, FeedbackAnswer, FeedbackExercise, Session

DATA = Path(__file__).resolve().parent / "demo_data"
COURSE = "Neglect and cumulative harm: multi-agency practice"
OUTCOMES = [
    "Recognise the signs of neglect and cumulative harm",
    "Use a chronology to see patterns over time",
    "Know when and how to escalate a concern",
]
# (days ago, trainer, venue or "" for online, places, {agency name: attended})
SESSIONS = [
    (
        200,
        "Fiona Baird and DS Karen Moffat",
        "Elgin Town Hall, Committee Room 2",
        30,
        {"Social Work": 9, "Education": 8, "NHS Health": 6, "Police Scotland": 3},
    ),
    (95, "Fiona Baird", "", 40, {"Social Work": 12, "Education": 10, "NHS Health": 9, "Third Sector": 5}),
]
# (agency, [(before, after) per outcome], comment)
EVALUATIONS = [
    (
        "Social Work",
        [(3, 4), (2, 4), (3, 4)],
        "The chronology exercise was the most useful part. I will use it in supervision.",
    ),
    ("Social Work", [(4, 5), (3, 4), (3, 5)], ""),
    (
        "Education",
        [(2, 4), (1, 3), (2, 4)],
        "Teachers are not sure who to escalate to when a social worker disagrees. We need a named contact.",
    ),
    ("Education", [(3, 4), (2, 3), (2, 3)], ""),
    ("NHS Health", [(3, 5), (3, 4), (4, 4)], "Good to hear from police about what they need from health."),
    ("Police Scotland", [(4, 4), (3, 4), (4, 5)], ""),
]
SURVEY = "Practitioner survey: information sharing and escalation"
# A second course and feedback exercise, so that the lists' filters have something to tell apart.
BRIEFING_COURSE = "Information sharing for school staff"
CONSULTATION = "Consultation on the escalation procedure"


def seed(*, partnership: Partnership, say: Callable[[str], None]) -> None:
    lead = Membership.objects.filter(partnership=partnership, role="lead_officer").select_related("user").first()
    by = lead.user if lead else None
    today = timezone.localdate()
    agencies = {a.name: a for a in Agency.objects.filter(partnership=partnership)}
    themes = Theme.objects.filter(partnership=partnership, code__in=["neglect", "chronologies", "escalation"])
    course = Course.objects.filter(partnership=partnership, title=COURSE).first()
    if course is None:
        course = services.course_save(
            course=Course(
                partnership=partnership,
                title=COURSE,
                description="A one-day course for practitioners from every agency, built on the learning from local reviews.",
                audience="Front-line practitioners and first-line managers in all agencies",
                delivery=Course.Delivery.MULTI_AGENCY,
            ),
            outcomes=OUTCOMES,
            themes=themes,
            by=by,
        )
        say(f"Added the course “{COURSE}”.")
    if not Course.objects.filter(partnership=partnership, title=BRIEFING_COURSE).exists():
        services.course_save(
            course=Course(
                partnership=partnership,
                title=BRIEFING_COURSE,
                description="A twilight session for teachers and support staff, run by Education.",
                audience="School staff",
                delivery=Course.Delivery.SINGLE_AGENCY,
                agency=agencies.get("Education"),
            ),
            outcomes=["Know what to share, with whom and when"],
            themes=Theme.objects.filter(partnership=partnership, code="information_sharing"),
            by=by,
        )
        say(f"Added the course “{BRIEFING_COURSE}”.")
    if not FeedbackExercise.objects.filter(partnership=partnership, title=CONSULTATION).exists():
        services.feedback_exercise_save(
            exercise=FeedbackExercise(
                partnership=partnership,
                kind=FeedbackExercise.Kind.CONSULTATION,
                title=CONSULTATION,
                date=dt.date(2026, 2, 16),
                description="Comments from agencies on the draft escalation procedure.",
            ),
            themes=Theme.objects.filter(partnership=partnership, code="escalation"),
            by=by,
        )
        say(f"Added the consultation “{CONSULTATION}”.")
    sessions = list(Session.objects.filter(course=course).order_by("date"))
    if not sessions:
        for days_ago, trainer, venue, places, counts in SESSIONS:
            session = services.session_save(
                session=Session(
                    course=course,
                    date=today - dt.timedelta(days=days_ago),
                    trainer=trainer,
                    mode=Session.Mode.IN_PERSON if venue else Session.Mode.ONLINE,
                    venue=venue,
                    places=places,
                ),
                by=by,
            )
            services.attendance_set(
                session=session, counts={agencies[n]: c for n, c in counts.items() if n in agencies}
            )
            sessions.append(session)
        say(f"Added {len(SESSIONS)} sessions with attendance.")
    first = sessions[0]
    if not Evaluation.objects.filter(session=first).exists():
        outcomes = list(course.outcomes.all())
        for agency_name, scores, comment in EVALUATIONS:
            services.evaluation_save(
                session=first,
                scores=dict(zip(outcomes, scores, strict=True)),
                agency=agencies.get(agency_name),
                comments=comment,
                by=by,
            )
        say(f"Added {len(EVALUATIONS)} evaluations.")
        raised = Evaluation.objects.filter(session=first, comments__icontains="named contact").first()
        if raised and by:
            services.learning_point_raise(
                record=raised,
                title="Teachers do not know who to escalate to",
                description=raised.comments,
                kind=LearningPoint.Kind.IMPROVEMENT,
                themes=Theme.objects.filter(partnership=partnership, code="escalation"),
                by=by,
                today=today,
            )
            say("Raised a learning point from an evaluation comment.")
    exercise = FeedbackExercise.objects.filter(partnership=partnership, title=SURVEY).first()
    if exercise is None:
        exercise = services.feedback_exercise_save(
            exercise=FeedbackExercise(
                partnership=partnership,
                kind=FeedbackExercise.Kind.SURVEY,
                title=SURVEY,
                date=dt.date(2026, 1, 12),
                description="An online survey of practitioners in all agencies, run in KoboToolbox.",
            ),
            themes=Theme.objects.filter(partnership=partnership, code__in=["information_sharing", "escalation"]),
            by=by,
        )
    if not exercise.responses.exists():
        result = importers.import_feedback(
            exercise=exercise, fmt=surveys.KOBO, data=(DATA / "practitioner_survey_kobo.csv").read_bytes(), by=by
        )
        say(f"Imported the practitioner survey: {result.summary()}")
        answer = FeedbackAnswer.objects.filter(response__exercise=exercise, answer__icontains="core groups").first()
        if answer and by:
            services.learning_point_raise(
                record=answer,
                title="Third sector staff are not invited to core groups",
                description=answer.answer,
                kind=LearningPoint.Kind.IMPROVEMENT,
                themes=Theme.objects.filter(partnership=partnership, code="multi_agency_working"),
                by=by,
                today=today,
            )
            say("Raised a learning point from a survey answer.")
