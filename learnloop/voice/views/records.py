"""Views of children and families: the list, one view, recording, passing on a safety flag and
raising a learning point."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.core import audit
from learnloop.core.exports import export_response
from learnloop.core.models import AuditEntry
from learnloop.core.pagination import paginate
from learnloop.core.scoping import member_required, require
from learnloop.core.text import mid_sentence
from learnloop.loop.models import LearningPoint
from learnloop.voice import permissions, selectors, services
from learnloop.voice.forms import LearningFromViewForm, PassOnForm, ViewFilterForm, ViewForm
from learnloop.voice.models import SafetyFlag, Sentiment, View
from learnloop.voice.services import CHILD_PROTECTION_INSTRUCTION, VoiceError

EXPORT_HEADERS = [
    "Reference",
    "Date given",
    "How it was given",
    "Event",
    "Who gave it",
    "Age band",
    "What they said",
    "Their own words",
    "Consent to share",
    "Positive, negative or mixed",
    "Themes",
    "Agency",
    "Says a child feels unsafe",
    "Has a response",
    "First response",
]
RESTRICTED = "(Restricted: seen only by the lead officer and the agency lead)"


@member_required
def view_list(request: HttpRequest, m: Membership) -> HttpResponse:
    form = ViewFilterForm(request.GET or None, membership=m)
    items = selectors.view_list(m, form.filters())
    fmt = request.GET.get("export")
    if fmt in {"csv", "xlsx"}:

        def row(v: View) -> list[object]:
            readable = permissions.can_read_text(m, v)
            return [
                v.reference,
                v.date,
                v.get_channel_display(),
                v.event.title if v.event else "",
                v.get_given_by_display(),
                v.get_age_band_display(),
                v.summary if readable else RESTRICTED,
                (v.quote if readable else RESTRICTED) if v.quote else "",
                v.get_consent_display(),
                v.get_sentiment_display(),
                "; ".join(t.name for t in v.themes.all()),
                v.agency.name if v.agency else "",
                v.feels_unsafe,
                v.has_response,
                v.first_response_on,
            ]

        return export_response(
            fmt=fmt,
            filename="views-of-children-and-families",
            headers=EXPORT_HEADERS,
            rows=(row(v) for v in items),
            partnership=m.partnership,
            what="views",
        )
    page = paginate(request, items)
    context = {
        "m": m,
        "form": form,
        "page": page,
        "readable": {v.pk: permissions.can_read_text(m, v) for v in page},
        "can_record": permissions.can_record_view(m),
        "can_import": permissions.can_import(m),
        "can_respond": permissions.can_respond(m),
        "can_settings": permissions.can_change_settings(m),
        "timeliness": selectors.timeliness(m),
        "flags": selectors.flags_awaiting(m),
    }
    template = "voice/view_list.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    return render(request, template, context)


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
