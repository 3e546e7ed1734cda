"""Every read of the training programme and workforce feedback, scoped to the member's partnership.

Named attendees are read only through `attendees_for`, which returns nothing to a member who
may not see them.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db.models import Avg, Count, IntegerField, OuterRef, Prefetch, QuerySet, Subquery, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from learnloop.accounts.models import Membership
from learnloop.loop.models import LearningPoint
from learnloop.loop.selectors import learning_points_visible
from learnloop.partnership.models import Partnership
from learnloop.workforce.models import (
    Attendance,
    Attendee,
    ConfidenceScore,
    Course,
    Evaluation,
    FeedbackAnswer,
    FeedbackExercise,
    FeedbackResponse,
    Session,
)
from learnloop.workforce.permissions import can_see_attendee_names


def _attended_subquery(**filters: Any) -> Subquery:
    return Subquery(
        Attendance.objects.filter(**filters)
        .order_by()
        .values("session__course" if "session__course" in filters else "session")
        .annotate(total=Sum("count"))
        .values("total")[:1],
        output_field=IntegerField(),
    )


# Courses --------------------------------------------------------------------------------------------


def course_list(m: Membership) -> QuerySet[Course]:
    sessions = (
        Session.objects.filter(course=OuterRef("pk"))
        .order_by()
        .values("course")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        Course.objects.filter(partnership_id=m.partnership_id)
        .select_related("agency")
        .prefetch_related("themes", "outcomes")
        .annotate(
            session_count=Coalesce(Subquery(sessions, output_field=IntegerField()), 0),
            attended=Coalesce(_attended_subquery(session__course=OuterRef("pk")), 0),
        )
        .distinct()
        .order_by("title")
    )


def course_get(m: Membership, pk: int) -> Course:
    course = (
        Course.objects.filter(partnership_id=m.partnership_id, pk=pk)
        .select_related("agency", "partnership")
        .prefetch_related("themes", "outcomes")
        .first()
    )
    if course is None:
        raise Http404("No such course.")
    return course


# Sessions ---------------------------------------------------------------------------------------------


def session_list(m: Membership) -> QuerySet[Session]:
    evaluations = (
        Evaluation.objects.filter(session=OuterRef("pk"))
        .order_by()
        .values("session")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        Session.objects.filter(partnership_id=m.partnership_id)
        .select_related("course", "partnership")
        .prefetch_related(Prefetch("attendance", queryset=Attendance.objects.select_related("agency")))
        .annotate(
            attended=Coalesce(_attended_subquery(session=OuterRef("pk")), 0),
            evaluation_count=Coalesce(Subquery(evaluations, output_field=IntegerField()), 0),
        )
        .distinct()
        .order_by("-date", "-id")
    )


def session_get(m: Membership, pk: int) -> Session:
    session = session_list(m).filter(pk=pk).first()
    if session is None:
        raise Http404("No such session.")
    return session


def attendees_for(m: Membership, session: Session) -> list[Attendee]:
    if not can_see_attendee_names(m):
        return []
    return list(Attendee.objects.filter(session=session, partnership_id=m.partnership_id).select_related("agency"))


def attendee_get(m: Membership, session: Session, pk: int) -> Attendee:
    attendee = next((a for a in attendees_for(m, session) if a.pk == pk), None)
    if attendee is None:
        raise Http404
    return attendee


def evaluations_for(m: Membership, session: Session) -> list[Evaluation]:
    return list(
        Evaluation.objects.filter(session=session, partnership_id=m.partnership_id)
        .select_related("agency")
        .prefetch_related(Prefetch("scores", queryset=ConfidenceScore.objects.select_related("outcome")))
        .order_by("created_at", "id")
    )


def evaluation_get(m: Membership, pk: int) -> Evaluation:
    evaluation = (
        Evaluation.objects.filter(partnership_id=m.partnership_id, pk=pk)
        .select_related("session__course__partnership", "agency")
        .first()
    )
    if evaluation is None:
        raise Http404("No such evaluation.")
    return evaluation


# Confidence before and after ------------------------------------------------------------------------------


@dataclass
class ConfidenceRow:
    label: str
    respondents: int
    before: float | None
    after: float | None

    @property
    def change(self) -> float | None:
        """After minus before, as the shown (one-decimal) figures give it: 2.7 to 4.0 is +1.3."""
        if self.before is None or self.after is None:
            return None
        return float(one_decimal(self.after) - one_decimal(self.before))


def one_decimal(value: float) -> Decimal:
    """A mean as it is shown: one decimal place, halves rounded up (as the |floatformat:1 filter)."""
    return Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


@dataclass
class ConfidenceSummary:
    by_agency: list[ConfidenceRow]
    by_outcome: list[ConfidenceRow]
    overall: ConfidenceRow


def _row(label: str, values: dict[str, Any]) -> ConfidenceRow:
    return ConfidenceRow(label, values["respondents"] or 0, values["before"], values["after"])


def confidence_summary(
    m: Membership, course: Course, start: dt.date | None = None, end: dt.date | None = None
) -> ConfidenceSummary:
    """Mean confidence before and after, across every outcome, by agency and by outcome.

    Each score is one person's confidence on one outcome; the mean is over scores, so a person
    who scored three outcomes counts three times in the means and once in `respondents`.
    """
    scores = ConfidenceScore.objects.filter(
        evaluation__partnership_id=m.partnership_id, evaluation__session__course=course
    )
    if start:
        scores = scores.filter(evaluation__session__date__gte=start)
    if end:
        scores = scores.filter(evaluation__session__date__lte=end)
    measures = {
        "respondents": Count("evaluation", distinct=True),
        "before": Avg("before"),
        "after": Avg("after"),
    }
    by_agency = [
        _row(v["evaluation__agency__name"] or "Agency not stated", v)
        for v in scores.order_by()
        .values("evaluation__agency__name")
        .annotate(**measures)
        .order_by("evaluation__agency__name")
    ]
    by_outcome = [
        _row(f"{v['outcome__position']}. {v['outcome__text']}", v)
        for v in scores.order_by()
        .values("outcome__position", "outcome__text")
        .annotate(**measures)
        .order_by("outcome__position")
    ]
    overall = _row("All agencies", scores.aggregate(**measures))
    return ConfidenceSummary(by_agency, by_outcome, overall)


# The annual training review -----------------------------------------------------------------------------


@dataclass
class ThemeGap:
    theme: Any
    learning_points: int
    courses: list[str] = field(default_factory=list)


@dataclass
class TrainingReview:
    start: dt.date
    end: dt.date
    agencies: list[str]
    attendance: list[tuple[str, list[int], int]]  # course title, count per agency, total
    agency_totals: list[int]
    total_attended: int
    sessions: int
    places: int
    evaluations: list[tuple[str, ConfidenceRow]]
    recurring: list[ThemeGap]
    min_recurrence: int

    @property
    def gaps(self) -> list[ThemeGap]:
        return [g for g in self.recurring if not g.courses]

    @property
    def addressed(self) -> list[ThemeGap]:
        return [g for g in self.recurring if g.courses]

    @property
    def fill_rate(self) -> float | None:
        return self.total_attended / self.places if self.places else None


def training_review(m: Membership, start: dt.date, end: dt.date, min_recurrence: int = 2) -> TrainingReview:
    """Attendance by agency and course, evaluation results, and gaps against recurring themes.

    A theme recurs when it is tagged on at least `min_recurrence` learning points identified in
    the period; it is a gap when no course in the current programme carries it.
    """
    attendance = (
        Attendance.objects.filter(
            session__partnership_id=m.partnership_id, session__date__gte=start, session__date__lte=end
        )
        .order_by()
        .values("session__course__title", "agency__name")
        .annotate(total=Sum("count"))
    )
    cells: dict[str, dict[str, int]] = defaultdict(dict)
    agency_names: set[str] = set()
    for row in attendance:
        cells[row["session__course__title"]][row["agency__name"]] = row["total"]
        agency_names.add(row["agency__name"])
    agencies = sorted(agency_names)
    matrix = []
    for course in sorted(cells):
        counts = [cells[course].get(a, 0) for a in agencies]
        matrix.append((course, counts, sum(counts)))
    agency_totals = [sum(row[1][i] for row in matrix) for i in range(len(agencies))]
    sessions = Session.objects.filter(partnership_id=m.partnership_id, date__gte=start, date__lte=end).aggregate(
        n=Count("pk"), places=Coalesce(Sum("places"), 0)
    )
    scores = (
        ConfidenceScore.objects.filter(
            evaluation__partnership_id=m.partnership_id,
            evaluation__session__date__gte=start,
            evaluation__session__date__lte=end,
        )
        .order_by()
        .values("evaluation__session__course__title")
        .annotate(respondents=Count("evaluation", distinct=True), before=Avg("before"), after=Avg("after"))
        .order_by("evaluation__session__course__title")
    )
    evaluations = [
        (v["evaluation__session__course__title"], _row(v["evaluation__session__course__title"], v)) for v in scores
    ]
    theme_counts: Counter[int] = Counter()
    themes_by_id: dict[int, Any] = {}
    lps = (
        learning_points_visible(m)
        .filter(date_identified__gte=start, date_identified__lte=end)
        .prefetch_related("themes")
    )
    for lp in lps:
        for theme in lp.themes.all():
            theme_counts[theme.pk] += 1
            themes_by_id[theme.pk] = theme
    courses_by_theme: dict[int, list[str]] = defaultdict(list)
    for course in Course.objects.filter(partnership_id=m.partnership_id, is_active=True).prefetch_related("themes"):
        for theme in course.themes.all():
            courses_by_theme[theme.pk].append(course.title)
    recurring = [
        ThemeGap(themes_by_id[pk], count, sorted(courses_by_theme.get(pk, [])))
        for pk, count in theme_counts.items()
        if count >= min_recurrence
    ]
    recurring.sort(key=lambda g: (-g.learning_points, g.theme.name))
    return TrainingReview(
        start=start,
        end=end,
        agencies=agencies,
        attendance=matrix,
        agency_totals=agency_totals,
        total_attended=sum(agency_totals),
        sessions=sessions["n"],
        places=sessions["places"],
        evaluations=evaluations,
        recurring=recurring,
        min_recurrence=min_recurrence,
    )


# Workforce feedback ---------------------------------------------------------------------------------------


def feedback_list(m: Membership) -> QuerySet[FeedbackExercise]:
    responses = (
        FeedbackResponse.objects.filter(exercise=OuterRef("pk"))
        .order_by()
        .values("exercise")
        .annotate(n=Count("pk"))
        .values("n")[:1]
    )
    return (
        FeedbackExercise.objects.filter(partnership_id=m.partnership_id)
        .prefetch_related("themes")
        .annotate(response_count=Coalesce(Subquery(responses, output_field=IntegerField()), 0))
        .distinct()
        .order_by("-date", "-id")
    )


def feedback_get(m: Membership, pk: int) -> FeedbackExercise:
    exercise = feedback_list(m).filter(pk=pk).first()
    if exercise is None:
        raise Http404("No such feedback exercise.")
    return exercise


def feedback_responses(m: Membership, exercise: FeedbackExercise) -> QuerySet[FeedbackResponse]:
    return (
        FeedbackResponse.objects.filter(exercise=exercise, partnership_id=m.partnership_id)
        .select_related("agency")
        .prefetch_related("answers")
        .order_by("submitted_at", "id")
    )


def answer_get(m: Membership, pk: int) -> FeedbackAnswer:
    answer = (
        FeedbackAnswer.objects.filter(response__partnership_id=m.partnership_id, pk=pk)
        .select_related("response__exercise__partnership", "response__agency")
        .first()
    )
    if answer is None:
        raise Http404("No such answer.")
    return answer


# Links to the loop --------------------------------------------------------------------------------------------


def raised_learning_points(m: Membership, model: type, ids: list[int]) -> dict[int, list[LearningPoint]]:
    """The learning points (that the member may see) raised from each of these records."""
    if not ids:
        return {}
    ct = ContentType.objects.get_for_model(model)
    found: dict[int, list[LearningPoint]] = defaultdict(list)
    for lp in (
        learning_points_visible(m).filter(source_record_type=ct, source_record_id__in=ids).select_related("partnership")
    ):
        found[lp.source_record_id].append(lp)
    return dict(found)


# The home page ---------------------------------------------------------------------------------------------------


def home_summary(m: Membership, today: dt.date, days: int = 30) -> dict[str, Any]:
    since = today - dt.timedelta(days=days)
    upcoming = list(
        Session.objects.filter(partnership_id=m.partnership_id, date__gte=today)
        .select_related("course", "partnership")
        .order_by("date")[:3]
    )
    recent = Evaluation.objects.filter(partnership_id=m.partnership_id, created_at__date__gte=since)
    new_comments = list(
        recent.exclude(comments="")
        .select_related("session__course", "partnership", "agency")
        .order_by("-created_at")[:3]
    )
    responses = FeedbackResponse.objects.filter(partnership_id=m.partnership_id, created_at__date__gte=since)

    def count(items: QuerySet[Any]) -> Coalesce:
        per_partnership = items.order_by().values("partnership_id").annotate(n=Count("pk")).values("n")
        return Coalesce(Subquery(per_partnership), 0)

    # Both counts in one query.
    counts = (
        Partnership.objects.filter(pk=m.partnership_id)
        .values(evaluations=count(recent), responses=count(responses))
        .first()
    ) or {"evaluations": 0, "responses": 0}
    return {
        "upcoming": upcoming,
        "new_evaluations": counts["evaluations"],
        "new_comments": new_comments,
        "new_responses": counts["responses"],
        "days": days,
    }
