"""Focus groups, surveys and consultations: many views under one event."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.accounts.models import Membership
from learnloop.core.lists import Column, ListPage
from learnloop.core.pagination import paginate
from learnloop.core.scoping import member_required, require
from learnloop.voice import permissions, selectors, services
from learnloop.voice.forms import EventForm
from learnloop.voice.models import VoiceEvent

EVENTS = ListPage(
    url_name="voice:events",
    template="voice/event_list.html",
    rows=selectors.event_list,
    noun="event",
    filename="voice-events",
    columns=[
        Column("Kind", "get_kind_display"),
        Column("Title", "title"),
        Column("Date", "date"),
        Column("Agency", "agency.name"),
        Column("Description", "description"),
    ],
    context=lambda request, m, page: {"can_manage": permissions.can_manage_events(m)},
)
event_list = EVENTS.view


@member_required
def event_detail(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    event = selectors.event_get(m, pk)
    views = selectors.event_views(m, event)
    page = paginate(request, views)
    context = {
        "m": m,
        "event": event,
        "page": page,
        "readable": {v.pk: permissions.can_read_text(m, v) for v in page},
        "can_manage": permissions.can_manage_events(m),
        "can_record": permissions.can_record_view(m),
        "can_respond": permissions.can_respond(m),
    }
    return render(request, "voice/event_detail.html", context)


def _event_form(request: HttpRequest, m: Membership, event: VoiceEvent) -> HttpResponse:
    form = EventForm(request.POST or None, membership=m, instance=event)
    if request.method == "POST" and form.is_valid():
        saved = services.event_save(event=form.save(commit=False), by=request.user)
        messages.success(request, f"{saved.get_kind_display()} “{saved.title}” saved.")
        return redirect(saved)
    return render(request, "voice/event_form.html", {"m": m, "form": form, "event": event if event.pk else None})


@member_required
def event_create(request: HttpRequest, m: Membership) -> HttpResponse:
    require(permissions.can_manage_events(m))
    return _event_form(request, m, VoiceEvent(partnership=m.partnership))


@member_required
def event_edit(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(permissions.can_manage_events(m))
    return _event_form(request, m, selectors.event_get(m, pk))
