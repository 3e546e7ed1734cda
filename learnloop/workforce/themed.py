"""Workforce feedback exercises as themed records (core.registry), so workforce is a source in its own right.

An exercise (survey, consultation, briefing event) carries the themes it was tagged with. Themes
already raised as learning points from its answers count once, as those learning points, and
are left out here. Feedback exercises are open to every member of the partnership.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse

from learnloop.accounts.models import Membership
from learnloop.core.registry import ThemedRecord, ThemedRecordProvider
from learnloop.loop.themed import raised_themes
from learnloop.workforce.models import FeedbackAnswer, FeedbackExercise


def _raised_by_exercise(ids: list[int]) -> dict[int, set[str]]:
    """The themes already raised as learning points from each exercise's answers."""
    raised_by_answer = raised_themes(
        FeedbackAnswer, FeedbackAnswer.objects.filter(response__exercise_id__in=ids).values("pk")
    )
    raised: dict[int, set[str]] = defaultdict(set)
    if raised_by_answer:
        for answer_id, exercise_id in FeedbackAnswer.objects.filter(pk__in=list(raised_by_answer)).values_list(
            "id", "response__exercise_id"
        ):
            raised[exercise_id] |= raised_by_answer[answer_id]
    return raised


def feedback_records(m: Membership, start: dt.date | None, end: dt.date | None) -> list[ThemedRecord]:
    qs = FeedbackExercise.objects.filter(partnership_id=m.partnership_id)
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    rows = list(qs.order_by("date", "id").values("id", "title", "date", "description"))
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    themes: dict[int, set[str]] = defaultdict(set)
    for exercise_id, code in FeedbackExercise.themes.through.objects.filter(feedbackexercise_id__in=ids).values_list(
        "feedbackexercise_id", "theme__code"
    ):
        themes[exercise_id].add(code)
    raised = _raised_by_exercise(ids)
    base = reverse("workforce:feedback", args=[m.partnership.slug, 1])[: -len("1/")]
    records = []
    for row in rows:
        codes = themes.get(row["id"], set()) - raised.get(row["id"], set())
        if not codes:
            continue
        records.append(
            ThemedRecord(
                source="workforce",
                reference=f"WF-{row['id']:04d}",
                title=row["title"],
                date=row["date"],
                themes=tuple(sorted(codes)),
                url=f"{base}{row['id']}/",
                text=f"{row['title']}. {row['description']}",
            )
        )
    return records


def feedback_records_across(
    partnership_ids: list[int], start: dt.date | None, end: dt.date | None
) -> list[ThemedRecord]:
    """Feedback exercises (open to every member) of many partnerships at once, in four queries."""
    qs = FeedbackExercise.objects.filter(partnership_id__in=partnership_ids)
    if start is not None:
        qs = qs.filter(date__gte=start)
    if end is not None:
        qs = qs.filter(date__lte=end)
    rows = list(qs.values("id", "partnership_id", "title", "date"))
    if not rows:
        return []
    ids = [row["id"] for row in rows]
    themes: dict[int, set[str]] = defaultdict(set)
    for exercise_id, code in FeedbackExercise.themes.through.objects.filter(feedbackexercise_id__in=ids).values_list(
        "feedbackexercise_id", "theme__code"
    ):
        themes[exercise_id].add(code)
    raised = _raised_by_exercise(ids)
    records = []
    for row in rows:
        codes = themes.get(row["id"], set()) - raised.get(row["id"], set())
        if codes:
            records.append(
                ThemedRecord(
                    source="workforce",
                    reference=f"WF-{row['id']:04d}",
                    title=row["title"],
                    date=row["date"],
                    themes=tuple(sorted(codes)),
                    partnership_id=row["partnership_id"],
                )
            )
    return records


PROVIDER = ThemedRecordProvider(
    key="workforce_feedback", title="Workforce feedback", records=feedback_records, across=feedback_records_across
)
