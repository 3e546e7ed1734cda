"""Timeliness for audit sampling, and population figures."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.accounts.models import Membership
from learnloop.core.lists import Column, ListPage
from learnloop.core.scoping import member_required, require
from learnloop.dataset import selectors, services
from learnloop.dataset.forms import PopulationForm
from learnloop.dataset.permissions import can_load_data


class QuarterFilterForm(forms.Form):
    period = forms.CharField(required=False)

    def filters(self) -> dict[str, str]:
        if not self.is_bound or not self.is_valid():
            return {}
        return {"period": self.cleaned_data["period"].strip()}


def _timeliness_page(request: HttpRequest, m: Membership, page: Page) -> dict[str, object]:
    period = (request.GET.get("period") or "").strip()
    return {"period": period, "periods": sorted({i.period for i in selectors.timeliness(m)}, reverse=True)}


TIMELINESS = ListPage(
    url_name="dataset:timeliness",
    template="dataset/timeliness.html",
    rows=lambda m, filters: selectors.timeliness(m, period=filters.get("period") or None),
    form=lambda data, m: QuarterFilterForm(data),
    noun="late meeting",
    filename="late-initial-cppms",
    what="late initial CPPMs",
    columns=[
        Column("Quarter", "period"),
        Column("Record id", "record_id"),
        Column("IRD date", "ird_date"),
        Column("Initial CPPM date", "cppm_date"),
        Column("Days from IRD", "days"),
    ],
    context=_timeliness_page,
)
timeliness = TIMELINESS.view


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
