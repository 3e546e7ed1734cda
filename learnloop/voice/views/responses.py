""" "You said, we did": responses to views, and the page and documents published back to
children and families."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.core import audit
from learnloop.core import documents as core_documents
from learnloop.core.exports import export_response
from learnloop.core.lists import Column, ListPage, joined
from learnloop.core.models import AuditEntry
from learnloop.core.scoping import member_required, require
from learnloop.voice import documents, permissions, selectors, services
from learnloop.voice.filters import ResponseFilter
from learnloop.voice.forms import PeriodForm, ResponseForm, SettingsForm
from learnloop.voice.models import Response
from learnloop.voice.services import VoiceError

RESPONSES = ListPage(
    url_name="voice:responses",
    template="voice/response_list.html",
    rows=selectors.response_list,
    filterset=ResponseFilter,
    noun="response",
    filename="you-said-we-did",
    columns=[
        Column("ID", "pk"),
        Column("You said", "you_said"),
        Column("We did", "we_did"),
        Column("Who", "who"),
        Column("Agency", "agency.name"),
        Column("Date of the response", "responded_on"),
        Column("Status", "get_status_display"),
        Column("Views", joined("views", "reference")),
    ],
    context=lambda request, m, page: {
        "can_respond": permissions.can_respond(m),
        "timeliness": selectors.timeliness(m),
    },
)
response_list = RESPONSES.view


@member_required
def response_detail(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    response = selectors.response_get(m, pk)
    context = {"m": m, "response": response, "can_edit": permissions.can_respond(m)}
    return render(request, "voice/response_detail.html", context)


def _response_form(request: HttpRequest, m: Membership, response: Response) -> HttpResponse:
    initial: dict[str, object] = {}
    if response.pk is None:
        initial["responded_on"] = timezone.localdate()
        numbers = [int(n) for n in request.GET.getlist("view") if n.isdigit()]
        if numbers:
            initial["views"] = list(selectors.views_visible(m).filter(number__in=numbers).values_list("pk", flat=True))
    form = ResponseForm(request.POST or None, membership=m, instance=response, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.response_save(
                response=form.save(commit=False), views=form.cleaned_data["views"], by=request.user
            )
        except VoiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "“You said, we did” response saved.")
            return redirect(saved)
    return render(
        request, "voice/response_form.html", {"m": m, "form": form, "response": response if response.pk else None}
    )


@member_required
def response_create(request: HttpRequest, m: Membership) -> HttpResponse:
    require(permissions.can_respond(m))
    return _response_form(request, m, Response(partnership=m.partnership))


@member_required
def response_edit(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(permissions.can_respond(m))
    return _response_form(request, m, selectors.response_get(m, pk))


@member_required
def published(request: HttpRequest, m: Membership) -> HttpResponse:
    """The page to publish back to children and families, with Word and CSV downloads."""
    form = PeriodForm(request.GET or None)
    start = end = None
    if form.is_bound and form.is_valid():
        start, end = form.cleaned_data.get("date_from"), form.cleaned_data.get("date_to")
    items = selectors.published(m, start, end)
    fmt = request.GET.get("export")
    if fmt == "csv":
        rows = (
            [
                i.response.you_said,
                i.response.we_did,
                i.response.who,
                i.response.get_status_display(),
                i.response.responded_on,
                " | ".join(i.quotes),
            ]
            for i in items
        )
        return export_response(
            fmt="csv",
            filename="you-said-we-did-to-publish",
            headers=["You said", "We did", "Who", "Status", "When", "In your words"],
            rows=rows,
            partnership=m.partnership,
            what="published responses",
        )
    if fmt == "docx":
        return _published_docx(m, items, start, end)
    return render(request, "voice/published.html", {"m": m, "form": form, "items": items, "start": start, "end": end})


def _published_docx(
    m: Membership, items: list[selectors.PublishedItem], start: dt.date | None, end: dt.date | None
) -> HttpResponse:
    content = documents.published_docx(items, partnership_name=m.partnership.name, start=start, end=end)
    response = core_documents.download(content, f"you-said-we-did-{timezone.localdate().isoformat()}.docx")
    audit.record(
        event=AuditEntry.Event.EXPORT,
        partnership=m.partnership,
        detail=f"Exported {len(items)} published responses as Word",
    )
    return response


@member_required
def voice_settings(request: HttpRequest, m: Membership) -> HttpResponse:
    require(permissions.can_change_settings(m))
    current = services.voice_settings_for(m.partnership)
    form = SettingsForm(request.POST or None, initial={"response_target_days": current.response_target_days})
    if request.method == "POST" and form.is_valid():
        try:
            services.voice_settings_update(partnership=m.partnership, by=request.user, **form.cleaned_data)
        except VoiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Voice settings saved.")
            return redirect("voice:index", slug=m.partnership.slug)
    return render(request, "voice/settings_form.html", {"m": m, "form": form})
