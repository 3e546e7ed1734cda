"""The national view (for national readers and every partnership's members) and the lead
officer's page for choosing what the partnership shares."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from learnloop.accounts.models import Membership
from learnloop.core.disclosure import NOTE
from learnloop.core.scoping import member_required, require
from learnloop.national import benchmarks, charts, selectors, services, summaries
from learnloop.national import search as fulltext
from learnloop.national.access import can_manage_sharing, national_reader_required
from learnloop.national.forms import SearchForm, ShareForm
from learnloop.national.models import ALL, BY_KIND, NationalShare, ShareKind

# The national view -----------------------------------------------------------------------------


@national_reader_required
def home(request: HttpRequest) -> HttpResponse:
    themes = summaries.shared_themes_by_name()
    return render(
        request,
        "national/home.html",
        {"indicators": selectors.shared_indicators(), "themes": themes, "section_national": True},
    )


@national_reader_required
def search(request: HttpRequest) -> HttpResponse:
    """Full-text search of shared learning with filters (learnloop/national/search.py)."""
    data = request.GET.copy()
    data.pop("page", None)
    form = SearchForm(data or None, themes=fulltext.theme_choices())
    results = fulltext.search(**form.filters(), page=request.GET.get("page"))
    template = "national/search.html"
    if request.htmx:  # type: ignore[attr-defined]
        template += "#results"
    context = {"form": form, "results": results, "page": results.page, "noun": "result", "exports": False}
    return render(request, template, context)


@national_reader_required
def item(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    return render(request, "national/item.html", {"item": selectors.item_get(kind, pk)})


@national_reader_required
def benchmark_list(request: HttpRequest) -> HttpResponse:
    return render(request, "national/benchmark_list.html", {"indicators": selectors.shared_indicators()})


@national_reader_required
def benchmark(request: HttpRequest, code: str) -> HttpResponse:
    indicators = selectors.shared_indicators()
    indicator = next((i for i in indicators if i.code == code), None)
    if indicator is None:
        raise Http404
    # Every shared indicator's figures together: computed once for all the benchmark pages.
    kept = benchmarks.store(indicators)
    years = benchmarks.years_for(kept.counts_by_year(indicator))
    try:
        year = int(request.GET.get("year", "") or (years[0] if years else 0))
    except ValueError:
        year = years[0] if years else 0
    if years and year not in years:
        year = years[0]
    result = benchmarks.kept_benchmark(kept, indicator, year) if years else None
    own = request.own_partnership_ids  # type: ignore[attr-defined]
    return render(
        request,
        "national/benchmark.html",
        {
            "indicator": indicator,
            "years": years,
            "year": year,
            "result": result,
            "svg": charts.svg(result, own) if result else "",
            "own_ids": own,
            "note": NOTE,
        },
    )


# The lead officer's sharing page --------------------------------------------------------------


def _candidates(m: Membership) -> dict[str, list[tuple[int, str]]]:
    """The partnership's own items that could be shared, kind by kind."""
    from learnloop.dataset.models import Indicator
    from learnloop.loop.models import LearningPoint, SevenMinuteBriefing
    from learnloop.reviews.models import Publication
    from learnloop.themes.models import Theme

    p = m.partnership
    return {
        ShareKind.PUBLICATION: [
            (x.pk, str(x))
            for x in Publication.objects.filter(partnership=p, status=Publication.Status.PUBLISHED).order_by("title")
        ],
        ShareKind.SEVEN_MINUTE: [
            (x.pk, x.dissemination.title)
            for x in SevenMinuteBriefing.objects.filter(dissemination__partnership=p).select_related("dissemination")
        ],
        ShareKind.LEARNING_POINT: [
            (x.pk, x.title)
            for x in LearningPoint.objects.filter(
                partnership=p, is_confidential=False, approval=LearningPoint.Approval.APPROVED
            ).order_by("title")
        ],
        ShareKind.THEME: [(x.pk, x.name) for x in Theme.objects.filter(partnership=p).order_by("name")],
        ShareKind.INDICATOR: [
            (x.pk, x.name)
            for x in Indicator.objects.filter(in_dataset=True, unit__in=["percent", "rate"]).order_by("position")
        ],
    }


@member_required
def sharing(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_manage_sharing(m))
    active = list(NationalShare.objects.filter(partnership=m.partnership, withdrawn_at__isnull=True))
    by_kind = {s.kind for s in active if s.object_id == ALL}
    items = {(s.kind, s.object_id): s for s in active if s.object_id != ALL}
    sections = []
    for kind, candidates in _candidates(m).items():
        kind_share = next((s for s in active if s.kind == kind and s.object_id == ALL), None)
        sections.append(
            {
                "kind": kind,
                "label": ShareKind(kind).label,
                "by_kind_allowed": kind in BY_KIND,
                "kind_share": kind_share,
                "rows": [
                    {"pk": pk, "label": label, "share": items.get((kind, pk)), "by_kind": kind in by_kind}
                    for pk, label in candidates
                ],
            }
        )
    return render(request, "national/sharing.html", {"m": m, "sections": sections})


@require_POST
@member_required
def share(request: HttpRequest, m: Membership) -> HttpResponse:
    require(can_manage_sharing(m))
    form = ShareForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose what to share.")
        return redirect("national_sharing:sharing", slug=m.partnership.slug)
    kind, object_id = form.cleaned_data["kind"], form.cleaned_data["object_id"]
    try:
        if object_id == ALL:
            services.share_kind(partnership=m.partnership, kind=kind, by=request.user)
            messages.success(request, f"Shared nationally: all {ShareKind(kind).label.lower()}.")
        else:
            done = services.share_item(partnership=m.partnership, kind=kind, object_id=object_id, by=request.user)
            messages.success(request, f"Shared nationally: {done.label}.")
    except services.NationalError as error:
        messages.error(request, str(error))
    return redirect("national_sharing:sharing", slug=m.partnership.slug)


@require_POST
@member_required
def withdraw(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_manage_sharing(m))
    found = get_object_or_404(NationalShare, pk=pk, partnership=m.partnership, withdrawn_at__isnull=True)
    services.share_withdraw(share=found, by=request.user)
    messages.success(request, "Withdrawn from the national view.")
    return redirect("national_sharing:sharing", slug=m.partnership.slug)


@national_reader_required
def themes(request: HttpRequest) -> HttpResponse:
    from learnloop.national import theme_views

    return theme_views.page(request)
