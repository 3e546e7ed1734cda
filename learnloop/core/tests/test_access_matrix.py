"""The URL access matrix: every URL has a rule saying who may use it, and the app does as it says.

The rules are in learnloop/testing/access_rules.py; the two partnerships they are checked against
are built by learnloop/testing/access_world.py, once for this module.
"""

from __future__ import annotations

import base64
import functools
import os
from collections.abc import Iterator
from http.cookies import SimpleCookie
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from learnloop.testing.access_rules import EXEMPT, EXEMPT_PREFIXES, RULES, Rule
from learnloop.testing.access_world import MEMBERS, PRINCIPALS, AccessWorld, build_access_world

RULES_FILE = "learnloop/testing/access_rules.py"
ONE_PIXEL_PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def url_patterns(
    resolver: URLResolver | None = None, prefix: str = "", namespace: str = ""
) -> Iterator[tuple[str, str]]:
    """Every URL pattern the site answers: (namespace:name, route)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = namespace
            if pattern.namespace:
                inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from url_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            name = pattern.name or ""
            yield (f"{namespace}:{name}" if namespace and name else name or f"(unnamed) {route}", route)


@functools.cache
def _routes() -> dict[str, str]:
    return dict(url_patterns())


def _exempt(name: str, route: str) -> bool:
    return name in EXEMPT or any(route.startswith(prefix) for prefix in EXEMPT_PREFIXES)


def test_every_url_has_an_access_rule() -> None:
    ruled = {r.name for r in RULES}
    missing = sorted(
        f"{name}  ({route})" for name, route in url_patterns() if not _exempt(name, route) and name not in ruled
    )
    assert not missing, (
        f"These URLs have no access rule. Decide who may GET and POST each one and add a line to "
        f"RULES in {RULES_FILE}, for example\n"
        f'    rule("app:name", get=EVERYONE, post=LEAD, ids=lambda r: {{"pk": r.thing.pk}}),\n  ' + "\n  ".join(missing)
    )


def test_every_access_rule_names_a_url_that_exists() -> None:
    names = {name for name, _ in url_patterns()}
    stale = sorted({r.name for r in RULES} - names) + sorted(set(EXEMPT) - names)
    assert not stale, f"These rules name URLs that no longer exist; remove them from {RULES_FILE}: {stale}"


def test_each_url_has_one_rule() -> None:
    names = [r.name for r in RULES]
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
    assert not set(names) & set(EXEMPT), "A URL is both exempt and given a rule."


# The matrix itself ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def matrix_media(tmp_path_factory: Any) -> Path:
    return tmp_path_factory.mktemp("matrix-media")


@pytest.fixture
def _media_root(settings: Any, matrix_media: Path) -> None:
    """The records' files were saved once for the module: every test reads them from there."""
    settings.MEDIA_ROOT = matrix_media


@pytest.fixture(scope="module")
def access_world(django_db_setup: Any, django_db_blocker: Any, matrix_media: Path) -> Iterator[AccessWorld]:
    """Both partnerships, built once for the module and rolled back at its end. Each person is
    signed in once; requests reuse their session."""
    from django.test.utils import override_settings

    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=matrix_media, TWO_FACTOR_REQUIRED=False),
        transaction.atomic(),
    ):
        world = build_access_world()
        for principal in PRINCIPALS:
            user = world.user(principal)
            if user is not None:
                client = Client()
                client.force_login(user)
                world.sessions[principal] = client.cookies[django_settings.SESSION_COOKIE_NAME].value
        yield world
        transaction.set_rollback(True)


@pytest.fixture(autouse=True)
def _quick_charts(monkeypatch: Any) -> None:
    """Drawing a chart takes a second; the matrix asks who may see a page, not how it looks."""
    import vl_convert

    monkeypatch.setattr(
        vl_convert, "vegalite_to_svg", lambda *args, **kwargs: '<svg xmlns="http://www.w3.org/2000/svg"/>'
    )
    monkeypatch.setattr(vl_convert, "vegalite_to_png", lambda *args, **kwargs: ONE_PIXEL_PNG)


