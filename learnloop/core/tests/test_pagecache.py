"""Pages kept rendered for the member who read them (learnloop/core/pagecache.py).

A kept page must be exactly the page drawn fresh for that reader, show every write at once, never
reach another reader, keep every read of a confidential record in the audit log, show a message
once, and carry a nonce and form token the browser and the server accept.
"""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from learnloop.core.models import AuditEntry
from learnloop.loop.tests.test_views_writes import lp_form
from learnloop.testing.factories import LearningPointFactory
from learnloop.testing.readers import records_some_readers_see

pytestmark = pytest.mark.django_db

KEPT = ["loop:learning_points", "loop:actions", "loop:loop_health", "reviews:list", "dataset:index", "core:sources"]


def _get(client, path: str, **headers):
    return client.get(path, **headers)


def _page(client, path: str) -> str:
    """The page, less what differs on every response (the script nonce, the form token)."""
    text = client.get(path).content.decode()
    return re.sub(r'(nonce|name="csrfmiddlewaretoken" value)="[^"]*"', "", text)


def _kept_keys() -> int:
    return sum(1 for key in cache._cache if ":page:" in key)  # type: ignore[attr-defined]


@pytest.fixture
def records(world):
    return records_some_readers_see(world)


@pytest.mark.parametrize("name", KEPT)
def test_every_reader_gets_exactly_the_page_drawn_fresh_for_them(client, world, records, name, settings):
    path = reverse(name, args=["glen"])
    readers = [world.lead, world.committee, world.education_lead, world.contributor, world.viewer]
    settings.PAGE_CACHE_SECONDS = 0
    fresh = {}
    for user in readers:
        client.force_login(user)
        fresh[user.pk] = _page(client, path)
    settings.PAGE_CACHE_SECONDS = 3600
    cache.clear()
    for user in readers:  # each fills the cache in turn (twice: the first visit sets the form token's cookie)
        client.force_login(user)
        _page(client, path)
        _page(client, path)
    assert _kept_keys() >= len(readers)
    for user in reversed(readers):
        client.force_login(user)
        assert _page(client, path) == fresh[user.pk], user.email


def test_a_kept_page_is_served_in_a_few_queries_however_long_the_list(client, world, django_assert_max_num_queries):
    for n in range(30):
        LearningPointFactory(partnership=world.partnership, title=f"Learning {n}")
    client.force_login(world.lead)
    path = reverse("loop:learning_points", args=["glen"])
    client.get(path)
    client.get(path)
    with django_assert_max_num_queries(5):  # session, person, membership, (versions, page: the cache)
        assert client.get(path).status_code == 200


def test_a_write_shows_on_the_next_page(client, world, records):
    client.force_login(world.lead)
    path = reverse("loop:learning_points", args=["glen"])
    client.get(path)
    assert "Open learning" in _page(client, path)
    records.title = "Renamed open learning"
    records.save()
    assert "Renamed open learning" in _page(client, path)
    records.delete()
    assert "Renamed open learning" not in _page(client, path)


def test_the_filters_and_the_fragment_are_kept_apart(client, world, records):
    LearningPointFactory(partnership=world.partnership, title="Another learning point")
    client.force_login(world.lead)
    path = reverse("loop:learning_points", args=["glen"])
    client.get(path)
    whole = _page(client, path)
    found = _page(client, f"{path}?q=Another")
    fragment = client.get(path, headers={"HX-Request": "true"}).content.decode()
    assert "Open learning" in whole and "Another learning point" in whole
    assert "Another learning point" in found and "Open learning" not in found
    assert "<html" in whole and "<html" not in fragment
    assert _page(client, path) == whole


def test_a_download_is_never_a_kept_page(client, world, records):
    client.force_login(world.lead)
    path = reverse("loop:learning_points", args=["glen"])
    client.get(path)
    client.get(path)
    response = client.get(f"{path}?export=csv")
    assert response["Content-Type"].startswith("text/csv")
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert "Open learning" in body.decode()


def test_every_read_of_a_confidential_record_is_logged_however_often(client, world, django_assert_max_num_queries):
    """The page is kept with the reads it records, which are written again for each serving."""
    lp = LearningPointFactory(
        partnership=world.partnership, title="Confidential", is_confidential=True, agency=world.social_work
    )
    client.force_login(world.lead)
    client.get(lp.get_absolute_url())
    client.get(lp.get_absolute_url())  # kept
    with django_assert_max_num_queries(6):  # the kept page's queries and one write to the log
        assert "Confidential" in client.get(lp.get_absolute_url()).content.decode()
    reads = AuditEntry.objects.filter(event=AuditEntry.Event.VIEW_CONFIDENTIAL, object_id=str(lp.pk))
    assert reads.count() == 3
    assert {(r.user_id, r.partnership_id, r.object_type) for r in reads} == {
        (world.lead.pk, world.partnership.pk, "loop.LearningPoint")
    }
    assert len({r.at for r in reads}) == 3  # each written when it was read


def test_an_open_learning_point_is_kept(client, world, records, django_assert_max_num_queries):
    client.force_login(world.lead)
    client.get(records.get_absolute_url())
    client.get(records.get_absolute_url())
    with django_assert_max_num_queries(6):
        assert "Open learning" in client.get(records.get_absolute_url()).content.decode()


def test_a_message_is_shown_once_and_never_kept(client, world, records):
    client.force_login(world.lead)
    path = reverse("loop:learning_points", args=["glen"])
    client.get(path)
    client.get(path)  # kept
    response = client.post(
        reverse("loop:learning_point_create", args=["glen"]),
        lp_form(world, title="Recorded just now"),
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with_message = client.get(path).content.decode()
    assert "recorded." in with_message and "Recorded just now" in with_message
    after = client.get(path).content.decode()
    assert "recorded." not in after and "Recorded just now" in after


def test_a_kept_page_carries_this_responses_nonce_and_a_form_token_that_works(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world.lead)
    path = reverse("loop:actions", args=["glen"])
    client.get(path)
    client.get(path)
    nonces = []
    for _ in range(2):
        response = client.get(path)
        nonce = re.search(r'<script nonce="([^"]+)"', response.content.decode()).group(1)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]
        nonces.append(nonce)
    assert nonces[0] != nonces[1]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', response.content.decode()).group(1)
    signed_out = client.post(reverse("accounts:logout"), {"csrfmiddlewaretoken": token})
    assert signed_out.status_code == 302
    assert client.get(path).status_code == 302  # to sign in: the sign-out took


def test_another_partnership_never_gets_the_page(client, world, records):
    client.force_login(world.lead)
    path = reverse("loop:learning_points", args=["glen"])
    client.get(path)
    client.get(path)
    client.force_login(world.outsider)
    assert client.get(path).status_code == 404


def test_nothing_is_kept_when_switched_off(client, world, records, settings):
    settings.PAGE_CACHE_SECONDS = 0
    client.force_login(world.lead)
    path = reverse("loop:learning_points", args=["glen"])
    for _ in range(3):
        client.get(path)
    assert _kept_keys() == 0
