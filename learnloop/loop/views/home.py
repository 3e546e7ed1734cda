"""The home page for each role, and loop health for the partnership."""

from __future__ import annotations

import datetime as dt

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import can_record_learning
from learnloop.core import versions
from learnloop.core.pagecache import kept_page
from learnloop.core.scoping import member_required
from learnloop.loop import selectors
from learnloop.loop.forms import LoopHealthForm


def home_body(m: Membership) -> str:
    """Everything below the greeting: the member's actions and decisions, every source's panel
    and the loop at a glance. It is drawn from the partnership's records, the dataset's figures
    and today's date only, so it is kept in the shared cache for this member (never shared with
    another reader) under the version of the partnership's records and the date: any write of a
    record, and any change to the dataset's figures, gives a new version (`core.versions`)."""
    from learnloop.core.registry import home_panels

    today = timezone.localdate()
    key = f"loop:home:{m.pk}:{m.user_id}:{versions.records_version(m.partnership_id)}:{today.isoformat()}"
    body = cache.get(key)
    if body is None:
        context = {"m": m, "panels": home_panels(m), **selectors.home_summary(m, today=today)}
        body = str(render_to_string("loop/_home_body.html", context))
        cache.set(key, body)
    return mark_safe(body)  # noqa: S308 - rendered by Django's templates, already escaped


@member_required
@kept_page
def home(request: HttpRequest, m: Membership) -> HttpResponse:
    return render(request, "loop/home.html", {"m": m, "can_record": can_record_learning(m), "body": home_body(m)})


def _default_period(today: dt.date) -> tuple[dt.date, dt.date]:
    """The current financial year, April to March, as partnerships report."""
    start_year = today.year if today.month >= 4 else today.year - 1
    return dt.date(start_year, 4, 1), dt.date(start_year + 1, 3, 31)


@member_required
@kept_page
def loop_health(request: HttpRequest, m: Membership) -> HttpResponse:
    today = timezone.localdate()
    default_start, default_end = _default_period(today)
    if request.GET:
        form = LoopHealthForm(request.GET)
        form.is_valid()
        start = form.cleaned_data.get("start") if form.is_valid() else None
        end = form.cleaned_data.get("end") if form.is_valid() else None
    else:
        form = LoopHealthForm(initial={"start": default_start, "end": default_end})
        start, end = default_start, default_end
    health = selectors.loop_health(m, start, end, today=today)
    period_query = ""
    if start:
        period_query += f"&identified_from={start.isoformat()}"
    if end:
        period_query += f"&identified_to={end.isoformat()}"
    figures = [
        ("with actions", health.with_action, "with_action", "no_action", "have no action"),
        ("shared", health.shared, "shared", "not_shared", "have not been shared"),
        ("with evidence of embedding", health.embedded, "embedded", "not_embedded", "have no evidence of embedding"),
        (
            "with impact evaluated",
            health.evaluated,
            "evaluated",
            "not_evaluated",
            "have not had their impact evaluated",
        ),
    ]
    return render(
        request,
        "loop/loop_health.html",
        {
            "m": m,
            "form": form,
            "health": health,
            "figures": figures,
            "period_query": period_query,
            "start": start,
            "end": end,
        },
    )
