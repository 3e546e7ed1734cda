"""Importing views from Mind of My Own, KoboToolbox and LimeSurvey exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.accounts.models import Membership
from learnloop.core.scoping import member_required, require
from learnloop.voice import permissions, selectors
from learnloop.voice.forms import ImportForm
from learnloop.voice.importers import FORMATS, ImportOptions, ImportRejected, views_import
from learnloop.voice.models import ColumnMapping


@member_required
def import_start(request: HttpRequest, m: Membership) -> HttpResponse:
    require(permissions.can_import(m))
    batches = selectors.import_batches(m)[:10]
    return render(request, "voice/import_start.html", {"m": m, "formats": FORMATS.values(), "batches": batches})


@member_required
def import_upload(request: HttpRequest, m: Membership, source: str) -> HttpResponse:
    require(permissions.can_import(m))
    fmt = FORMATS.get(source)
    if fmt is None:
        raise Http404
    saved = ColumnMapping.objects.filter(partnership=m.partnership, source=source).first()
    mapping = saved.columns if saved else {}
    form = ImportForm(request.POST or None, request.FILES or None, membership=m, fmt=fmt, mapping=mapping)
    errors = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        options = ImportOptions(
            given_by=data["given_by"],
            consent=data["consent"],
            agency=data.get("agency"),
            survey_title=data.get("survey_title") or "",
            survey_id=data.get("survey_id") or "",
        )
        try:
            batch = views_import(
                partnership=m.partnership,
                source=source,
                filename=upload.name,
                content=upload.read(),
                mapping=form.mapping(),
                options=options,
                by=request.user,
                base_url=request.build_absolute_uri("/"),
            )
        except ImportRejected as rejected:
            errors = rejected.errors
        else:
            messages.success(request, f"{batch.views_added} view{'s' if batch.views_added != 1 else ''} imported.")
            return redirect(batch)
    context = {"m": m, "form": form, "fmt": fmt, "row_errors": errors}
    return render(request, "voice/import_form.html", context)


@member_required
def import_result(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(permissions.can_import(m))
    batch = selectors.import_batch_get(m, pk)
    views = selectors.views_visible(m).filter(import_batch=batch).select_related("event").order_by("number")
    context = {"m": m, "batch": batch, "views": views}
    return render(request, "voice/import_result.html", context)
