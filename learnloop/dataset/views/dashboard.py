"""The MISE dashboard: every indicator as a chart with its table, and one indicator in detail."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from learnloop.accounts.models import Membership
from learnloop.core.disclosure import NOTE
from learnloop.core.exports import export_response
from learnloop.core.pagecache import kept_page
from learnloop.core.scoping import member_required
from learnloop.dataset import selectors
from learnloop.dataset.computation import BREAKDOWNS, PERIOD_KINDS
from learnloop.dataset.forms import DashboardForm, IndicatorForm
from learnloop.dataset.models import Indicator
from learnloop.dataset.permissions import can_act_on_signals, can_load_data, can_see_small_numbers
from learnloop.dataset.tables import HEADERS, indicator_rows, marked


def _suppressed(request: HttpRequest, m: Membership) -> bool:
    """Small numbers are suppressed for everyone who may not see them, and for anyone asking
    for the figures to share (`?shared=1`: the download for a committee paper or the public)."""
    return not can_see_small_numbers(m) or request.GET.get("shared") == "1"


def _export(m: Membership, fmt: str, series_list: list, filename: str, *, suppressed: bool) -> HttpResponse:
    headers = ["breakdown", *HEADERS] if any(s.breakdown_value for s in series_list) else HEADERS
    rows = ([row[h] for h in headers] for row in map(marked, indicator_rows(series_list)))
    if suppressed:
        rows = _with_note(rows, len(headers))
        filename = f"{filename}-suppressed"
    return export_response(
        fmt=fmt,
        filename=filename,
        headers=headers,
        rows=rows,
        partnership=m.partnership,
        what="indicator figures (small numbers suppressed)" if suppressed else "indicator figures",
    )


def _with_note(rows: Iterator[list[Any]], width: int) -> Iterator[list[Any]]:
    yield from rows
    yield [NOTE, *[None] * (width - 1)]


@member_required
@kept_page
def index(request: HttpRequest, m: Membership) -> HttpResponse:
    form = DashboardForm(request.GET or None)
    kind, section = form.values()
    indicators = list(selectors.indicator_list(section=section))
    fmt = request.GET.get("export")
    if fmt in {"csv", "xlsx"}:
        suppressed = _suppressed(request, m)
        series_list = selectors.series_for(m, kind=kind, indicators=indicators, suppressed=suppressed)
        return _export(m, fmt, series_list, f"dataset-{section}-{kind}", suppressed=suppressed)
    context = {
        "m": m,
        "form": form,
        "kind": kind,
        "kind_label": PERIOD_KINDS[kind],
        "section": section,
        "section_label": Indicator.Section(section).label,
        "sections": Indicator.Section.choices,
        "panels": selectors.panels(m, kind=kind, indicators=indicators),
        "summary": selectors.event_summary(m),
        "can_load": can_load_data(m),
        "can_act": can_act_on_signals(m),
        "sees_small_numbers": can_see_small_numbers(m),
        "query": request.GET.urlencode(),
    }
    return render(request, "dataset/index.html", context)


@member_required
@kept_page
def indicator(request: HttpRequest, m: Membership, code: str) -> HttpResponse:
    item = selectors.indicator_get(code)
    form = IndicatorForm(request.GET or None)
    kind, breakdown = form.values()
    fmt = request.GET.get("export")
    if fmt in {"csv", "xlsx"}:
        suppressed = _suppressed(request, m)
        series = selectors.series_for(m, kind=kind, indicators=[item], breakdown=breakdown, suppressed=suppressed)
        return _export(m, fmt, series, f"indicator-{item.code}-{kind}", suppressed=suppressed)
    breakdown_series = selectors.series_for(m, kind=kind, indicators=[item], breakdown=breakdown) if breakdown else []
    panel = next(iter(selectors.panels(m, kind=kind, indicators=[item])), None)
    context = {
        "m": m,
        "item": item,
        "form": form,
        "kind": kind,
        "kind_label": PERIOD_KINDS[kind],
        "breakdown": breakdown,
        "breakdown_label": BREAKDOWNS.get(breakdown or "", ""),
        "panel": panel,
        "breakdown_series": breakdown_series,
        "breakdown_suppressed": any(s.suppressed for s in breakdown_series),
        "sees_small_numbers": can_see_small_numbers(m),
        "query": request.GET.urlencode(),
    }
    return render(request, "dataset/indicator.html", context)
