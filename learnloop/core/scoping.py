"""Who is asking, in which partnership. Every partnership page goes through member_required."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from learnloop.accounts.models import Membership


def membership_for(user: Any, slug: str) -> Membership:
    """The user's active membership of the partnership, or a 404 (existence never leaks)."""
    if not getattr(user, "is_authenticated", False):
        raise Http404
    membership = (
        Membership.objects.select_related("partnership", "agency", "user")
        .filter(user=user, partnership__slug=slug, is_active=True)
        .first()
    )
    if membership is None:
        raise Http404("No such partnership.")
    return membership


def member_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Resolve the partnership from the URL's slug and attach the user's membership."""

    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, slug: str, *args: Any, **kwargs: Any) -> HttpResponse:
        membership = membership_for(request.user, slug)
        request.membership = membership  # type: ignore[attr-defined]
        request.partnership = membership.partnership  # type: ignore[attr-defined]
        return view(request, membership, *args, **kwargs)

    return wrapper


def require(allowed: bool) -> None:
    """A member who may see a record but not change it gets a 404 on the change page too."""
    if not allowed:
        raise Http404
