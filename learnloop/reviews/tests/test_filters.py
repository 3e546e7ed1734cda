"""The reviews list's filters: the agency involved, open reviews and overdue stages."""

from __future__ import annotations

import datetime as dt

import pytest

from learnloop.reviews import selectors
from learnloop.reviews.filters import ReviewFilter
from learnloop.reviews.models import Stage
from learnloop.reviews.tests.conftest import TODAY

pytestmark = pytest.mark.django_db


def _titles(world, data, user=None):
    m = world.membership(user or world.lead)
    return {r.title for r in ReviewFilter(data, selectors.review_list(m), membership=m).qs}


def test_agency_involved_or_the_single_agency_reviews_own(world, reviews):
    education = {"agency": str(world.education.pk)}
    assert _titles(world, education) == {"Learning review: baby harmed", "Education single-agency review"}
    assert _titles(world, {"agency": str(world.police.pk)}) == {"Learning review: baby harmed"}
    # The filter never shows a review the member may not see.
    assert _titles(world, education, world.police_lead) == {"Learning review: baby harmed"}


def test_open_reviews_only_when_ticked(world, reviews):
    reviews.external.stage = Stage.CLOSED
    reviews.external.save()
    everything = _titles(world, {})
    assert "National overview" in everything
    assert _titles(world, {"open": "on"}) == everything - {"National overview"}
    assert _titles(world, {"open": ""}) == everything


def test_overdue_stages_are_those_the_partnership_view_counts(world, reviews, monkeypatch):
    later = TODAY + dt.timedelta(days=40)
    monkeypatch.setattr("learnloop.reviews.filters.timezone.localdate", lambda: later)
    overdue = {o.review.title for o in selectors.partnership_view(world.membership(world.lead), later).overdue}
    assert "Learning review: baby harmed" in overdue
    assert _titles(world, {"overdue": "on"}) == overdue
    assert _titles(world, {"overdue": "on", "kind": "external"}) == overdue & {"National overview"}