def _outcome(response: Any) -> str:
    """ok (let in), sign-in (sent to sign in) or the refusal's status code."""
    if response.status_code in (301, 302, 303):
        if urlparse(response["Location"]).path == reverse("accounts:login"):
            return "sign-in"
        return "ok"
    if response.status_code < 400:
        return "ok"
    return str(response.status_code)


def _expected(r: Rule, principal: str, method: str, foreign: bool) -> str:
    if method == "GET" and r.get is None:
        return "405"
    allowed = (r.get if method == "GET" else r.post) or frozenset()
    if principal == "anonymous" and not (principal in allowed and not foreign):
        return str(r.signed_out)
    if foreign:
        return "404"
    return "ok" if principal in allowed else str(r.refused)


def _address(r: Rule, world: AccessWorld, foreign: bool) -> str | None:
    """The URL with Glen's slug and its own ids, or with the other partnership's ids (None: the
    URL takes no ids; other_member already asks for it from outside)."""
    if r.ids is None:
        return None if foreign else reverse(r.name, kwargs=_slug(r, world)) + r.query
    kwargs = _slug(r, world) | r.ids((world.foreign if foreign else world.own).records)
    return reverse(r.name, kwargs=kwargs) + r.query


def _slug(r: Rule, world: AccessWorld) -> dict[str, str]:
    return {"slug": world.own.slug} if "<slug:slug>" in _routes()[r.name] else {}


def _askers(r: Rule, method: str, foreign: bool) -> tuple[str, ...]:
    """Everyone asks with Glen's ids. With the other partnership's ids, the members let in with
    Glen's ask (and the lead officer where nobody is): anyone else is refused before a record is
    looked up, which Glen's ids already show. ACCESS_MATRIX_FULL=1 makes everyone ask both."""
    if not foreign or os.environ.get("ACCESS_MATRIX_FULL"):
        return PRINCIPALS
    allowed = ((r.get if method == "GET" else r.post) or frozenset()) & set(MEMBERS)
    return tuple(p for p in MEMBERS if p in allowed) or ("lead",)


@functools.cache
def _client(principal: str) -> Client:
    """One client per person: a new client loads the middleware again, and WhiteNoise's reads
    every static file, which would be most of the matrix's time."""
    return Client(raise_request_exception=False)


def _ask(world: AccessWorld, principal: str, method: str, address: str) -> str:
    client = _client(principal)
    client.cookies = SimpleCookie()  # nothing carried over from the last request (a message, say)
    if principal in world.sessions:
        client.cookies[django_settings.SESSION_COOKIE_NAME] = world.sessions[principal]
    with transaction.atomic():  # whatever a request writes is undone before the next one
        response = client.get(address) if method == "GET" else client.post(address, {})
        transaction.set_rollback(True)
    got = _outcome(response)
    # An empty form turned away as bad input (400) was let in: the door was open.
    return "ok" if method == "POST" and got == "400" else got


@pytest.mark.parametrize("r", RULES, ids=[r.name for r in RULES])
def test_access_matrix(r: Rule, access_world: AccessWorld, db: Any) -> None:
    own, foreign = _address(r, access_world, False), _address(r, access_world, True)
    assert own is not None
    if own == foreign:  # the ids are not a partnership's records (an indicator's code, say)
        foreign = None
    wrong = []
    methods = ["GET"] if r.post is None else ["GET", "POST"]
    for method in methods:
        for is_foreign, address in ((False, own), (True, foreign)):
            if address is None or (is_foreign and method == "GET" and r.get is None):
                continue
            for principal in _askers(r, method, is_foreign):
                expected = _expected(r, principal, method, is_foreign)
                got = _ask(access_world, principal, method, address)
                if got != expected:
                    wrong.append(f"{method} {address} as {principal}: expected {expected}, got {got}")
    assert not wrong, f"{r.name} does not do what its rule in {RULES_FILE} says:\n  " + "\n  ".join(wrong)
