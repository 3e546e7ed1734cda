"""The partnership's practice themes: add, rename, retire and restore."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import can_manage_partnership
from learnloop.core.scoping import member_required, require
from learnloop.themes import selectors, services
from learnloop.themes.forms import ThemeForm
from learnloop.themes.models import Theme


@member_required
def theme_list(request: HttpRequest, m: Membership) -> HttpResponse:
    themes = selectors.theme_list(m)
    return render(
        request, "themes/theme_list.html", {"m": m, "themes": themes, "can_manage": can_manage_partnership(m)}
    )


def _get(m: Membership, pk: int) -> Theme:
    theme = Theme.objects.filter(partnership=m.partnership, pk=pk).first()
    if theme is None:
        raise Http404
    return theme


@member_required
def theme_form(request: HttpRequest, m: Membership, pk: int | None = None) -> HttpResponse:
    require(can_manage_partnership(m))
    theme = _get(m, pk) if pk is not None else None
    initial = {"name": theme.name, "description": theme.description} if theme else {}
    form = ThemeForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if theme is None:
                theme = services.theme_create(
                    partnership=m.partnership,
                    name=form.cleaned_data["name"],
                    description=form.cleaned_data["description"],
                    by=request.user,
                )
            else:
                services.theme_update(
                    theme=theme, name=form.cleaned_data["name"], description=form.cleaned_data["description"]
                )
        except IntegrityError:
            form.add_error("name", f"There is already a theme called “{form.cleaned_data['name']}”.")
        else:
            messages.success(request, f"Theme “{theme.name}” saved.")
            return redirect("themes:list", slug=m.partnership.slug)
    return render(request, "themes/theme_form.html", {"m": m, "form": form, "theme": theme})


@require_POST
@member_required
def theme_retire(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    require(can_manage_partnership(m))
    theme = _get(m, pk)
    if request.POST.get("restore"):
        services.theme_restore(theme=theme)
        messages.success(request, f"Theme “{theme.name}” restored.")
    else:
        services.theme_retire(theme=theme)
        messages.success(request, f"Theme “{theme.name}” retired. It stays on the records that carry it.")
    return redirect("themes:list", slug=m.partnership.slug)
