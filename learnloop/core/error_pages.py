"""The pages people see when a request fails: 400, 403 (and a refused form), 404 and 500.

Each is a page of the service, in its layout, with a way back and someone to ask. A signed-in
member sees their partnership: the one in the address if they belong to it, otherwise their
only one. What a page shows never depends on whether a partnership the person does not
belong to exists: a 404 for a foreign partnership looks like one for a made-up address.

The 500 page uses neither the database nor the request, since either may be what failed.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from django.conf import settings
from django.db import DatabaseError
from django.http import HttpRequest, HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader

from learnloop.accounts.models import Membership
from learnloop.accounts.roles import Role

logger = logging.getLogger(__name__)

PARTNERSHIP_PATH = re.compile(r"^/p/(?P<slug>[-\w]+)/")

# Served if even the 500 template cannot be rendered (for example, static files not collected).
PLAIN_SERVER_ERROR = (
    '<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8">'
    "<title>Sorry, there is a problem with the service</title></head><body>"
    "<h1>Sorry, there is a problem with the service</h1><p>Try again later.</p>"
    '<p><a href="/">Go to the start page</a></p>'
    "<p>If the problem continues, tell your partnership's lead officer or the person who looks after "
    "this service in your organisation.</p></body></html>"
)


def where_you_are(request: HttpRequest) -> dict[str, Any]:
    """The member's partnership and who to ask there, or nothing if that is not known."""
    user = getattr(request, "user", None)
    try:
        if user is None or not user.is_authenticated:
            return {}
        memberships = list(
            Membership.objects.filter(user=user, is_active=True).select_related("partnership", "agency", "user")
        )
        match = PARTNERSHIP_PATH.match(request.path_info)
        here = next((m for m in memberships if match and m.partnership.slug == match["slug"]), None)
        if here is None and len(memberships) == 1:
            here = memberships[0]
        if here is None:
            return {}
        lead_officers = [
            lead.user
            for lead in Membership.objects.filter(partnership=here.partnership, role=Role.LEAD_OFFICER, is_active=True)
            .exclude(user=user)
            .select_related("user")
            .order_by("user__full_name")
        ]
    except DatabaseError:
        logger.exception("Could not look up the partnership for an error page")
        return {}
    return {"m": here, "lead_officers": lead_officers}


def _page(request: HttpRequest, template: str, status: int) -> HttpResponse:
    return render(request, template, where_you_are(request), status=status)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "400.html", 400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(request, "403.html", 403)


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    if request.path_info.startswith("/api/"):
        # An address under the API that no endpoint answers is told so in the API's terms (JSON, as
        # its OpenAPI description says), like an endpoint's own 404: a script never gets a web page.
        return JsonResponse({"detail": "Not found."}, status=404)
    return _page(request, "404.html", 404)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused because its CSRF check failed (settings.CSRF_FAILURE_VIEW)."""
    return _page(request, "403_csrf.html", 403)


def server_error(request: HttpRequest | None = None) -> HttpResponse:
    """Rendered from the service name alone: no database, no request, no context processors."""
    try:
        html = loader.get_template("500.html").render({"service_name": settings.SITE_NAME})
    except Exception:
        logger.exception("Could not render the 500 page")
        html = PLAIN_SERVER_ERROR
    return HttpResponseServerError(html)
