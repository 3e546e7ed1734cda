"""Work asked of people in the Glen partnership (and one action in the other partnership)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from learnloop.loop import services as loop_services
from learnloop.loop.models import Action, LearningPoint
from learnloop.reviews import services as review_services
from learnloop.reviews.models import Review, ReviewChild
from learnloop.reviews.tests.conftest import make_learning
from learnloop.testing.factories import LearningPointFactory

MONDAY = dt.date(2026, 3, 2)


def learning_point(partnership: Any) -> LearningPoint:
    return LearningPointFactory(partnership=partnership, approval=LearningPoint.Approval.APPROVED)


def make_action(world: Any, *, by: Any = None, lp: LearningPoint | None = None, **fields: Any) -> Action:
    lp = lp or learning_point(world.partnership)
    fields.setdefault("title", "Share chronologies before every IRD")
    fields.setdefault("due_date", MONDAY + dt.timedelta(days=30))
    fields.setdefault("success_measure", "Re-audit shows chronologies shared.")
    return loop_services.action_save(action=Action(learning_point=lp, **fields), by=by or world.lead)


def review_gathering_information(world: Any) -> Review:
    """A learning review in information gathering, with a child recorded (label and case reference)."""
    review = make_learning(world, title="Learning review: Glen 2026", on=MONDAY)
    review_services.review_complete_stage(review=review, by=world.lead, today=MONDAY)
    review_services.review_child_add(
        child=ReviewChild(
            partnership=world.partnership,
            review=review,
            label="Child Q",
            local_case_reference="SWIFT-99812",
            age_band="5-10",
        ),
        by=world.lead,
    )
    return review


@pytest.fixture
def review(world: Any) -> Review:
    return review_gathering_information(world)


@pytest.fixture(autouse=True)
def _site_url(settings: Any) -> None:
    settings.SITE_URL = "http://testserver.example"
