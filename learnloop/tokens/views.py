"""API tokens. A member's tokens for one partnership, where the lead officer sees and revokes
everyone's; and a person's tokens for the national view, which only they see and revoke here
(staff who manage national memberships revoke them in the admin site)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from learnloop.accounts.models import Membership
from learnloop.core.scoping import member_required
from learnloop.national.access import national_reader_required
from learnloop.tokens import services
from learnloop.tokens.forms import TokenForm
from learnloop.tokens.models import AccessToken


def _visible(m: Membership):  # type: ignore[no-untyped-def]
    tokens = AccessToken.objects.filter(scope=AccessToken.Scope.PARTNERSHIP, partnership=m.partnership).select_related(
        "user"
    )
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
            "national_count": AccessToken.objects.filter(user=m.user, scope=AccessToken.Scope.NATIONAL).count(),
        },
    )


@member_required
def token_create(request: HttpRequest, m: Membership) -> HttpResponse:
    form = TokenForm(request.POST or None, partnership=m.partnership)
    if request.method == "POST" and form.is_valid():
        name, expires_on = form.cleaned_data["name"], form.cleaned_data["expires_on"]
        if form.cleaned_data.get("scope") == AccessToken.Scope.NATIONAL:
            # Every active member may read the national view, so may make a token for it.
            token, secret = services.national_token_create(user=request.user, name=name, expires_on=expires_on)
        else:
            token, secret = services.token_create(membership=m, name=name, expires_on=expires_on)
        return _created(request, token, secret, m)
    return render(request, "tokens/form.html", {"m": m, "form": form})


def _created(request: HttpRequest, token: AccessToken, secret: str, m: Membership | None) -> HttpResponse:
    # Rendered, not redirected: the secret is never stored, so it can be shown only in this answer.
    response = render(request, "tokens/created.html", {"m": m, "token": token, "secret": secret})
    response["Cache-Control"] = "no-store"
    return response


@member_required
def token_revoke(request: HttpRequest, m: Membership, pk: int) -> HttpResponse:
    token = get_object_or_404(_visible(m), pk=pk, revoked_at__isnull=True)
    if request.method == "POST":
        services.token_revoke(token, by=request.user)
        messages.success(request, f"Token ‘{token.name}’ revoked. It no longer works.")
        return redirect("tokens:list", slug=m.partnership.slug)
    return render(request, "tokens/revoke.html", {"m": m, "token": token})


# Tokens for the national view ------------------------------------------------------------------


def _own_national(request: HttpRequest):  # type: ignore[no-untyped-def]
    return AccessToken.objects.filter(user=request.user, scope=AccessToken.Scope.NATIONAL)


@national_reader_required
def national_token_list(request: HttpRequest) -> HttpResponse:
    return render(request, "tokens/national_list.html", {"tokens": list(_own_national(request))})


@national_reader_required
def national_token_create(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        token, secret = services.national_token_create(
            user=request.user, name=form.cleaned_data["name"], expires_on=form.cleaned_data["expires_on"]
        )
        return _created(request, token, secret, None)
    return render(request, "tokens/national_form.html", {"form": form})


@national_reader_required
def national_token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(_own_national(request), pk=pk, revoked_at__isnull=True)
    if request.method == "POST":
        services.token_revoke(token, by=request.user)
        messages.success(request, f"Token ‘{token.name}’ revoked. It no longer works.")
        return redirect("national_tokens:list")
    return render(request, "tokens/revoke.html", {"m": None, "token": token})
