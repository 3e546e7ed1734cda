"""Whole pages kept rendered for the member who read them, until anything they show changes.

A partnership page is drawn from the partnership's records, the dataset's figures and today's
date, for one member. A page that opts in with `kept_page` is kept in the shared cache under:

- the member (their membership, user, role and agency): a page is never shown to anyone else;
- the version of the partnership's records (`core.versions`), which every audited write and
  every change to the dataset's figures replaces, and today's date; for a page that shows
  learning other partnerships share (a learning point's similar learning), the version of what
  is shared nationally too, which every share, withdrawal and change to the search index replaces;
- the address with its query, whether htmx asked for a fragment, and the session's CSRF secret
  (the page's forms carry tokens made from it, which stay valid while the secret does);
- the version of the code (a digest of LearnLoop's Python, templates, front-end sources and
  static files' manifest), so a deployment never serves pages drawn by the release before it.

The page's CSP nonce is taken out before the page is kept and the request's own put back when it
is served. Reads the page recorded in the audit log (a confidential record read) are kept with it
and written again, for this reader now, every time it is served: every read stays logged. A page
is never kept when drawing it changed a record (an audited write), changed the session, set a
cookie, queued a message, or answered other than 200 with HTML; nor while the member has a
message waiting (it is shown once, in the page's banner).

On a hit the view does nothing: no queries for the page's rows and no template work, only the
session, the person, the membership and two cache reads.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.core import audit, versions

NONCE_MARK = "__learnloop_csp_nonce__"
_KEPT_HEADERS = ("Content-Type", "Content-Language", "HX-Push-Url", "HX-Replace-Url", "HX-Trigger")


@functools.cache
def code_version() -> str:
    """A digest of what draws pages, the same on every machine running the same release: the
    Python and templates, the front end's sources and, where `collectstatic` has run, the static
    files' manifest (a kept page names the hashed CSS and script files of its release). Read
    once a process."""
    root = Path(settings.BASE_DIR)
    digest = hashlib.sha256()
    files = [
        path
        for folder in (root / "learnloop", root / "templates", root / "frontend")
        for path in folder.rglob("*")
        if path.suffix in {".py", ".html", ".scss", ".mjs"} and path.is_file()
    ]
    manifest = Path(settings.STATIC_ROOT) / "staticfiles.json"
    for path in sorted(files) + ([manifest] if manifest.is_file() else []):
        digest.update(path.name.encode() if path == manifest else path.relative_to(root).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def _key(request: HttpRequest, m: Membership, shared: bool) -> str | None:
    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return None
    asked = "\n".join(
        [
            request.get_full_path(),
            request.headers.get("HX-Request", ""),
            request.headers.get("HX-Target", ""),
            secret,
        ]
    )
    who = f"{m.pk}:{m.user_id}:{m.role}:{m.agency_id}"
    when = f"{versions.records_version(m.partnership_id)}:{timezone.localdate().isoformat()}"
    if shared:
        when += f":{versions.shared_version()}"
    return f"page:{code_version()}:{who}:{when}:{hashlib.sha256(asked.encode()).hexdigest()[:32]}"


def _may_keep(request: HttpRequest) -> bool:
    return (
        getattr(settings, "PAGE_CACHE_SECONDS", 0) > 0
        and request.method == "GET"
        and "export" not in request.GET
        and len(messages.get_messages(request)) == 0  # counts without marking them read
    )


def _served(request: HttpRequest, kept: dict[str, Any]) -> HttpResponse:
    if kept.get("reads"):
        audit.record_again(kept["reads"])
    content = kept["content"].replace(NONCE_MARK, str(request._csp_nonce))  # type: ignore[attr-defined]
    response = HttpResponse(content)
    for header, value in kept["headers"].items():
        response[header] = value
    return response


def _keepable(
    request: HttpRequest, response: HttpResponse, noticed: list[dict[str, Any]], session_modified: bool
) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.has_header("Content-Disposition")
        and not response.cookies
        and not any(entry["event"] in audit.CHANGES for entry in noticed)
        and not session_modified
        and len(messages.get_messages(request)) == 0
    )


def kept_page(view: Callable[..., HttpResponse] | None = None, *, shared: bool = False) -> Any:
    """Keep the page this member view draws (see the module's docstring). Goes inside
    `member_required`: the view takes (request, membership, ...). With `shared=True` the page
    also shows what other partnerships share nationally, and is kept under its version too."""
    if view is None:
        return functools.partial(kept_page, shared=shared)

    @functools.wraps(view)
    def wrapper(request: HttpRequest, m: Membership, *args: Any, **kwargs: Any) -> HttpResponse:
        key = _key(request, m, shared) if _may_keep(request) else None
        if key is None:
            return view(request, m, *args, **kwargs)
        kept = cache.get(key)
        if kept is not None:
            return _served(request, kept)
        session = getattr(request, "session", None)
        modified_before = getattr(session, "modified", False)
        with audit.noticing() as noticed:
            response = view(request, m, *args, **kwargs)
            if hasattr(response, "render") and not getattr(response, "is_rendered", True):
                response.render()
        session_modified = getattr(session, "modified", False) and not modified_before
        if _keepable(request, response, noticed, session_modified):
            content = response.content.decode(response.charset)
            nonce = getattr(request, "_csp_nonce", None)
            if nonce:  # evaluated by the page (base.html's inline script)
                content = content.replace(str(nonce), NONCE_MARK)
            headers = {h: response[h] for h in _KEPT_HEADERS if response.has_header(h)}
            kept = {"content": content, "headers": headers, "reads": noticed}
            cache.set(key, kept, timeout=settings.PAGE_CACHE_SECONDS)
        return response

    return wrapper
