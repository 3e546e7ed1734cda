"""The home page's body is kept in the shared cache per member and version of the records."""

from __future__ import annotations

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from learnloop.loop.models import LearningPoint
from learnloop.testing.factories import LearningPointFactory
from learnloop.testing.readers import records_some_readers_see

pytestmark = pytest.mark.django_db


def _home(client, user=None) -> str:
    """The page, less what differs on every response (the script nonce, the form token)."""
    if user is not None:
        client.force_login(user)
    page = client.get(reverse("loop:home", args=["glen"])).content.decode()
    return re.sub(r'(nonce|name="csrfmiddlewaretoken" value)="[^"]*"', "", page)


def test_every_reader_is_shown_what_they_would_be_shown_with_nothing_cached(client, world):
    """A confidential learning point and one person's action are on some readers' home pages
    only: whoever filled the cache first, each reader gets exactly their own page."""
    records_some_readers_see(world)
    readers = [world.lead, world.committee, world.education_lead, world.police_lead, world.contributor, world.viewer]
    fresh = {}
    for user in readers:
        cache.clear()
        fresh[user.pk] = _home(client, user)
    cache.clear()
    for user in readers:  # each fills the cache in turn
        _home(client, user)
    for user in reversed(readers):
        assert _home(client, user) == fresh[user.pk], user.email
    # The page is not the same for everyone, so the test would notice a shared entry.
    assert len({fresh[user.pk] for user in readers}) > 1
    assert "Cara&#x27;s own action" in fresh[world.contributor.pk]
    assert "Cara&#x27;s own action" not in fresh[world.police_lead.pk]


def test_a_cached_home_page_is_served_in_a_few_queries(client, world, django_assert_max_num_queries):
    _home(client, world.lead)  # the first visit also makes the partnership's insight settings
    _home(client)
    with django_assert_max_num_queries(6):  # session, person, membership, (versions, body: cache)
        _home(client)


def test_any_write_shows_on_the_next_home_page(client, world):
    first = _home(client, world.lead)
    assert "Waiting to be approved" not in first
    lp = LearningPointFactory(
        partnership=world.partnership, title="Waiting to be approved", approval=LearningPoint.Approval.AWAITING
    )
    assert "Waiting to be approved" in _home(client, world.lead)
    lp.title = "Renamed while waiting"
    lp.save()
    assert "Renamed while waiting" in _home(client, world.lead)
    lp.delete()
    assert "Renamed while waiting" not in _home(client, world.lead)


def test_another_partnerships_write_does_not_empty_this_ones_cache(client, world, django_assert_max_num_queries):
    _home(client, world.lead)
    _home(client)
    LearningPointFactory(partnership=world.other_partnership, title="Elsewhere")
    with django_assert_max_num_queries(6):
        _home(client)
