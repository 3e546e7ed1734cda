"""Learning points: the list, the loop for one point, the form and the committee's decision."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import (
    can_add_action,
    can_approve,
    can_edit_learning_point,
    can_record_learning,
    can_see_confidential,
)
from learnloop.core import audit
from learnloop.core.lists import Column, ListPage, joined
from learnloop.core.models import AuditEntry
from learnloop.core.pagecache import kept_page
from learnloop.core.registry import learning_point_panels
from learnloop.core.scoping import member_required, require
from learnloop.loop import selectors, services
from learnloop.loop.filters import LearningPointFilter
from learnloop.loop.forms import DecisionForm, LearningPointForm
from learnloop.loop.models import LearningPoint

LEARNING_POINTS = ListPage(
    url_name="loop:learning_points",
    template="loop/learning_point_list.html",
    rows=selectors.learning_point_list,
    filterset=LearningPointFilter,
    noun="learning point",
    columns=[
        Column("Reference", "reference"),
        Column("Title", "title"),
        Column("What was learned", "description"),
        Column("Kind", "get_kind_display"),
        Column("Source", "get_source_type_display"),
        Column("Source title", "source_title"),
        Column("Source date", "source_date"),
        Column("Source link", "source_url"),
        Column("Themes", joined("themes")),
        Column("Agencies concerned", joined("agencies")),
        Column("Date identified", "date_identified"),
        Column("Subgroup", "subgroup.name"),
        Column("Confidential", "is_confidential"),
        Column("Approval", "get_approval_display"),
        Column("Has an action", "has_action"),
        Column("Shared", "is_shared"),
        Column("Embedded", "is_embedded"),
        Column("Impact evaluated", "is_evaluated"),
    ],
    context=lambda request, m, page: {"can_create": can_record_learning(m)},
)
learning_point_list = LEARNING_POINTS.view


@member_required
@kept_page(shared=True)
def learning_point_detail(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    lp = selectors.learning_point_get(m, number)
    if lp.is_confidential:
        audit.record(event=AuditEntry.Event.VIEW_CONFIDENTIAL, obj=lp, partnership=m.partnership)
    loop = selectors.learning_point_loop(m, lp)
    for impact in loop.impacts:
        if impact.tracked_child and not impact.story_hidden:
            audit.record(
                event=AuditEntry.Event.VIEW_CONFIDENTIAL,
                obj=impact,
                partnership=m.partnership,
                detail=f"Read the story of tracked child {impact.tracked_child.label} in an impact evaluation",
            )
    # A source app's record (a review, an audit, a dataset signal...) may show itself here:
    # it names a template with `loop_source_template`, rendered with `record` and `m`.
    record = lp.source_record if lp.source_record_type_id else None
    context = {
        "source_record": record,
        "source_template": getattr(record, "loop_source_template", None),
        "m": m,
        "lp": lp,
        "loop": loop,
        "today": timezone.localdate(),
        "can_edit": can_edit_learning_point(m, lp),
        "can_add_action": can_add_action(m, lp),
        "can_approve": can_approve(m) and lp.approval == LearningPoint.Approval.AWAITING,
        "can_record": can_record_learning(m),
        "see_case_refs": {tc.pk: can_see_confidential(m, tc.agency_id) for tc in loop.tracked_children},
        "panels": learning_point_panels(m, lp),
    }
    return render(request, "loop/learning_point_detail.html", context)


@member_required
def learning_point_create(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_record_learning(m))
    if LearningPointForm.wants_suggestions(request):
        form, suggestions = LearningPointForm.with_suggestions(
            request, m, instance=LearningPoint(partnership=m.partnership)
        )
        context = {"m": m, "form": form, "lp": None, "suggestions": suggestions, "suggested": True}
        return render(request, "loop/learning_point_form.html", context)
    form = LearningPointForm(request.POST or None, membership=m, instance=LearningPoint(partnership=m.partnership))
    if request.method == "POST" and form.is_valid():
        lp = form.save(commit=False)
        lp = services.learning_point_save(
            learning_point=lp,
            themes=form.cleaned_data["themes"],
            agencies=form.cleaned_data["agencies"],
            by=request.user,
        )
        messages.success(request, f"Learning point {lp.reference} recorded.")
        return redirect(lp)
    return render(request, "loop/learning_point_form.html", {"m": m, "form": form, "lp": None})


@member_required
def learning_point_edit(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    lp = selectors.learning_point_get(m, number)
    require(can_edit_learning_point(m, lp))
    if LearningPointForm.wants_suggestions(request):
        form, suggestions = LearningPointForm.with_suggestions(request, m, instance=lp)
        context = {"m": m, "form": form, "lp": lp, "suggestions": suggestions, "suggested": True}
        return render(request, "loop/learning_point_form.html", context)
    form = LearningPointForm(request.POST or None, membership=m, instance=lp)
    if request.method == "POST" and form.is_valid():
        lp = form.save(commit=False)
        services.learning_point_save(
            learning_point=lp,
            themes=form.cleaned_data["themes"],
            agencies=form.cleaned_data["agencies"],
            by=request.user,
        )
        messages.success(request, f"Learning point {lp.reference} saved.")
        return redirect(lp)
    return render(request, "loop/learning_point_form.html", {"m": m, "form": form, "lp": lp})


@member_required
def learning_point_decide(request: HttpRequest, m: Membership, number: int) -> HttpResponse:
    lp = selectors.learning_point_get(m, number)
    require(can_approve(m) and lp.approval == LearningPoint.Approval.AWAITING)
    form = DecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        approve = form.cleaned_data["decision"] == "approve"
        services.learning_point_decide(
            learning_point=lp, approve=approve, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(request, f"{lp.reference} {'approved' if approve else 'not approved'}.")
        return redirect(lp)
    return render(request, "loop/learning_point_decide.html", {"m": m, "form": form, "lp": lp})
