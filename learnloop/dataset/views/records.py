"""Timeliness for audit sampling, and population figures."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.accounts.models import Membership
from learnloop.core.exports import export_response
from learnloop.core.pagination import paginate
from learnloop.core.scoping import member_required, require
from learnloop.dataset import selectors, services
from learnloop.dataset.forms import PopulationForm
from learnloop.dataset.permissions import can_load_data


@member_required
def timeliness(request: HttpRequest, m: Membership) -> HttpResponse:
    period = (request.GET.get("period") or "").strip() or None
    items = selectors.timeliness(m, period=period)
    fmt = request.GET.get("export")
    if fmt in {"csv", "xlsx"}:
        return export_response(
            fmt=fmt,
            filename="late-initial-cppms",
            headers=["Quarter", "Record id", "IRD date", "Initial CPPM date", "Days from IRD"],
            rows=([i.period, i.record_id, i.ird_date, i.cppm_date, i.days] for i in items),
            partnership=m.partnership,
            what="late initial CPPMs",
        )
    periods = sorted({i.period for i in selectors.timeliness(m)}, reverse=True) if period else None
    context = {
        "m": m,
        "page": paginate(request, items),
        "period": period or "",
        "periods": periods if periods is not None else sorted({i.period for i in items}, reverse=True),
        "query": request.GET.urlencode(),
    }
    return render(request, "dataset/timeliness.html", context)


@member_required
def population(request: HttpRequest, m: Membership) -> HttpResponse:
    may_edit = can_load_data(m)
    form = PopulationForm(request.POST or None)
    if request.method == "POST":
        require(may_edit)
        if form.is_valid():
            try:
                saved = services.population_save(partnership=m.partnership, by=request.user, **form.cleaned_data)
            except services.DatasetError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, f"Population for {saved.year} saved.")
                return redirect("dataset:population", m.partnership.slug)
    context = {"m": m, "form": form, "items": selectors.population_list(m), "may_edit": may_edit}
    return render(request, "dataset/population.html", context)
