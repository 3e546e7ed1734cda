"""The insights page: what is recurring, emerging, stalled and new, each with its evidence; the
theme matrix and the records behind each of its cells; decisions about findings; thresholds."""

from __future__ import annotations

import contextlib
import datetime as dt
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from learnloop.accounts.models import Membership
from learnloop.core import audit
from learnloop.core.models import AuditEntry
from learnloop.core.scoping import member_required, require
from learnloop.insights import permissions, selectors, services
from learnloop.insights.export import findings_csv
from learnloop.insights.forms import ActingForm, DatesForm, DismissForm, InsightSettingsForm, MatrixForm
from learnloop.insights.loopstate import settings_for
from learnloop.insights.rules import KIND_TITLES


def _dates(request: HttpRequest, m: Membership) -> tuple[DatesForm, dt.date, dt.date]:
    form = DatesForm(request.GET or None)
    today = timezone.localdate()
    as_of, since = today, None
    if form.is_bound and form.is_valid():
        as_of = form.cleaned_data["as_of"] or today
        since = form.cleaned_data["since"]
    return form, as_of, since or selectors.whats_new_default(m.partnership)


@member_required
def index(request: HttpRequest, m: Membership) -> HttpResponse:
    require(permissions.can_read_insights(m))
    form, as_of, since = _dates(request, m)
    found = selectors.insights(m, as_of)
    new = [f for f in found.findings if f.since >= since]
    context = {
        "m": m,
        "form": form,
        "insights": found,
        "new": new,
        "since": since,
        "as_of": as_of,
        "is_today": as_of == timezone.localdate(),
        "can_decide": permissions.can_decide(m),
        "can_raise": permissions.can_raise(m),
        "can_edit_settings": permissions.can_edit_settings(m),
        "export_query": urlencode({"as_of": as_of.isoformat()}),
    }
    return render(request, "insights/index.html", context)


@member_required
def export_csv(request: HttpRequest, m: Membership) -> HttpResponse:
    require(permissions.can_read_insights(m))
    as_of = timezone.localdate()
    if request.GET.get("as_of"):
        with contextlib.suppress(ValueError):
            as_of = dt.date.fromisoformat(request.GET["as_of"])
    found = selectors.insights(m, as_of)
    audit.record(
        event=AuditEntry.Event.EXPORT,
        partnership=m.partnership,
        detail=f"Insights as of {as_of.isoformat()}: {len(found.findings)} findings (CSV)",
    )
    response = HttpResponse(findings_csv(found.findings), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="insights-{m.partnership.slug}-{as_of.isoformat()}.csv"'
    return response


def _cell_url(m: Membership, agency_id: int | None) -> object:
    base = reverse("insights:records", args=[m.partnership.slug])

    def url(theme: str, source: str, start: dt.date, end: dt.date) -> str:
        query = {"theme": theme, "start": start.isoformat(), "end": end.isoformat()}
        if source:
            query["source"] = source
        if agency_id:
            query["agency"] = str(agency_id)
        return f"{base}?{urlencode(query)}"

    return url


@member_required
def matrix(request: HttpRequest, m: Membership) -> HttpResponse:
    require(permissions.can_read_insights(m))
    form = MatrixForm(request.GET or None, membership=m)
    today = timezone.localdate()
    by, end, start, agency = "source", today, None, None
    if form.is_bound and form.is_valid():
        by = form.cleaned_data["by"] or "source"
        end = form.cleaned_data["end"] or today
        start = form.cleaned_data["start"]
        agency = form.cleaned_data["agency"]
    start = start or end - dt.timedelta(days=364)
    table = selectors.theme_matrix(
        m,
        start=start,
        end=end,
        by=by,
        agency_id=agency.pk if agency else None,
        cell_url=_cell_url(m, agency.pk if agency else None),
    )
    context = {"m": m, "form": form, "table": table, "by": by, "agency": agency}
    return render(request, "insights/matrix.html", context)


def _date_param(request: HttpRequest, name: str, default: dt.date) -> dt.date:
    try:
        return dt.date.fromisoformat(request.GET.get(name, ""))
    except ValueError:
        return default


@member_required
def cell_records(request: HttpRequest, m: Membership) -> HttpResponse:
    """Exactly the records one cell of the theme matrix counts."""
    require(permissions.can_read_insights(m))
    today = timezone.localdate()
    end = _date_param(request, "end", today)
    start = _date_param(request, "start", end - dt.timedelta(days=364))
    theme = request.GET.get("theme", "")
    source = request.GET.get("source", "")
    agency_id = int(request.GET["agency"]) if request.GET.get("agency", "").isdigit() else None
    records = selectors.cell_records(m, theme=theme, source=source, start=start, end=end, agency_id=agency_id)
    context = {
        "m": m,
        "records": records,
        "theme_name": selectors.theme_names(m.partnership_id).get(theme, theme),
        "source_name": selectors.source_names().get(source, source) if source else "",
        "start": start,
        "end": end,
    }
    return render(request, "insights/records.html", context)


@require_POST
@member_required
def finding_raise(request: HttpRequest, m: Membership, key: str) -> HttpResponse:
    require(permissions.can_raise(m))
    finding = selectors.finding_get(m, key)
    lp = services.finding_raise(partnership=m.partnership, finding=finding, by=request.user)
    messages.success(request, f"Raised as learning point {lp.reference}.")
    return redirect(lp)


@member_required
def finding_dismiss(request: HttpRequest, m: Membership, key: str) -> HttpResponse:
    require(permissions.can_decide(m))
    finding = selectors.finding_get(m, key)
    form = DismissForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.finding_dismiss(
            partnership=m.partnership, finding=finding, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(request, f"{KIND_TITLES[finding.kind]} “{finding.subject}” dismissed.")
        return redirect("insights:index", m.partnership.slug)
    return render(request, "insights/decision_form.html", {"m": m, "form": form, "finding": finding, "verb": "Dismiss"})


@member_required
def finding_acting(request: HttpRequest, m: Membership, key: str) -> HttpResponse:
    require(permissions.can_decide(m))
    finding = selectors.finding_get(m, key)
    form = ActingForm(request.POST or None, membership=m)
    if request.method == "POST" and form.is_valid():
        services.finding_mark_acting(
            partnership=m.partnership,
            finding=finding,
            action=form.cleaned_data["action"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        )
        messages.success(
            request, f"“{finding.subject}” marked as being acted on by {form.cleaned_data['action'].reference}."
        )
        return redirect("insights:index", m.partnership.slug)
    context = {"m": m, "form": form, "finding": finding, "verb": "Mark as being acted on"}
    return render(request, "insights/decision_form.html", context)


@member_required
def settings_edit(request: HttpRequest, m: Membership) -> HttpResponse:
    require(permissions.can_edit_settings(m))
    current = settings_for(m.partnership_id)
    form = InsightSettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        services.insight_settings_save(settings=form.save(commit=False), by=request.user)
        messages.success(request, "Insight thresholds saved.")
        return redirect("insights:index", m.partnership.slug)
    return render(request, "insights/settings_form.html", {"m": m, "form": form})
