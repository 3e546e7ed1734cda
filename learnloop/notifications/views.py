"""A person's own e-mail settings: every e-mail, or the weekly summary only."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from learnloop.notifications import selectors, services
from learnloop.notifications.forms import PreferenceForm


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    """Only ever the signed-in person's own settings: there is no one else's to ask for."""
    user = request.user
    initial = {"choice": "digest" if services.digest_only_for(user) else "all"}  # type: ignore[arg-type]
    form = PreferenceForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        digest_only = form.cleaned_data["choice"] == "digest"
        services.preference_set(user=user, digest_only=digest_only)  # type: ignore[arg-type]
        messages.success(
            request, "You will get only the weekly summary." if digest_only else "You will get every e-mail."
        )
        return redirect("notifications:preferences")
    return render(
        request,
        "notifications/preferences.html",
        {"form": form, "recent": selectors.recent_for(user)},  # type: ignore[arg-type]
    )
