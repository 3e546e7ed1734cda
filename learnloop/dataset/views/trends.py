"""Emerging trends: special-cause signals of the latest quarter, and what MISE does with them."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.accounts.models import Membership
from learnloop.core.pagecache import kept_page
from learnloop.core.scoping import member_required, require
from learnloop.dataset import selectors, services
from learnloop.dataset.forms import DismissForm
from learnloop.dataset.permissions import can_act_on_signals


@member_required
@kept_page
def trend_list(request: HttpRequest, m: Membership) -> HttpResponse:
    context = {
        "m": m,
        "trends": selectors.emerging_trends(m),
        "decisions": selectors.with_learning_points(m, selectors.signal_decisions(m)[:20]),
        "can_act": can_act_on_signals(m),
    }
    return render(request, "dataset/trend_list.html", context)


@member_required
def trend_to_learning(request: HttpRequest, m: Membership, code: str, period: str) -> HttpResponse:
    require(can_act_on_signals(m) and request.method == "POST")
    trend, series = selectors.trend_get(m, code, period)
    try:
        lp = services.signal_to_learning_point(m=m, trend=trend, series=series, by=request.user)
    except services.DatasetError as error:
        messages.error(request, str(error))
        return redirect("dataset:trends", m.partnership.slug)
    messages.success(request, f"Learning point {lp.reference} recorded from the signal.")
    return redirect(lp)


@member_required
def trend_dismiss(request: HttpRequest, m: Membership, code: str, period: str) -> HttpResponse:
    require(can_act_on_signals(m))
    trend, series = selectors.trend_get(m, code, period)
    require(trend.decision is None)
    form = DismissForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.signal_dismiss(m=m, trend=trend, series=series, reason=form.cleaned_data["reason"], by=request.user)
        messages.success(request, f"Signal on {trend.indicator.name} dismissed.")
        return redirect("dataset:trends", m.partnership.slug)
    return render(request, "dataset/trend_dismiss.html", {"m": m, "trend": trend, "form": form})
