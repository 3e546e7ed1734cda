"""The national themes page: themes over time across the partnerships that share them."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from learnloop.core.disclosure import NOTE
from learnloop.national import theme_charts, themes
from learnloop.national.theme_forms import ThemesFilterForm


def page(request: HttpRequest) -> HttpResponse:
    """Called by views.themes, behind national_reader_required."""
    as_of = timezone.localdate()
    data = themes.shared(as_of)
    form = ThemesFilterForm(
        request.GET or None,
        themes=data.theme_choices,
        sources=themes.source_choices(),
        years=data.years,
        min_partnerships=themes.min_partnerships_default(),
    )
    filters = form.cleaned_data if request.GET and form.is_valid() else {}
    result = themes.themes_over_time(
        as_of=as_of,
        data=data,
        source=filters.get("source") or "",
        year_from=filters.get("year_from"),
        year_to=filters.get("year_to"),
        theme=filters.get("theme") or "",
        min_partnerships=filters.get("min_partnerships"),
    )
    return render(
        request,
        "national/themes.html",
        {
            "form": form,
            "result": result,
            "svg": theme_charts.svg(result),
            "chart_text": theme_charts.text_alternative(result),
            "note": NOTE,
        },
    )
