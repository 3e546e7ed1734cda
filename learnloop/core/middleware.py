from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from learnloop.core import audit


class AuditContextMiddleware:
    """Make the signed-in user and their address available to the audit log."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = audit.set_context(request.user, audit.client_ip(request))
        try:
            return self.get_response(request)
        finally:
            audit.reset_context(token)
