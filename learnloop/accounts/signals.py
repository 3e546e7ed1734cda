"""At sign-in, work out whether the session owes a second step; clear failures once it owes none."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from learnloop.accounts.two_factor import STATE_KEY, Step, step_for


def clear_failed_attempts(request: Any, user: Any) -> None:
    """Forget the failed attempts (password or code) of this account from this address.

    Called when sign-in is complete, not after the password alone: a password must not wipe the
    count of wrong codes, or each sign-in would buy another run of guesses at the second step.
    """
    from axes.handlers.proxy import AxesProxyHandler
    from axes.helpers import get_credentials

    AxesProxyHandler.update_request(request)
    AxesProxyHandler.get_implementation().reset_user_attempts(request, get_credentials(user.get_username()))


@receiver(user_logged_in, dispatch_uid="learnloop.accounts.two_factor_step")
def note_second_step(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is None or not hasattr(request, "session"):
        return
    step = step_for(user)
    request.session[STATE_KEY] = step
    if step != Step.VERIFY:
        clear_failed_attempts(request, user)
