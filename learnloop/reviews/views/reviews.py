"""Reviews: the list, one review and its timeline, stage changes, settings and the overview."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.core import audit
from learnloop.core.lists import Column, ListPage, joined
from learnloop.core.models import AuditEntry
from learnloop.core.scoping import member_required, require
from learnloop.core.text import mid_sentence
from learnloop.reviews import permissions as perms
from learnloop.reviews import selectors, services, stages
from learnloop.reviews.filters import ReviewFilter
from learnloop.reviews.forms import GoBackForm, ReviewForm, ReviewSettingsForm, stage_form_class
from learnloop.reviews.models import Review, Stage


def _review_columns(m: Membership) -> list[Column]:
    settings = services.review_settings_for(m.partnership)
    today = timezone.localdate()

    def deadline(r: Review) -> object:
        return stages.deadline(r, settings) if r.stage != Stage.CLOSED else None

    return [
        Column("Reference", "reference"),
        Column("Title", "title"),
        Column("Kind", "get_kind_display"),
        Column("Stage", "get_stage_display"),
        Column("Stage started", "stage_started_on"),
        Column("Stage deadline", deadline),
        Column("Overdue", lambda r: r.stage != Stage.CLOSED and stages.is_overdue(r, settings, today)),
        Column("Subgroup", "subgroup.short_name"),
        Column("Agencies involved", joined("agencies")),
        Column("Notification received", "notified_on"),
        Column("CPC decision", "get_decision_display"),
        Column("Decision date", "decided_on"),
        Column("Care Inspectorate notified", "ci_notified_on"),
    ]


def _review_page(request: HttpRequest, m: Membership, page: Page) -> dict[str, object]:
    settings = services.review_settings_for(m.partnership)
    today = timezone.localdate()
    for r in page:
        r.deadline = stages.deadline(r, settings) if r.stage != Stage.CLOSED else None
        r.overdue = r.deadline is not None and r.deadline < today
    return {"can_create": perms.can_create_review(m)}


REVIEWS = ListPage(
    url_name="reviews:list",
    template="reviews/review_list.html",
    rows=selectors.review_list,
    filterset=ReviewFilter,
    noun="review",
    filename="reviews",
    columns=_review_columns,
    context=_review_page,
)
review_list = REVIEWS.view


@member_required
def review_create(request: HttpRequest, m: Membership) -> HttpResponse:
    require(perms.can_create_review(m))
    form = ReviewForm(request.POST or None, membership=m, instance=Review(partnership=m.partnership))
    if request.method == "POST" and form.is_valid():
        review = form.save(commit=False)
        try:
            review = services.review_create(
                review=review, agencies=form.cleaned_data["agencies"], by=request.user, today=timezone.localdate()
            )
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{review.get_kind_display()} {review.reference} recorded.")
            return redirect(review)
    return render(request, "reviews/review_form.html", {"m": m, "form": form, "review": None})


@member_required
def review_detail(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    review = selectors.review_get(m, number)
    if review.is_confidential:
        audit.record(event=AuditEntry.Event.VIEW_CONFIDENTIAL, obj=review, partnership=m.partnership)
    today = timezone.localdate()
    page = selectors.review_page(m, review, today)
    order = stages.stages_for(review.kind)
    labels = dict(Stage.choices)
    current = order.index(review.stage) if review.stage in order else len(order)
    steps = [
        (i + 1, labels[s], "done" if i < current else "current" if i == current else "todo")
        for i, s in enumerate(order)
    ]
    latest = max((v.version for v in page.versions), default=0)
    readable = [v for v in page.versions if perms.can_download_report(m, review, v, latest)]
    context = {
        "m": m,
        "review": review,
        "page": page,
        "versions": readable,
        "hidden_drafts": len(page.versions) - len(readable),
        "steps": steps,
        "today": today,
        "requirements": services.stage_requirements(review) if review.stage != Stage.CLOSED else [],
        "can_edit": perms.can_edit_review(m, review),
        "can_complete": perms.can_complete_stage(m, review),
        "can_go_back": perms.can_go_back(m, review) and bool(stages.earlier_stages(review)),
        "can_decide": perms.can_decide(m),
        "see_case_refs": perms.can_see_case_references(m, review),
        "return_for_me": [r for r in page.requests if perms.can_submit_return(m, r) and not r.is_submitted],
        "action_plan_pending": any(f.learning_point_id is None for f in page.findings)
        or any(r.action_id is None for r in page.recommendations),
        "readable_returns": {r.pk for r in page.requests if perms.can_read_return(m, r)},
    }
    return render(request, "reviews/review_detail.html", context)


@member_required
def review_edit(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    review = selectors.review_get(m, number)
    require(perms.can_edit_review(m, review))
    form = ReviewForm(request.POST or None, membership=m, instance=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_update(
                review=form.save(commit=False), agencies=form.cleaned_data["agencies"], by=request.user
            )
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{review.reference} saved.")
            return redirect(review)
    return render(request, "reviews/review_form.html", {"m": m, "form": form, "review": review})


@member_required
def review_stage(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    """Record the current stage and, when it is finished, move the review on."""
    review = selectors.review_get(m, number)
    require(perms.can_complete_stage(m, review))
    form = stage_form_class(review.stage)(request.POST or None, instance=review)
    if request.method == "POST" and form.is_valid():
        today = timezone.localdate()
        stage_label = review.get_stage_display()
        try:
            review = form.save()
            if form.cleaned_data.get("complete"):
                services.review_complete_stage(
                    review=review,
                    by=request.user,
                    today=today,
                    exception_reason=form.cleaned_data.get("exception_reason", ""),
                    closure_forum=form.cleaned_data.get("closure_forum", ""),
                    closure_decided_on=form.cleaned_data.get("closure_decided_on"),
                    closure_reason=form.cleaned_data.get("closure_reason", ""),
                )
        except services.ReviewError as error:
            form.add_error("complete", str(error))
            # What was typed is kept on the form; the record is saved without the move.
        else:
            if form.cleaned_data.get("complete"):
                messages.success(request, f"{stage_label}: done. Now: {mid_sentence(review.get_stage_display())}.")
            else:
                messages.success(request, f"{stage_label}: saved.")
            return redirect(review)
    context = {
        "m": m,
        "review": review,
        "form": form,
        "requirements": services.stage_requirements(review),
        "stage_number": stages.stage_number(review.kind, review.stage),
    }
    if review.stage == Stage.FOLLOW_UP:
        context["open_actions"] = selectors.review_open_actions(m, review)
    return render(request, "reviews/stage_form.html", context)


@member_required
def review_go_back(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    review = selectors.review_get(m, number)
    require(perms.can_go_back(m, review))
    form = GoBackForm(request.POST or None, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.review_go_back(
                review=review,
                stage=form.cleaned_data["stage"],
                reason=form.cleaned_data["reason"],
                by=request.user,
                today=timezone.localdate(),
            )
        except services.ReviewError as error:
            form.add_error("stage", str(error))
        else:
            messages.success(request, f"{review.reference} is back at: {mid_sentence(review.get_stage_display())}.")
            return redirect(review)
    return render(request, "reviews/go_back_form.html", {"m": m, "review": review, "form": form})


@member_required
def review_settings(request: HttpRequest, m: Membership) -> HttpResponse:
    require(perms.can_manage_settings(m))
    current = services.review_settings_for(m.partnership)
    form = ReviewSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.review_settings_save(review_settings=form.save(commit=False), by=request.user)
        messages.success(request, "Review settings saved. Stage deadlines now follow them.")
        return redirect("reviews:settings", m.partnership.slug)
    return render(request, "reviews/settings.html", {"m": m, "form": form})


@member_required
def overview(request: HttpRequest, m: Membership) -> HttpResponse:
    view = selectors.partnership_view(m, timezone.localdate())
    return render(request, "reviews/overview.html", {"m": m, "view": view})
