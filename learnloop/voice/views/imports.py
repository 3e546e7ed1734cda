"""Importing views from Mind of My Own, KoboToolbox and LimeSurvey exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from learnloop.accounts.models import Membership
from learnloop.core.scoping import member_required, require
from learnloop.ingest import staging
from learnloop.ingest.models import StagedImport
from learnloop.partnership.models import Agency
from learnloop.voice import permissions, selectors
from learnloop.voice.forms import ImportForm
from learnloop.voice.importers import (
    FORMATS,
    ImportOptions,
    ImportRejected,
    answers,
    views_check,
    views_import,
    views_prepare,
)
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
    # After a mapping failed: the mapping offers the columns of the file the member just uploaded.
    columns_from = None
    if request.GET.get("columns"):
        columns_from = staging.get(m, request.GET["columns"], kind=f"voice:{source}")
        mapping = {**mapping, **columns_from.options.get("mapping", {})}
    headers = list((columns_from.prepared or {}).get("headers", [])) if columns_from else []
    form = ImportForm(
        request.POST or None, request.FILES or None, membership=m, fmt=fmt, mapping=mapping, headers=headers
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        upload = data["file"]
        options = {
            "mapping": form.mapping(),
            "given_by": data["given_by"],
            "consent": data["consent"],
            "agency": data["agency"].pk if data.get("agency") else None,
            "survey_title": data.get("survey_title") or "",
            "survey_id": data.get("survey_id") or "",
        }
        # Read at once: only pseudonymised, stripped rows are kept until the member accepts.
        prepared = views_prepare(
            partnership=m.partnership,
            source=source,
            filename=upload.name,
            content=upload.read(),
            mapping=options["mapping"],
            options=_options(m, options),
        )
        staged = staging.stage(m=m, kind=f"voice:{source}", prepared=prepared, filename=upload.name, options=options)
        return redirect("voice:import_check", m.partnership.slug, source, staged.token)
    context = {"m": m, "form": form, "fmt": fmt, "columns_from": columns_from if headers else None}
    return render(request, "voice/import_form.html", context)


def _options(m: Membership, saved: dict) -> ImportOptions:
    agency = Agency.objects.filter(partnership=m.partnership, pk=saved.get("agency")).first()
    return ImportOptions(
        given_by=saved["given_by"],
        consent=saved["consent"],
        agency=agency,
        survey_title=saved.get("survey_title", ""),
        survey_id=saved.get("survey_id", ""),
    )


@member_required
def import_check(request: HttpRequest, m: Membership, source: str, token: str) -> HttpResponse:
    """What the uploaded file would do; nothing is imported until the member accepts."""
    require(permissions.can_import(m))
    fmt = FORMATS.get(source)
    if fmt is None:
        raise Http404
    staged = staging.get(m, token, kind=f"voice:{source}")
    if request.method == "POST" and "map_answers" in request.POST and staged.imported_at is None:
        return _map_answers(request, staged)
    options = _options(m, staged.options)
    mapping = staged.options["mapping"]
    common = {"partnership": m.partnership, "source": source, "filename": staged.filename, "mapping": mapping}

    def check(prepared: dict) -> staging.Check:
        result = views_check(prepared=prepared, options=options, **common)
        if prepared.get("headers"):
            result.columns_url = f"{reverse('voice:import_upload', args=[m.partnership.slug, source])}?columns={token}"
        return result

    def run(prepared: dict, good_only: bool) -> str:
        try:
            batch = views_import(
                prepared=prepared,
                options=options,
                by=request.user,
                base_url=request.build_absolute_uri("/"),
                skip_bad=good_only,
                **common,
            )
        except ImportRejected as rejected:
            raise staging.NotAccepted(f"Nothing was imported: {rejected}.") from None
        messages.success(request, f"{batch.views_added} view{'s' if batch.views_added != 1 else ''} imported.")
        return batch.get_absolute_url()

    return staging.check_page(
        request,
        m,
        staged,
        check=check,
        run=run,
        caption=f"Import views from {fmt.title}",
        back_url=reverse("voice:import_upload", args=[m.partnership.slug, source]),
        upload_url=reverse("voice:import_upload", args=[m.partnership.slug, source]),
    )


def _map_answers(request: HttpRequest, staged: StagedImport) -> HttpResponse:
    """Apply the answers chosen on the check page to the staged rows and add them to the mapping."""
    prepared = staged.prepared or {}
    chosen = answers.chosen_from(request.POST, prepared)
    if not chosen:
        messages.error(request, "Choose what at least one answer means, or leave them and import the good rows.")
        return redirect(request.path)
    staged.prepared, lines = answers.map_answers(prepared, chosen)
    mapping = dict(staged.options["mapping"])
    mapping["answers"] = "; ".join(p for p in [(mapping.get("answers") or "").strip(), *lines] if p)
    staged.options = {**staged.options, "mapping": mapping}
    staged.save()
    messages.success(
        request,
        f"{len(lines)} answer{'s' if len(lines) != 1 else ''} mapped; they are kept with the mapping when you import.",
    )
    return redirect(request.path)


@member_required
def import_result(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(permissions.can_import(m))
    batch = selectors.import_batch_get(m, pk)
    views = selectors.views_visible(m).filter(import_batch=batch).select_related("event").order_by("number")
    context = {"m": m, "batch": batch, "views": views}
    return render(request, "voice/import_result.html", context)
