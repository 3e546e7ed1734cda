"""The voice lists' filters: a response or none, dates given, and a period that must run forwards."""

from __future__ import annotations

import pytest

from learnloop.voice import selectors
from learnloop.voice.filters import ResponseFilter, ViewFilter

pytestmark = pytest.mark.django_db


def _views(world, data, user=None):
    m = world.membership(user or world.lead)
    return set(ViewFilter(data, selectors.view_list(m), membership=m).qs)


def test_views_with_and_without_a_response(world, voice):
    assert _views(world, {"response": "some"}) == {voice.shared, voice.unconsented}
    assert _views(world, {"response": "none"}) == {voice.unsafe}
    # Someone who may not see the unsafe view is never shown it by a filter.
    assert _views(world, {"response": "none"}, world.viewer) == set()


def test_views_given_between_dates(world, voice):
    january_5 = {"date_from_day": "5", "date_from_month": "1", "date_from_year": "2026"}
    january_5 |= {"date_to_day": "5", "date_to_month": "1", "date_to_year": "2026"}
    assert _views(world, january_5) == {voice.shared}
    assert _views(world, {"date_from": "2026-01-06"}) == {voice.unconsented, voice.unsafe}


def test_a_response_period_that_ends_before_it_starts_is_an_error(world, voice):
    m = world.membership(world.lead)
    data = {"date_from": "2026-02-01", "date_to": "2026-01-01", "status": "done"}
    filterset = ResponseFilter(data, selectors.response_list(m), membership=m)
    assert list(filterset.qs) == []  # the start still applies: no response after 1 February
    assert filterset.form.errors["date_to"] == ["The end of the period must be after its start."]
    forwards = ResponseFilter(
        {"date_from": "2026-01-01", "date_to": "2026-01-31"}, selectors.response_list(m), membership=m
    )
    assert list(forwards.qs) == [voice.response] and not forwards.form.errors
