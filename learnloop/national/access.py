"""Who may read the national view: a national reader (NationalMembership) or any active member
of any partnership. Nobody else learns that it exists (a 404)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse

from learnloop.accounts.models import Membership
from learnloop.accounts.permissions import can_manage_partnership
from learnloop.national.models import NationalMembership


def own_partnership_ids(user: Any) -> set[int]:
    return set(Membership.objects.filter(user=user, is_active=True).values_list("partnership_id", flat=True))


def is_national_reader(user: Any) -> bool:
    return NationalMembership.objects.filter(user=user, is_active=True).exists()


def may_read_national(user: Any) -> bool:
    """Whether this person may read the national view now: the pages, the API and national tokens."""
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return False
    return bool(own_partnership_ids(user)) or is_national_reader(user)


def national_reader_required(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    @login_required
    @functools.wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        own = own_partnership_ids(request.user)
        if not own and not is_national_reader(request.user):
            raise Http404
        request.own_partnership_ids = own  # type: ignore[attr-defined]
        return view(request, *args, **kwargs)

    return wrapper


def can_manage_sharing(m: Membership) -> bool:
    """Only the lead officer decides what the partnership shares nationally."""
    return can_manage_partnership(m)
