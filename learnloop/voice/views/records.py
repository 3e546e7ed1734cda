"""Views of children and families: the list, one view, recording, passing on a safety flag and
raising a learning point."""

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
from learnloop.loop.models import LearningPoint
from learnloop.voice import permissions, selectors, services
from learnloop.voice.filters import ViewFilter
from learnloop.voice.forms import LearningFromViewForm, PassOnForm, ViewForm
from learnloop.voice.models import SafetyFlag, Sentiment, View
from learnloop.voice.services import CHILD_PROTECTION_INSTRUCTION, VoiceError

RESTRICTED = "(Restricted: seen only by the lead officer and the agency lead)"


def _view_columns(m: Membership) -> list[Column]:
    def said(v: View) -> str:
        return v.summary if permissions.can_read_text(m, v) else RESTRICTED

    def own_words(v: View) -> str:
        return (v.quote if permissions.can_read_text(m, v) else RESTRICTED) if v.quote else ""

    return [
        Column("Reference", "reference"),
        Column("Date given", "date"),
        Column("How it was given", "get_channel_display"),
        Column("Event", "event.title"),
        Column("Who gave it", "get_given_by_display"),
        Column("Age band", "get_age_band_display"),
        Column("What they said", said),
        Column("Their own words", own_words),
        Column("Consent to share", "get_consent_display"),
        Column("Positive, negative or mixed", "get_sentiment_display"),
        Column("Themes", joined("themes")),
        Column("Agency", "agency.name"),
        Column("Says a child feels unsafe", "feels_unsafe"),
        Column("Has a response", "has_response"),
        Column("First response", "first_response_on"),
    ]


def _view_page(request: HttpRequest, m: Membership, page: Page) -> dict[str, object]:
    return {
        "readable": {v.pk: permissions.can_read_text(m, v) for v in page},
        "can_record": permissions.can_record_view(m),
        "can_import": permissions.can_import(m),
        "can_respond": permissions.can_respond(m),
        "can_settings": permissions.can_change_settings(m),
        "timeliness": selectors.timeliness(m),
        "flags": selectors.flags_awaiting(m),
    }


VIEWS = ListPage(
    url_name="voice:index",
    template="voice/view_list.html",
    rows=selectors.view_list,
    filterset=ViewFilter,
    noun="view",
    filename="views-of-children-and-families",
    columns=_view_columns,
    context=_view_page,
)
view_list = VIEWS.view


@member_required
def view_detail(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    view = selectors.view_get(m, number)
    readable = permissions.can_read_text(m, view)
    if view.is_restricted and readable:
        audit.record(event=AuditEntry.Event.VIEW_CONFIDENTIAL, obj=view, partnership=m.partnership)
    context = {
        "m": m,
        "view": view,
        "readable": readable,
        "can_edit": permissions.can_edit_view(m, view),
        "can_pass_on": permissions.can_pass_on(m, view),
        "can_respond": permissions.can_respond(m),
        "can_raise": permissions.can_raise_learning(m, view),
        "instruction": CHILD_PROTECTION_INSTRUCTION,
        **selectors.view_detail_related(m, view),
    }
    return render(request, "voice/view_detail.html", context)


def _base_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/")


@member_required
def view_create(request: HttpRequest, m: Membership) -> HttpResponse:
    require(permissions.can_record_view(m))
    initial = {}
    if event_id := request.GET.get("event"):
        event = selectors.event_list(m).filter(pk=event_id if event_id.isdigit() else 0).first()
        if event is not None:
            initial = {"event": event.pk, "channel": event.channel, "date": event.date, "agency": event.agency_id}
    if m.agency_id and not permissions.can_manage_voice(m):
        initial["agency"] = m.agency_id
    if ViewForm.wants_suggestions(request):
        form, suggestions = ViewForm.with_suggestions(request, m, instance=View(partnership=m.partnership))
        context = {"m": m, "form": form, "view": None, "suggestions": suggestions, "suggested": True}
        return render(request, "voice/view_form.html", context)
    form = ViewForm(request.POST or None, membership=m, instance=View(partnership=m.partnership), initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            view = services.view_save(
                view=form.save(commit=False),
                themes=form.cleaned_data["themes"],
                by=request.user,
                base_url=_base_url(request),
            )
        except VoiceError as error:
            form.add_error(None, str(error))
        else:
            if view.feels_unsafe:
                messages.warning(
                    request,
                    f"{view.reference} says a child feels unsafe. The lead officer and the agency lead have been told. "
                    "Follow your local child protection procedures now.",
                )
            else:
                messages.success(request, f"View {view.reference} recorded.")
            if "another" in request.POST and view.event_id:
                return redirect(f"{request.path}?event={view.event_id}")
            return redirect(view)
    return render(request, "voice/view_form.html", {"m": m, "form": form, "view": None})


@member_required
def view_edit(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    view = selectors.view_get(m, number)
    require(permissions.can_edit_view(m, view))
    if ViewForm.wants_suggestions(request):
        form, suggestions = ViewForm.with_suggestions(request, m, instance=view)
        context = {"m": m, "form": form, "view": view, "suggestions": suggestions, "suggested": True}
        return render(request, "voice/view_form.html", context)
    form = ViewForm(request.POST or None, membership=m, instance=view)
    if request.method == "POST" and form.is_valid():
        try:
            services.view_save(
                view=form.save(commit=False),
                themes=form.cleaned_data["themes"],
                by=request.user,
                base_url=_base_url(request),
            )
        except VoiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"View {view.reference} saved.")
            return redirect(view)
    return render(request, "voice/view_form.html", {"m": m, "form": form, "view": view})


@member_required
def flag_pass_on(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    view = selectors.view_get(m, number)
    require(permissions.can_pass_on(m, view))
    flag = SafetyFlag.objects.filter(view=view).first()
    if flag is None:  # an unsafe view saved before flags existed: raise it now
        flag = services.safety_flag_raise(view=view, base_url=_base_url(request))
    require(not flag.is_passed_on)
    form = PassOnForm(request.POST or None, initial={"passed_on_date": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            services.safety_flag_pass_on(flag=flag, by=request.user, **form.cleaned_data)
        except VoiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Recorded that {view.reference} was passed on.")
            return redirect(view)
    context = {"m": m, "form": form, "view": view, "flag": flag, "instruction": CHILD_PROTECTION_INSTRUCTION}
    return render(request, "voice/pass_on_form.html", context)


@member_required
def raise_learning(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    view = selectors.view_get(m, number)
    require(permissions.can_raise_learning(m, view))
    initial = {
        "kind": LearningPoint.Kind.GOOD_PRACTICE
        if view.sentiment == Sentiment.POSITIVE
        else LearningPoint.Kind.IMPROVEMENT,
        "title": f"What we heard: {mid_sentence(view.get_given_by_display())}, {view.get_channel_display()}",
    }
    if not view.is_restricted:
        initial["description"] = view.summary
    form = LearningFromViewForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            lp = services.learning_point_from_view(view=view, by=request.user, **form.cleaned_data)
        except VoiceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Learning point {lp.reference} raised from {view.reference}.")
            return redirect(lp)
    return render(request, "voice/raise_learning_form.html", {"m": m, "form": form, "view": view})
