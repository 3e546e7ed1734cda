"""Hold a signed-in session at the second step until it is verified (or set up, where required)."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import Resolver404, resolve, reverse

from learnloop.accounts.two_factor import STATE_KEY, Step, step_for

# The pages a session may reach before its second step: the step itself, and signing out.
OPEN_BEFORE_SECOND_STEP = {
    "accounts:logout",
    "accounts:two_factor_verify",
    "accounts:two_factor_set_up",
    "core:health",
}


class TwoFactorMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not user.is_verified():  # type: ignore[union-attr]
            step = request.session.get(STATE_KEY)
            if step is None:
                step = request.session[STATE_KEY] = step_for(user)
            if step != Step.NONE and not self._open(request):
                target = "accounts:two_factor_verify" if step == Step.VERIFY else "accounts:two_factor_set_up"
                return HttpResponseRedirect(f"{reverse(target)}?{urlencode({'next': request.get_full_path()})}")
        return self.get_response(request)

    @staticmethod
    def _open(request: HttpRequest) -> bool:
        try:
            match = resolve(request.path_info)
        except Resolver404:
            return True
        return match.view_name in OPEN_BEFORE_SECOND_STEP
