"""The partnership's quality framework: every member reads it; the lead officer adds, renames,
re-themes, retires and restores items."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from learnloop.accounts.models import Membership
from learnloop.core.scoping import member_required, require
from learnloop.evaluation import access, framework, selectors
from learnloop.evaluation.forms import FrameworkItemForm
from learnloop.evaluation.models import FrameworkItem


@member_required
def framework_list(request: HttpRequest, m: Membership) -> HttpResponse:
    return render(
        request,
        "evaluation/framework.html",
        {"m": m, "items": selectors.framework_items(m), "can_manage": access.can_manage(m)},
    )


@member_required
def framework_item_form(request: HttpRequest, m: Membership, pk: int | None = None) -> HttpResponse:
    require(access.can_manage(m))
    item = selectors.framework_item_get(m, pk) if pk is not None else None
    initial = {}
    if item is not None:
        initial = {
            "kind": item.kind,
            "code": item.code,
            "name": item.name,
            "parent": item.parent_id,
            "themes": list(item.themes.all()),
            "source": item.source,
        }
    form = FrameworkItemForm(
        request.POST if request.method == "POST" else None, partnership=m.partnership, item=item, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = item or FrameworkItem(partnership=m.partnership)
        target.kind, target.code, target.name = data["kind"], data["code"], data["name"]
        target.parent, target.source = data["parent"], data["source"]
        framework.framework_item_save(item=target, themes=list(data["themes"]), by=request.user)
        messages.success(request, f"“{target.code} {target.name}” saved.")
        return redirect("evaluation:framework", slug=m.partnership.slug)
    return render(request, "evaluation/framework_form.html", {"m": m, "form": form, "item": item})


@require_POST
@member_required
def framework_item_retire(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(access.can_manage(m))
    item = selectors.framework_item_get(m, pk)
    if request.POST.get("restore"):
        framework.framework_item_restore(item=item)
        messages.success(request, f"“{item}” restored.")
    else:
        framework.framework_item_retire(item=item)
        messages.success(request, f"“{item}” retired. It stays on past self-evaluations.")
    return redirect("evaluation:framework", slug=m.partnership.slug)
