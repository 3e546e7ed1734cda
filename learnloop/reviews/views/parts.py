"""A review's parts: agency requests and returns, children, parallel processes, report drafts,
findings, recommendations and the action plan."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from learnloop.accounts.models import Membership
from learnloop.core import audit
from learnloop.core.downloads import file_response
from learnloop.core.models import AuditEntry
from learnloop.core.scoping import member_required, require
from learnloop.reviews import permissions as perms
from learnloop.reviews import selectors, services
from learnloop.reviews.forms import (
    AgencyRequestsForm,
    AgencyReturnForm,
    FindingForm,
    ParallelProcessForm,
    RecommendationForm,
    ReportVersionForm,
    ReviewChildForm,
)
from learnloop.reviews.models import Finding, ParallelProcess, Recommendation, ReviewChild


def _page(request: HttpRequest, m: Membership, review, form, heading: str, submit: str, **extra) -> HttpResponse:
    context = {"m": m, "review": review, "form": form, "heading": heading, "submit": submit, **extra}
    return render(request, "reviews/part_form.html", context)


@member_required
def agency_requests(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    review = selectors.review_get(m, number)
    require(perms.can_edit_review(m, review))
    today = timezone.localdate()
    settings = services.review_settings_for(m.partnership)
    initial = {
        "agencies": list(review.agencies.values_list("pk", flat=True)),
        "due_on": today + dt.timedelta(days=settings.agency_return_days),
    }
    form = AgencyRequestsForm(request.POST or None, membership=m, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            made = services.agency_requests_send(
                review=review,
                agencies=form.cleaned_data["agencies"],
                due_on=form.cleaned_data["due_on"],
                by=request.user,
                today=today,
            )
        except services.ReviewError as error:
            form.add_error("agencies", str(error))
        else:
            messages.success(request, f"{len(made)} agenc{'y' if len(made) == 1 else 'ies'} asked for information.")
            return redirect(review)
    return _page(
        request,
        m,
        review,
        form,
        "Ask agencies for information",
        "Send requests",
        intro="Each agency's lead is asked for a summary of its involvement, a chronology and an initial "
        "reflection: just enough for the CPC to decide.",
    )


@member_required
def agency_return(request: HttpRequest, m: Membership, number: int, pk: int) -> HttpResponse:
    review = selectors.review_get(m, number)
    agency_request = selectors.agency_request_get(m, review, pk)
    may_submit = perms.can_submit_return(m, agency_request) and not agency_request.is_submitted
    require(may_submit or perms.can_read_return(m, agency_request))
    if not may_submit:
        return render(request, "reviews/agency_return.html", {"m": m, "review": review, "r": agency_request})
    form = AgencyReturnForm(request.POST or None, instance=agency_request)
    if request.method == "POST" and form.is_valid():
        try:
            services.agency_return_submit(
                request=agency_request, **form.cleaned_data, by=request.user, today=timezone.localdate()
            )
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{agency_request.agency.name}'s return submitted.")
            return redirect(review)
    return _page(
        request,
        m,
        review,
        form,
        f"{agency_request.agency.name}'s return",
        "Submit the return",
        intro=f"Due by {agency_request.due_on:%-d %B %Y}. Do not name the child or family: use the review's labels.",
    )


@member_required
def child_add(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    review = selectors.review_get(m, number)
    require(perms.can_edit_review(m, review))
    form = ReviewChildForm(request.POST or None, instance=ReviewChild(review=review))
    if request.method == "POST" and form.is_valid():
        try:
            services.review_child_add(child=form.save(commit=False), by=request.user)
        except services.ReviewError as error:
            form.add_error("label", str(error))
        else:
            messages.success(request, "Child added to the review.")
            return redirect(review)
    return _page(
        request,
        m,
        review,
        form,
        "Add a child the review concerns",
        "Add child",
        intro="Never a name: a label, the agency's case reference and an age band.",
    )


@member_required
def process_add(request: HttpRequest, m: Membership, number: int, pk: int | None = None) -> HttpResponse:
    review = selectors.review_get(m, number)
    require(perms.can_edit_review(m, review))
    instance = ParallelProcess(review=review)
    if pk is not None:
        instance = ParallelProcess.objects.filter(review=review, pk=pk).first()
        if instance is None:
            raise Http404
    form = ParallelProcessForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        try:
            services.parallel_process_save(process=form.save(commit=False), by=request.user)
        except services.ReviewError as error:
            form.add_error("ended_on", str(error))
        else:
            messages.success(request, "Parallel process saved.")
            return redirect(review)
    heading = "Record a parallel process" if pk is None else "Update the parallel process"
    return _page(request, m, review, form, heading, "Save")


@member_required
def report_upload(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    review = selectors.review_get(m, number)
    require(perms.can_edit_review(m, review))
    form = ReportVersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        version = services.report_version_add(
            review=review, file=form.cleaned_data["file"], note=form.cleaned_data["note"], by=request.user
        )
        messages.success(request, f"Report version {version.version} uploaded.")
        return redirect(review)
    return _page(request, m, review, form, "Upload a draft of the report", "Upload")


@member_required
def report_download(request: HttpRequest, m: Membership, number: int, version: int) -> HttpResponse:
    review = selectors.review_get(m, number)
    found = review.report_versions.filter(version=version).first()
    latest = review.report_versions.order_by("-version").values_list("version", flat=True).first() or 0
    if found is None or not perms.can_download_report(m, review, found, latest):
        raise Http404
    final = perms.is_final_report(review, found, latest)
    response = file_response(found.file, found.original_filename, found.content_type)
    audit.record(
        event=AuditEntry.Event.DOWNLOAD,
        obj=found,
        partnership=m.partnership,
        detail=f"Downloaded the {'approved report' if final else 'draft report'} of {review.reference}, "
        f"version {found.version}",
    )
    return response


@member_required
def finding_edit(request: HttpRequest, m: Membership, number: int, pk: int | None = None) -> HttpResponse:
    review = selectors.review_get(m, number)
    require(perms.can_edit_review(m, review))
    instance = Finding(review=review) if pk is None else Finding.objects.filter(review=review, pk=pk).first()
    if instance is None:
        raise Http404
    form = FindingForm(request.POST or None, membership=m, instance=instance)
    if request.method == "POST" and form.is_valid():
        services.finding_save(finding=form.save(commit=False), themes=form.cleaned_data["themes"], by=request.user)
        messages.success(request, "Finding saved.")
        return redirect(review)
    return _page(request, m, review, form, "Record a finding" if pk is None else "Edit the finding", "Save finding")


@member_required
def recommendation_edit(request: HttpRequest, m: Membership, number: int, pk: int | None = None) -> HttpResponse:
    review = selectors.review_get(m, number)
    require(perms.can_edit_review(m, review))
    instance = Recommendation(review=review)
    if pk is not None:
        instance = Recommendation.objects.filter(review=review, pk=pk).first()
        if instance is None or instance.action_id:
            raise Http404  # once in the loop, the action is edited there
    form = RecommendationForm(request.POST or None, membership=m, instance=instance, review=review)
    if request.method == "POST" and form.is_valid():
        try:
            services.recommendation_save(recommendation=form.save(commit=False), by=request.user)
        except services.ReviewError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Recommendation saved.")
            return redirect(review)
    return _page(
        request, m, review, form, "Record a recommendation" if pk is None else "Edit the recommendation", "Save"
    )


@require_POST
@member_required
def action_plan_create(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    review = selectors.review_get(m, number)
    require(perms.can_edit_review(m, review))
    try:
        points, actions = services.action_plan_create(review=review, by=request.user, today=timezone.localdate())
    except services.ReviewError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Action plan in the learning loop: {points} learning point{'s' if points != 1 else ''} and "
            f"{actions} action{'s' if actions != 1 else ''} added.",
        )
    return redirect(review)
