"""Actions: the list, one action with its updates and evidence, and the writes on it."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import (
    can_add_action,
    can_edit_action,
    can_record_embedding_for,
    can_record_impact,
    can_update_action,
)
from learnloop.core import audit
from learnloop.core.lists import Column, ListPage
from learnloop.core.models import AuditEntry
from learnloop.core.scoping import member_required, require
from learnloop.core.text import mid_sentence
from learnloop.loop import selectors, services
from learnloop.loop.filters import ActionFilter
from learnloop.loop.forms import ActionForm, ActionStatusForm, ActionUpdateForm, EvidenceForm
from learnloop.loop.models import Action, Evidence

ACTIONS = ListPage(
    url_name="loop:actions",
    template="loop/action_list.html",
    rows=selectors.action_list,
    filterset=ActionFilter,
    noun="action",
    columns=[
        Column("Reference", "reference"),
        Column("What will be done", "title"),
        Column("Learning point", "learning_point.reference"),
        Column("Owning agency", "owner_agency.name"),
        Column("Owning subgroup", "owner_subgroup.name"),
        Column("Named person", "owner_person.full_name"),
        Column("Due date", "due_date"),
        Column("Status", "get_status_display"),
        Column("RAG", lambda a: a.rag_status.capitalize()),
        Column("Success measure", "success_measure"),
        Column("Completed on", "completed_on"),
    ],
)
action_list = ACTIONS.view


@member_required
def action_detail(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    action = selectors.action_get(m, number)
    if action.learning_point.is_confidential:
        audit.record(event=AuditEntry.Event.VIEW_CONFIDENTIAL, obj=action, partnership=m.partnership)
    context = {
        "m": m,
        "action": action,
        "lp": action.learning_point,
        "can_edit": can_edit_action(m, action),
        "can_update": can_update_action(m, action),
        "update_form": ActionUpdateForm(),
        "status_form": ActionStatusForm(initial={"status": _next_status(action)}),
        **_later_stages(m, action),
        **selectors.action_detail_related(action),
    }
    return render(request, "loop/action_detail.html", context)


def _later_stages(m: Membership, action: Action) -> dict[str, object]:
    """Whether the member may record embedding and impact for the action and, when they may
    not, who can (by role and by name)."""
    can_embed, can_evaluate = can_record_embedding_for(m, action), can_record_impact(m)
    return {
        "can_record_embedding": can_embed,
        "can_record_impact": can_evaluate,
        "who_can": None if can_embed and can_evaluate else selectors.who_can_record(action),
    }


def _next_status(action: Action) -> str:
    order = [str(s) for s in Action.ORDER]
    index = order.index(str(action.status))
    return order[min(index + 1, len(order) - 1)]


@member_required
def action_create(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    lp = selectors.learning_point_get(m, number)
    require(can_add_action(m, lp))
    form = ActionForm(request.POST or None, membership=m, instance=Action(learning_point=lp, partnership=m.partnership))
    if request.method == "POST" and form.is_valid():
        action = services.action_save(action=form.save(commit=False), by=request.user)
        messages.success(request, f"Action {action.reference} added to {lp.reference}.")
        return redirect(action)
    return render(request, "loop/action_form.html", {"m": m, "form": form, "lp": lp, "action": None})


@member_required
def action_edit(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    action = selectors.action_get(m, number)
    require(can_edit_action(m, action))
    form = ActionForm(request.POST or None, membership=m, instance=action)
    if request.method == "POST" and form.is_valid():
        services.action_save(action=form.save(commit=False), by=request.user)
        messages.success(request, f"Action {action.reference} saved.")
        return redirect(action)
    return render(
        request, "loop/action_form.html", {"m": m, "form": form, "lp": action.learning_point, "action": action}
    )


@member_required
def action_add_update(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    action = selectors.action_get(m, number)
    require(can_update_action(m, action))
    form = ActionUpdateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.action_add_update(action=action, text=form.cleaned_data["text"], by=request.user)
        messages.success(request, "Progress update added.")
        return redirect(action)
    return render(request, "loop/action_update_form.html", {"m": m, "form": form, "action": action})


@member_required
def action_change_status(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    action = selectors.action_get(m, number)
    require(can_update_action(m, action))
    form = ActionStatusForm(request.POST or None, initial={"status": _next_status(action)})
    if request.method == "POST" and form.is_valid():
        try:
            services.action_set_status(
                action=action, status=form.cleaned_data["status"], note=form.cleaned_data["note"], by=request.user
            )
        except services.LoopError as error:
            form.add_error("status", str(error))
        else:
            messages.success(request, f"{action.reference} is now {mid_sentence(action.get_status_display())}.")
            return redirect(action)
    context = {
        "m": m,
        "form": form,
        "action": action,
        "has_embedding": action.embeddings.exists(),
        "has_impact": action.impacts.exists(),
        **_later_stages(m, action),
    }
    return render(request, "loop/action_status_form.html", context)


@member_required
def evidence_add(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    action = selectors.action_get(m, number)
    require(can_update_action(m, action))
    form = EvidenceForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        services.evidence_add(
            action=action,
            description=form.cleaned_data["description"],
            file=form.cleaned_data.get("file"),
            url=form.cleaned_data.get("url") or "",
            by=request.user,
        )
        messages.success(request, "Evidence added.")
        return redirect(action)
    return render(request, "loop/evidence_form.html", {"m": m, "form": form, "action": action})


@member_required
def evidence_download(request: HttpRequest, m: Membership, number: int, pk: int) -> HttpResponse:
    from learnloop.core.downloads import file_response

    action = selectors.action_get(m, number)
    evidence = Evidence.objects.filter(action=action, pk=pk).first()
    if evidence is None or not evidence.file:
        raise Http404
    if action.learning_point.is_confidential:
        audit.record(
            event=AuditEntry.Event.VIEW_CONFIDENTIAL,
            obj=evidence,
            partnership=m.partnership,
            detail="Downloaded evidence of an action on confidential learning",
        )
    return file_response(evidence.file, evidence.original_filename, evidence.content_type)
