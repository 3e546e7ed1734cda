"""Uploading extracts and following their checks and loading."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.accounts.models import Membership
from learnloop.core.pagination import paginate
from learnloop.core.scoping import member_required, require
from learnloop.dataset import selectors
from learnloop.dataset.forms import ExtractUploadForm
from learnloop.dataset.importer import journey_import_accept_good_rows, journey_import_create, journey_import_run
from learnloop.dataset.models import JourneyImport
from learnloop.dataset.permissions import can_load_data
from learnloop.dataset.tasks import run_journey_import

# Files up to this size are checked and loaded in the request; larger ones in a task.
INLINE_BYTES = 2 * 1024 * 1024


@member_required
def import_list(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_load_data(m))
    posted = request.method == "POST"
    form = ExtractUploadForm(request.POST if posted else None, request.FILES if posted else None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        journey_import = journey_import_create(
            partnership=m.partnership,
            stream=upload.file,
            filename=upload.name,
            by=request.user,
            accept_good_rows=form.cleaned_data["accept_good_rows"],
        )
        if not journey_import.is_finished:
            if upload.size <= INLINE_BYTES:
                journey_import_run(journey_import=journey_import)
            else:
                run_journey_import.enqueue(journey_import.pk)
        return redirect(journey_import)
    page = paginate(request, selectors.import_list(m))
    return render(request, "dataset/import_list.html", {"m": m, "form": form, "page": page})


@member_required
def import_detail(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_load_data(m))
    journey_import = selectors.import_get(m, pk)
    problems = paginate(request, journey_import.problems, per_page=100)
    context = {"m": m, "item": journey_import, "problems": problems}
    template = "dataset/import_detail.html"
    if request.htmx and not journey_import.is_finished:  # type: ignore[attr-defined]
        template += "#progress"
    return render(request, template, context)


@member_required
def import_accept(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_load_data(m))
    journey_import = selectors.import_get(m, pk)
    require(request.method == "POST" and bool(journey_import.can_accept_good_rows))
    journey_import_accept_good_rows(journey_import=journey_import, by=request.user)
    if journey_import.status == JourneyImport.Status.LOADED:
        messages.success(request, f"Loaded the {journey_import.rows_loaded:,} good rows of {journey_import.filename}.")
    return redirect(journey_import)
