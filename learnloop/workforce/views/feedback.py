"""Workforce feedback (surveys, consultations, briefing-event feedback) and raising learning from it."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from learnloop.accounts.models import Membership
from learnloop.core.exports import export_response
from learnloop.core.lists import Column, ListPage, joined
from learnloop.core.pagination import paginate
from learnloop.core.scoping import member_required, require
from learnloop.ingest import staging, surveys
from learnloop.loop.models import LearningPoint
from learnloop.workforce import importers, selectors, services
from learnloop.workforce.filters import FeedbackFilter
from learnloop.workforce.forms import (
    FeedbackExerciseForm,
    FeedbackResponseForm,
    RaiseLearningPointForm,
    SurveyImportForm,
)
from learnloop.workforce.models import Evaluation, FeedbackAnswer, FeedbackExercise, FeedbackResponse
from learnloop.workforce.permissions import can_raise_learning_point, can_run_training

FEEDBACK = ListPage(
    url_name="workforce:feedback_list",
    template="workforce/feedback_list.html",
    rows=selectors.feedback_list,
    filterset=FeedbackFilter,
    noun="feedback exercise",
    filename="workforce-feedback",
    what="workforce feedback",
    columns=[
        Column("Kind", "get_kind_display"),
        Column("Title", "title"),
        Column("Date", "date"),
        Column("Themes", joined("themes")),
        Column("Responses", "response_count"),
    ],
    context=lambda request, m, page: {"can_edit": can_run_training(m)},
)
feedback_list = FEEDBACK.view


def _responses_export(
    m: Membership, exercise: FeedbackExercise, responses: list[FeedbackResponse], fmt: str
) -> HttpResponse:
    """One row a response, as the page counts them, with a column for each question asked."""
    positions: dict[str, int] = {}
    for r in responses:
        for a in r.answers.all():
            positions.setdefault(a.question, a.position)
    questions = sorted(positions, key=positions.__getitem__)  # in the order asked; ties as first seen

    def row(r: FeedbackResponse) -> list[Any]:
        answers = {a.question: a.answer for a in r.answers.all()}
        return [r.source_key or r.pk, r.submitted_at, r.agency.name if r.agency else ""] + [
            answers.get(q, "") for q in questions
        ]

    return export_response(
        fmt=fmt,
        filename=f"feedback-{exercise.pk}",
        partnership=m.partnership,
        what="feedback responses",
        headers=["Response", "Submitted", "Agency", *questions],
        rows=(row(r) for r in responses),
    )


@member_required
def feedback_detail(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    exercise = selectors.feedback_get(m, pk)
    responses = selectors.feedback_responses(m, exercise)
    fmt = request.GET.get("export")
    if fmt in {"csv", "xlsx"}:
        return _responses_export(m, exercise, list(responses), fmt)
    page = paginate(request, responses)
    answer_ids = [a.pk for r in page for a in r.answers.all()]
    return render(
        request,
        "workforce/feedback_detail.html",
        {
            "m": m,
            "exercise": exercise,
            "page": page,
            "raised": selectors.raised_learning_points(m, FeedbackAnswer, answer_ids),
            "can_edit": can_run_training(m),
            "can_raise": can_raise_learning_point(m),
        },
    )


def _exercise_form(request: HttpRequest, m: Membership, exercise: FeedbackExercise) -> HttpResponse:
    if FeedbackExerciseForm.wants_suggestions(request):
        form, suggestions = FeedbackExerciseForm.with_suggestions(request, m, instance=exercise)
        context = {"m": m, "form": form, "exercise": exercise, "suggestions": suggestions, "suggested": True}
        return render(request, "workforce/feedback_form.html", context)
    form = FeedbackExerciseForm(request.POST or None, membership=m, instance=exercise)
    if request.method == "POST" and form.is_valid():
        exercise = services.feedback_exercise_save(
            exercise=form.save(commit=False), themes=form.cleaned_data["themes"], by=request.user
        )
        messages.success(request, f"“{exercise.title}” saved.")
        return redirect(exercise)
    return render(request, "workforce/feedback_form.html", {"m": m, "form": form, "exercise": exercise})


@member_required
def feedback_create(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_run_training(m))
    return _exercise_form(request, m, FeedbackExercise(partnership=m.partnership))


@member_required
def feedback_edit(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_run_training(m))
    return _exercise_form(request, m, selectors.feedback_get(m, pk))


@member_required
def feedback_import(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_run_training(m))
    exercise = selectors.feedback_get(m, pk)
    form = SurveyImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        staged = staging.stage(
            m=m,
            kind="workforce:feedback",
            target_id=exercise.pk,
            # Read at once: names and e-mail addresses are dropped before anything is kept.
            prepared=surveys.prepare(form.cleaned_data["source"], form.cleaned_data["file"]),
            filename=request.FILES["file"].name,
            options={"source": form.cleaned_data["source"]},
        )
        return redirect("workforce:feedback_import_check", m.partnership.slug, exercise.pk, staged.token)
    return render(request, "workforce/feedback_import.html", {"m": m, "form": form, "exercise": exercise})


@member_required
def feedback_import_check(request: HttpRequest, m: Membership, pk: int, token: str) -> HttpResponse:
    """What the uploaded responses would add; nothing is imported until the member accepts."""
    require(can_run_training(m))
    exercise = selectors.feedback_get(m, pk)
    staged = staging.get(m, token, kind="workforce:feedback", target_id=exercise.pk)
    fmt = staged.options["source"]

    def check(data: dict) -> staging.Check:
        return importers.import_feedback(exercise=exercise, fmt=fmt, data=data, by=request.user, dry_run=True).check()

    def run(data: dict, good_only: bool) -> str:
        result = importers.import_feedback(exercise=exercise, fmt=fmt, data=data, by=request.user, skip_bad=good_only)
        if not result.created and result.errors:
            raise staging.NotAccepted(f"Nothing was imported: {len(result.errors)} problems in the file.")
        messages.success(request, f"Feedback: {result.summary()}")
        for note in result.skipped:
            messages.info(request, note)
        return exercise.get_absolute_url()

    upload_url = reverse("workforce:feedback_import", args=[m.partnership.slug, exercise.pk])
    return staging.check_page(
        request,
        m,
        staged,
        check=check,
        run=run,
        caption=f"Import responses to {exercise}",
        back_url=upload_url,
        upload_url=upload_url,
    )


@member_required
def feedback_response_create(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_run_training(m))
    exercise = selectors.feedback_get(m, pk)
    questions = list(
        FeedbackAnswer.objects.filter(response__exercise=exercise)
        .order_by("position")
        .values_list("question", flat=True)
        .distinct()[:8]
    )
    questions = list(dict.fromkeys(questions))
    form = FeedbackResponseForm(request.POST or None, membership=m, questions=questions)
    if request.method == "POST" and form.is_valid():
        services.feedback_response_save(
            exercise=exercise, answers=form.answers(), agency=form.cleaned_data["agency"], by=request.user
        )
        messages.success(request, "Response recorded.")
        return redirect(exercise)
    return render(request, "workforce/feedback_response_form.html", {"m": m, "form": form, "exercise": exercise})


# Raising a learning point in one step ---------------------------------------------------------------------


def _raise(request: HttpRequest, m: Membership, record: Evaluation | FeedbackAnswer, context: dict) -> HttpResponse:
    require(can_raise_learning_point(m))
    text = record.comments if isinstance(record, Evaluation) else record.answer
    themes = (
        record.session.course.themes.all() if isinstance(record, Evaluation) else record.response.exercise.themes.all()
    )
    initial = {
        "title": text.split("\n", 1)[0][:120],
        "description": text,
        "kind": LearningPoint.Kind.IMPROVEMENT,
        "themes": [t.pk for t in themes],
    }
    form = RaiseLearningPointForm(request.POST or None, membership=m, initial=initial)
    if request.method == "POST" and form.is_valid():
        lp = services.learning_point_raise(record=record, by=request.user, **form.cleaned_data)
        messages.success(request, f"Learning point {lp.reference} raised. It is awaiting approval.")
        return redirect(lp)
    return render(request, "workforce/raise_form.html", {"m": m, "form": form, "text": text, **context})


@member_required
def evaluation_raise(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    evaluation = selectors.evaluation_get(m, pk)
    return _raise(
        request,
        m,
        evaluation,
        {"back": evaluation.get_absolute_url(), "source": f"A comment in an evaluation of {evaluation.session}"},
    )


@member_required
def answer_raise(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    answer = selectors.answer_get(m, pk)
    return _raise(
        request,
        m,
        answer,
        {"back": answer.get_absolute_url(), "source": f"An answer to “{answer.question}” ({answer.response.exercise})"},
    )
