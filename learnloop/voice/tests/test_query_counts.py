"""Voice list pages and the home panels make a fixed number of queries, whatever the rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from learnloop.testing.queries import count_queries
from learnloop.voice import services
from learnloop.voice.models import Consent, Response, VoiceEvent
from learnloop.voice.tests.conftest import make_view


def _add(world, n):
    themes = list(world.partnership.themes.all()[:2])
    event = VoiceEvent.objects.filter(partnership=world.partnership).first() or services.event_save(
        event=VoiceEvent(partnership=world.partnership, kind="survey", title="Survey", date=dt.date(2026, 1, 1))
    )
    for i in range(n):
        view = make_view(
            world,
            event=event,
            themes=themes,
            agency=world.education,
            consent=Consent.NONE if i % 2 else Consent.PARTNERSHIP,
        )
        make_view(world, feels_unsafe=True, agency=world.education)
        services.response_save(
            response=Response(
                partnership=world.partnership, you_said="a", we_did="b", who="c", responded_on=dt.date(2026, 2, 1)
            ),
            views=[view],
        )


@pytest.mark.parametrize(
    "name", ["voice:index", "voice:responses", "voice:events", "voice:published", "loop:home", "voice:event"]
)
def test_fixed_queries(client, world, name, monkeypatch):
    if name == "loop:home":  # the body drawn every time, not read from the cache (loop's test_home_cache.py)
        from django.core.cache.backends.dummy import DummyCache

        monkeypatch.setattr("learnloop.loop.views.home.cache", DummyCache("none", {}))
    client.force_login(world.education_lead)
    _add(world, 2)
    event = VoiceEvent.objects.get()
    args = ["glen", event.pk] if name == "voice:event" else ["glen"]
    few = count_queries(client, reverse(name, args=args))
    _add(world, 6)
    assert count_queries(client, reverse(name, args=args)) == few
