"""Sharing, embedding and impact: the loop's later stages, and tracked children."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Page
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import (
    can_edit_embedding,
    can_edit_record,
    can_record_embedding,
    can_record_impact,
    can_record_learning,
)
from learnloop.core import audit
from learnloop.core import documents as core_documents
from learnloop.core.lists import Column, ListPage, joined
from learnloop.core.models import AuditEntry
from learnloop.core.scoping import member_required, require
from learnloop.loop import documents, selectors, services
from learnloop.loop.filters import DisseminationFilter, EmbeddingFilter, ImpactFilter, TrackedChildFilter
from learnloop.loop.forms import (
    BriefingForm,
    DisseminationForm,
    EmbeddingForm,
    ImpactForm,
    TrackedChildEntryForm,
    TrackedChildForm,
)
from learnloop.loop.models import Dissemination, Embedding, Impact, SevenMinuteBriefing, TrackedChild


def _can_create(request: HttpRequest, m: Membership, page: Page) -> dict[str, Any]:
    return {"can_create": can_record_learning(m)}


def _can_record_embedding(request: HttpRequest, m: Membership, page: Page) -> dict[str, Any]:
    return {"can_create": can_record_embedding(m)}


def _can_record_impact(request: HttpRequest, m: Membership, page: Page) -> dict[str, Any]:
    return {"can_create": can_record_impact(m)}


# Dissemination --------------------------------------------------------------------------------


DISSEMINATIONS = ListPage(
    url_name="loop:disseminations",
    template="loop/dissemination_list.html",
    rows=selectors.dissemination_list,
    filterset=DisseminationFilter,
    noun="dissemination",
    columns=[
        Column("How", "get_kind_display"),
        Column("Title", "title"),
        Column("Date", "date"),
        Column("Audience agencies", joined("audience_agencies")),
        Column("People reached", "people_reached"),
        Column("Learning points", joined("learning_points", "reference")),
        Column("Description", "description"),
    ],
    context=_can_create,
)
dissemination_list = DISSEMINATIONS.view


@member_required
def dissemination_detail(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    d = selectors.dissemination_get(m, pk)
    briefing = SevenMinuteBriefing.objects.filter(dissemination=d).first()
    return render(
        request,
        "loop/dissemination_detail.html",
        {
            "m": m,
            "d": d,
            "briefing": briefing,
            "can_edit": can_edit_record(m, d),
        },
    )


def _dissemination_form(request: HttpRequest, m: Membership, d: Dissemination) -> HttpResponse:
    initial = {}
    if d.pk is None and (lp_number := request.GET.get("learning_point", "")).isdigit():
        lp = selectors.learning_points_visible(m).filter(number=int(lp_number)).first()
        if lp:
            initial["learning_points"] = [lp.pk]
    form = DisseminationForm(request.POST or None, membership=m, instance=d, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = services.dissemination_save(
            dissemination=form.save(commit=False),
            audience_agencies=form.cleaned_data["audience_agencies"],
            learning_points=form.cleaned_data["learning_points"],
            reach=form.reach(),
            by=request.user,
        )
        messages.success(request, f"“{d.title}” saved.")
        return redirect(d)
    return render(request, "loop/dissemination_form.html", {"m": m, "form": form, "d": d})


@member_required
def dissemination_create(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_record_learning(m))
    return _dissemination_form(request, m, Dissemination(partnership=m.partnership))


@member_required
def dissemination_edit(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    d = selectors.dissemination_get(m, pk)
    require(can_edit_record(m, d))
    return _dissemination_form(request, m, d)


@member_required
def briefing_edit(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    d = selectors.dissemination_get(m, pk)
    require(can_edit_record(m, d))
    if d.kind != Dissemination.Kind.SEVEN_MINUTE:
        raise Http404
    briefing = SevenMinuteBriefing.objects.filter(dissemination=d).first() or SevenMinuteBriefing(dissemination=d)
    form = BriefingForm(request.POST or None, instance=briefing)
    if request.method == "POST" and form.is_valid():
        services.briefing_save(briefing=form.save(commit=False), by=request.user)
        messages.success(request, "7-minute briefing saved.")
        return redirect(d)
    return render(request, "loop/briefing_form.html", {"m": m, "form": form, "d": d})


@member_required
def briefing_export(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    """The 7-minute briefing as an editable Word document."""
    d = selectors.dissemination_get(m, pk)
    briefing = SevenMinuteBriefing.objects.filter(dissemination=d).first()
    if briefing is None:
        raise Http404
    response = core_documents.download(documents.briefing_docx(briefing), f"7-minute-briefing-{d.pk}.docx")
    audit.record(event=AuditEntry.Event.EXPORT, obj=d, detail="Exported the 7-minute briefing as Word")
    return response


# Embedding ----------------------------------------------------------------------------------------


EMBEDDINGS = ListPage(
    url_name="loop:embeddings",
    template="loop/embedding_list.html",
    rows=selectors.embedding_list,
    filterset=EmbeddingFilter,
    noun="embedding record",
    filename="embedding",
    columns=[
        Column("Kind", "get_kind_display"),
        Column("Agency", "agency.name"),
        Column("Date", "date"),
        Column("Description", "description"),
        Column("Actions", joined("actions", "reference")),
        Column("Link", "url"),
    ],
    context=_can_record_embedding,
)
embedding_list = EMBEDDINGS.view


@member_required
def embedding_detail(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    e = selectors.embedding_get(m, pk)
    return render(request, "loop/embedding_detail.html", {"m": m, "e": e, "can_edit": can_edit_embedding(m, e)})


def _embedding_form(request: HttpRequest, m: Membership, e: Embedding) -> HttpResponse:
    initial = {}
    if e.pk is None and (number := request.GET.get("action", "")).isdigit():
        action = selectors.actions_visible(m).filter(number=int(number)).first()
        if action:
            initial["actions"] = [action.pk]
    form = EmbeddingForm(request.POST or None, request.FILES or None, membership=m, instance=e, initial=initial)
    if request.method == "POST" and form.is_valid():
        e = services.embedding_save(
            embedding=form.save(commit=False),
            actions=form.cleaned_data["actions"],
            file=form.cleaned_data.get("upload"),
            by=request.user,
        )
        messages.success(request, "Embedding record saved.")
        return redirect(e)
    return render(request, "loop/embedding_form.html", {"m": m, "form": form, "e": e})


@member_required
def embedding_create(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_record_embedding(m))
    return _embedding_form(request, m, Embedding(partnership=m.partnership))


@member_required
def embedding_edit(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    e = selectors.embedding_get(m, pk)
    require(can_edit_embedding(m, e))
    return _embedding_form(request, m, e)


@member_required
def embedding_download(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    from learnloop.core.downloads import file_response

    e = selectors.embedding_get(m, pk)
    if not e.file:
        raise Http404
    response = file_response(e.file, e.original_filename, e.content_type)
    audit.record(
        event=AuditEntry.Event.DOWNLOAD,
        obj=e,
        partnership=m.partnership,
        detail=f"Downloaded the embedding file {e.original_filename}"[:500],
    )
    return response


# Impact -------------------------------------------------------------------------------------------


def _story(field: str) -> Any:
    """An impact's narrative in a download, unless it tells a child's story the reader may not see."""

    def read(row: Impact) -> str:
        if getattr(row, "story_hidden", True) and row.tracked_child is not None:
            return f"Seen only by {row.tracked_child.agency.name} and the lead officer"
        return getattr(row, field)

    return read


IMPACTS = ListPage(
    url_name="loop:impacts",
    template="loop/impact_list.html",
    rows=selectors.impact_list,
    filterset=ImpactFilter,
    noun="impact evaluation",
    filename="impact",
    columns=[
        Column("Title", "title"),
        Column("Method", "get_method_display"),
        Column("Date evaluated", "date"),
        Column("Before", _story("before")),
        Column("After", _story("after")),
        Column("Conclusion", _story("conclusion")),
        Column("Learning points", joined("learning_points", "reference")),
        Column("Actions", joined("actions", "reference")),
        Column("Tracked child", "tracked_child.label"),
    ],
    context=_can_record_impact,
)
impact_list = IMPACTS.view


@member_required
def impact_detail(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    i = selectors.impact_get(m, pk)
    if i.tracked_child and not i.story_hidden:
        audit.record(
            event=AuditEntry.Event.VIEW_CONFIDENTIAL,
            obj=i,
            partnership=m.partnership,
            detail=f"Read the story of tracked child {i.tracked_child.label} in an impact evaluation",
        )
    can_edit = can_edit_record(m, i) and not i.story_hidden
    return render(request, "loop/impact_detail.html", {"m": m, "i": i, "can_edit": can_edit})


def _impact_form(request: HttpRequest, m: Membership, i: Impact) -> HttpResponse:
    initial = {}
    if i.pk is None:
        if (number := request.GET.get("learning_point", "")).isdigit():
            lp = selectors.learning_points_visible(m).filter(number=int(number)).first()
            if lp:
                initial["learning_points"] = [lp.pk]
        if (number := request.GET.get("action", "")).isdigit():
            action = selectors.actions_visible(m).filter(number=int(number)).first()
            if action:
                initial["actions"] = [action.pk]
    form = ImpactForm(request.POST or None, membership=m, instance=i, initial=initial)
    if request.method == "POST" and form.is_valid():
        i = services.impact_save(
            impact=form.save(commit=False),
            learning_points=form.cleaned_data["learning_points"],
            actions=form.cleaned_data["actions"],
            by=request.user,
        )
        messages.success(request, "Impact evaluation saved.")
        return redirect(i)
    return render(request, "loop/impact_form.html", {"m": m, "form": form, "i": i})


@member_required
def impact_create(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_record_impact(m))
    return _impact_form(request, m, Impact(partnership=m.partnership))


@member_required
def impact_edit(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    i = selectors.impact_get(m, pk)
    require(can_edit_record(m, i) and not i.story_hidden)
    return _impact_form(request, m, i)


# Tracked children ---------------------------------------------------------------------------------


# No download: a list of children stays on the screen of those who may see it.
TRACKED_CHILDREN = ListPage(
    url_name="loop:tracked_children",
    template="loop/tracked_child_list.html",
    rows=selectors.tracked_child_list,
    filterset=TrackedChildFilter,
    noun="tracked child",
    exports=False,
    context=_can_create,
)
tracked_child_list = TRACKED_CHILDREN.view


@member_required
def tracked_child_detail(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    tc = selectors.tracked_child_get(m, pk)
    see_reference = selectors.can_see_case_reference(m, tc)
    if see_reference:  # the reference, the story and the entries: one read, one entry
        audit.record(
            event=AuditEntry.Event.VIEW_CONFIDENTIAL,
            obj=tc,
            detail="Viewed the local case reference and the tracked child's story",
        )
    can_edit = can_edit_record(m, tc) and see_reference
    return render(
        request,
        "loop/tracked_child_detail.html",
        {
            "m": m,
            "tc": tc,
            "see_reference": see_reference,
            "can_edit": can_edit,
            "entry_form": TrackedChildEntryForm() if can_edit else None,
        },
    )


def _tracked_child_form(request: HttpRequest, m: Membership, tc: TrackedChild) -> HttpResponse:
    form = TrackedChildForm(request.POST or None, membership=m, instance=tc)
    if request.method == "POST" and form.is_valid():
        tc = services.tracked_child_save(
            tracked_child=form.save(commit=False), learning_points=form.cleaned_data["learning_points"], by=request.user
        )
        messages.success(request, f"{tc.label} saved.")
        return redirect(tc)
    return render(request, "loop/tracked_child_form.html", {"m": m, "form": form, "tc": tc})


@member_required
def tracked_child_create(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_record_learning(m))
    return _tracked_child_form(request, m, TrackedChild(partnership=m.partnership))


@member_required
def tracked_child_edit(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    tc = selectors.tracked_child_get(m, pk)
    require(can_edit_record(m, tc) and selectors.can_see_case_reference(m, tc))
    return _tracked_child_form(request, m, tc)


@member_required
def tracked_child_add_entry(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    tc = selectors.tracked_child_get(m, pk)
    require(can_edit_record(m, tc) and selectors.can_see_case_reference(m, tc))
    form = TrackedChildEntryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.tracked_child_add_entry(
            tracked_child=tc, date=form.cleaned_data["date"], text=form.cleaned_data["text"], by=request.user
        )
        messages.success(request, "Entry added.")
        return redirect(tc)
    return render(request, "loop/tracked_child_entry_form.html", {"m": m, "form": form, "tc": tc})
