"""What the API's tests share: who asks, reading every page, tokens, and counting queries."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

# Everyone in Glen, by the World's attribute names: the six roles, and two agency leads.
ROLES = ("lead", "committee", "subgroup_member", "education_lead", "police_lead", "contributor", "viewer")


def read_all(client: Any, url: str, **headers: Any) -> list[dict[str, Any]]:
    """Every row of a paginated endpoint, following `next` (3 a page, to cross pages)."""
    rows: list[dict[str, Any]] = []
    next_url: str | None = url + ("&" if "?" in url else "?") + "page_size=3"
    while next_url:
        response = client.get(next_url, **headers)
        assert response.status_code == 200, (next_url, response.status_code, response.content[:300])
        body = response.json()
        rows += body["results"]
        next_url = body["next"]
    assert len(rows) == body["count"]
    return rows


def token_for(world: Any, user: Any, partnership: Any = None) -> dict[str, str]:
    """The Authorization header of a fresh token of the user's membership (of Glen, unless told)."""
    from learnloop.tokens import services

    m = user.memberships.get(partnership=partnership or world.partnership)
    _, secret = services.token_create(
        membership=m, name="Script", expires_on=timezone.localdate() + dt.timedelta(days=30)
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def queries(client: Any, url: str) -> int:
    """How many queries one request makes (the cache cleared first, so nothing is remembered)."""
    from django.core.cache import cache

    cache.clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def refused_to_others(client: Any, world: Any, url_glen: str) -> None:
    """Another partnership's member and their token get 404; nobody signed in gets 401."""
    client.logout()
    assert client.get(url_glen).status_code == 401
    other = token_for(world, world.outsider, world.other_partnership)
    assert client.get(url_glen, **other).status_code == 404
    client.force_login(world.outsider)
    assert client.get(url_glen).status_code == 404
    client.logout()
