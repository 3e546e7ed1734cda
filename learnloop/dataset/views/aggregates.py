"""Aggregate returns: the list, entering a value, uploading values, and locking quarters."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.accounts.models import Membership
from learnloop.core.lists import Column, ListPage
from learnloop.core.scoping import member_required, require
from learnloop.dataset import aggregates, selectors
from learnloop.dataset.filters import AggregateFilter
from learnloop.dataset.forms import AggregateUploadForm, AggregateValueForm
from learnloop.dataset.permissions import can_load_data

HEADERS = ["indicator", "period", "breakdown", "value", "numerator", "denominator"]


def _aggregate_page(request: HttpRequest, m: Membership, page: Page) -> dict[str, object]:
    periods = selectors.aggregate_periods(m, with_exceptions=False)
    return {
        "period": (request.GET.get("period") or "").strip().upper(),
        "indicator": (request.GET.get("indicator") or "").strip(),
        "periods": [p.period for p in periods],
        "locked": {p.period for p in periods if p.lock is not None},
        "indicators": selectors.indicator_list(),
        "may_edit": can_load_data(m),
    }


AGGREGATES = ListPage(
    url_name="dataset:aggregates",
    template="dataset/aggregate_list.html",
    rows=selectors.aggregate_list,
    filterset=AggregateFilter,
    noun="value",
    filename="aggregate-returns",
    what="aggregate values",
    columns=[Column(header, path) for header, path in zip(HEADERS, ["indicator.code", *HEADERS[1:]], strict=True)],
    context=_aggregate_page,
)
aggregate_list = AGGREGATES.view


@member_required
def aggregate_enter(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_load_data(m))
    initial = {k: request.GET.get(k, "") for k in ("indicator", "period", "breakdown")}
    if initial["indicator"] and initial["period"]:
        current = selectors.aggregate_list(m).filter(
            period=initial["period"], indicator__code=initial["indicator"], breakdown=initial["breakdown"]
        )
        for value in current[:1]:
            initial.update(
                value=f"{value.value}",
                numerator="" if value.numerator is None else str(value.numerator),
                denominator="" if value.denominator is None else str(value.denominator),
            )
    form = AggregateValueForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            saved, outcome = aggregates.aggregate_value_save(
                partnership=m.partnership, by=request.user, **form.cleaned_data
            )
        except aggregates.AggregateError as error:
            for name, reason in error.problems.items():
                form.add_error(name if name in form.fields else None, reason)
        else:
            words = {"created": "saved", "updated": "changed", "unchanged": "unchanged"}[outcome]
            messages.success(request, f"{saved.indicator.name}, {saved.period}: value {words}.")
            return redirect("dataset:aggregates", m.partnership.slug)
    locked = sorted(selectors.locked_periods(m), reverse=True)
    return render(request, "dataset/aggregate_form.html", {"m": m, "form": form, "locked": locked})


@member_required
def aggregate_upload(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_load_data(m))
    posted = request.method == "POST"
    form = AggregateUploadForm(request.POST if posted else None, request.FILES if posted else None)
    report = None
    if posted and form.is_valid():
        upload = form.cleaned_data["file"]
        report = aggregates.aggregate_upload(
            partnership=m.partnership,
            stream=upload.file,
            accept_good_rows=form.cleaned_data["accept_good_rows"],
            exception_reason=form.cleaned_data["exception_reason"],
            by=request.user,
        )
        if report.loaded and not report.rows_bad:
            messages.success(
                request,
                f"Saved {upload.name}: {report.created} new, {report.updated} changed, {report.unchanged} unchanged.",
            )
            return redirect("dataset:aggregates", m.partnership.slug)
    context = {"m": m, "form": form, "report": report, "columns": HEADERS}
    return render(request, "dataset/aggregate_upload.html", context)


@member_required
def aggregate_periods(request: HttpRequest, m: Membership) -> HttpResponse:
    context = {"m": m, "periods": selectors.aggregate_periods(m), "may_edit": can_load_data(m)}
    return render(request, "dataset/aggregate_periods.html", context)


@member_required
def aggregate_lock(request: HttpRequest, m: Membership, period: str) -> HttpResponse:
    require(can_load_data(m) and request.method == "POST")
    try:
        lock = aggregates.period_lock(partnership=m.partnership, period=period, by=request.user)
    except aggregates.AggregateError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{lock.period} is locked. A change now needs a recorded exception.")
    return redirect("dataset:aggregate_periods", m.partnership.slug)
