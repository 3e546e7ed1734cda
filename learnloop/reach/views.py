"""Website reach: the timeline with the loop's sharing marked, imports, top pages and campaigns."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.core.exports import export_response
from learnloop.core.lists import Column, ListPage
from learnloop.core.pagecache import kept_page
from learnloop.core.scoping import member_required, require
from learnloop.ingest import staging
from learnloop.loop.models import LearningPoint
from learnloop.reach import charts, selectors, services
from learnloop.reach.filters import TopPagesFilter
from learnloop.reach.forms import (
    PeriodForm,
    PromotedPagesForm,
    RaiseLearningPointForm,
    StatisticsImportForm,
)
from learnloop.reach.permissions import can_import_statistics, can_link_campaign_pages, can_raise_learning_point


@member_required
@kept_page
def overview(request: HttpRequest, m: Membership) -> HttpResponse:
    form = PeriodForm(request.GET or None)
    start, end = selectors.default_period(m, timezone.localdate())
    chosen_start, chosen_end = form.period()
    start, end = chosen_start or start, chosen_end or end
    rows = selectors.traffic(m, start, end)
    marks = selectors.timeline_marks(m, start, end)
    fmt = request.GET.get("export")
    if fmt in {"csv", "xlsx"}:
        return export_response(
            fmt=fmt,
            filename="website-reach",
            partnership=m.partnership,
            what="website figures by month",
            headers=["Month", "Visitors", "Page views", "Source"],
            rows=([r.month.strftime("%Y-%m"), r.visitors, r.pageviews, r.get_tool_display()] for r in rows),
        )
    context = {
        "m": m,
        "form": form,
        "rows": rows,
        "marks": marks,
        "start": start,
        "end": end,
        "can_import": can_import_statistics(m),
    }
    if rows:
        context["chart"] = charts.reach_chart(rows, marks)
        context["chart_text"] = charts.describe_reach(rows, marks)
    return render(request, "reach/overview.html", context)


@member_required
def statistics_import(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_import_statistics(m))
    form = StatisticsImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        month = form.cleaned_data.get("month")
        staged = staging.stage(
            m=m,
            kind="reach:statistics",
            content=form.cleaned_data["content"],
            filename=form.cleaned_data["filename"],
            options={"tool": form.cleaned_data["tool"], "month": month.isoformat() if month else None},
        )
        return redirect("reach:import_check", m.partnership.slug, staged.token)
    return render(request, "reach/import.html", {"m": m, "form": form})


@member_required
def statistics_import_check(request: HttpRequest, m: Membership, token: str) -> HttpResponse:
    """What the uploaded statistics would add or change; nothing is imported until the member accepts."""
    require(can_import_statistics(m))
    staged = staging.get(m, token, kind="reach:statistics")
    month = staged.options.get("month")
    common = {
        "partnership": m.partnership,
        "tool": staged.options["tool"],
        "filename": staged.filename,
        "month": dt.date.fromisoformat(month) if month else None,
        "by": request.user,
    }

    def check(data: bytes) -> staging.Check:
        return services.statistics_import(data=data, dry_run=True, **common).check()

    def run(data: bytes, good_only: bool) -> str:
        outcome = services.statistics_import(data=data, skip_bad=good_only, **common)
        if outcome.fatal or (outcome.errors and not good_only):
            raise staging.NotAccepted(f"Nothing was imported: {len(outcome.errors)} problems in the file.")
        message = outcome.summary()
        left_out = outcome.check().bad_rows
        if left_out:
            message += f" {left_out} bad row{'s' if left_out != 1 else ''} left out."
        messages.success(request, message)
        return reverse("reach:overview", args=[m.partnership.slug])

    upload_url = reverse("reach:import", args=[m.partnership.slug])
    return staging.check_page(
        request,
        m,
        staged,
        check=check,
        run=run,
        caption="Import website statistics",
        back_url=upload_url,
        upload_url=upload_url,
    )


IMPORTS = ListPage(
    url_name="reach:imports",
    keep=False,
    template="reach/import_list.html",
    rows=selectors.imports,
    noun="import",
    filename="website-imports",
    what="website statistics imports",
    columns=[
        Column("Imported", "created_at"),
        Column("By", lambda i: str(i.created_by or "")),
        Column("Tool", "get_tool_display"),
        Column("File", "filename"),
        Column("First month", "first_month"),
        Column("Last month", "last_month"),
        Column("Added", "added"),
        Column("Changed", "changed"),
        Column("Unchanged", "unchanged"),
    ],
    context=lambda request, m, page: {"can_import": can_import_statistics(m)},
)
import_list = IMPORTS.view


TOP_PAGES = ListPage(
    url_name="reach:top_pages",
    template="reach/top_pages.html",
    rows=selectors.top_pages,
    filterset=TopPagesFilter,
    noun="page",
    filename="website-top-pages",
    what="website pages",
    columns=[
        Column("Page", lambda p: p["path"]),
        Column("Page views", lambda p: p["pageviews"]),
        Column("Months with figures", lambda p: p["months"]),
    ],
)
top_pages = TOP_PAGES.view


@member_required
def campaign(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    d = selectors.campaign_get(m, pk)
    promoted = selectors.promoted_pages_for(m, d)
    paths = promoted.path_list() if promoted else []
    effect = selectors.campaign_effect(m, d, paths)
    context = {
        "m": m,
        "d": d,
        "promoted": promoted,
        "paths": paths,
        "effect": effect,
        "can_link": can_link_campaign_pages(m),
        "can_raise": can_raise_learning_point(m) and promoted is not None,
    }
    if paths and any(v is not None for _, v in effect.series):
        context["chart"] = charts.campaign_chart(effect, "Views of the pages it promoted")
        context["chart_text"] = charts.describe_campaign(effect, effect.month)
    return render(request, "reach/campaign.html", context)


@member_required
def campaign_pages(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_link_campaign_pages(m))
    d = selectors.campaign_get(m, pk)
    promoted = selectors.promoted_pages_for(m, d)
    form = PromotedPagesForm(request.POST or None, initial={"paths": promoted.paths if promoted else ""})
    if request.method == "POST" and form.is_valid():
        services.promoted_pages_save(dissemination=d, paths=form.cleaned_data["paths"].splitlines(), by=request.user)
        messages.success(request, "Pages saved.")
        return redirect("reach:campaign", m.partnership.slug, d.pk)
    return render(request, "reach/campaign_pages.html", {"m": m, "form": form, "d": d})


@member_required
def campaign_raise(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_raise_learning_point(m))
    d = selectors.campaign_get(m, pk)
    promoted = selectors.promoted_pages_for(m, d)
    require(promoted is not None)
    effect = selectors.campaign_effect(m, d, promoted.path_list())
    summary = f"Views of {', '.join(promoted.path_list())} after “{d.title}” ({d.date:%B %Y})"
    if effect.before_mean is not None and effect.after_mean is not None:
        summary += f": a mean of {effect.after_mean:,.0f} a month against {effect.before_mean:,.0f} in the {effect.window} months before."
    initial = {"title": f"Reach of {d.title}"[:200], "description": summary, "kind": LearningPoint.Kind.GOOD_PRACTICE}
    form = RaiseLearningPointForm(request.POST or None, partnership_id=m.partnership_id, initial=initial)
    if request.method == "POST" and form.is_valid():
        lp = services.learning_point_raise(record=promoted, by=request.user, **form.cleaned_data)
        messages.success(request, f"Learning point {lp.reference} raised. It is awaiting approval.")
        return redirect(lp)
    return render(request, "reach/raise_form.html", {"m": m, "form": form, "d": d})
