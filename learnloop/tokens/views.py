"""A member's API tokens for one partnership; the lead officer sees and revokes everyone's."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from learnloop.accounts.models import Membership
from learnloop.core.scoping import member_required
from learnloop.tokens import services
from learnloop.tokens.forms import TokenForm
from learnloop.tokens.models import AccessToken


def _visible(m: Membership):  # type: ignore[no-untyped-def]
    tokens = AccessToken.objects.filter(partnership=m.partnership).select_related("user")
    return tokens if m.is_lead_officer else tokens.filter(user=m.user)


@member_required
def token_list(request: HttpRequest, m: Membership) -> HttpResponse:
    tokens = list(_visible(m))
    return render(
        request,
        "tokens/list.html",
        {
            "m": m,
            "own": [t for t in tokens if t.user_id == m.user_id],
            "others": [t for t in tokens if t.user_id != m.user_id],
        },
    )


@member_required
def token_create(request: HttpRequest, m: Membership) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, secret = services.token_create(
            membership=m, name=form.cleaned_data["name"], expires_on=form.cleaned_data["expires_on"]
        )
        # Rendered, not redirected: the secret is never stored, so it can be shown only in this answer.
        response = render(request, "tokens/created.html", {"m": m, "token": token, "secret": secret})
        response["Cache-Control"] = "no-store"
        return response
    return render(request, "tokens/form.html", {"m": m, "form": form})


@member_required
def token_revoke(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    token = get_object_or_404(_visible(m), pk=pk, revoked_at__isnull=True)
    if request.method == "POST":
        services.token_revoke(token, by=request.user)
        messages.success(request, f"Token ‘{token.name}’ revoked. It no longer works.")
        return redirect("tokens:list", slug=m.partnership.slug)
    return render(request, "tokens/revoke.html", {"m": m, "token": token})
