"""Records that some readers of a partnership's pages see and others do not, for the tests that
check a page kept for one reader is never another's (home's body, kept pages)."""

from __future__ import annotations

from typing import Any

from learnloop.loop.models import LearningPoint
from learnloop.testing.factories import ActionFactory, LearningPointFactory


def records_some_readers_see(world: Any) -> LearningPoint:
    """A confidential learning point awaiting approval (education's), an open learning point,
    and an action on it owned by the contributor, Cara: returns the open learning point."""
    p = world.partnership
    LearningPointFactory(
        partnership=p,
        title="Confidential to education",
        approval=LearningPoint.Approval.AWAITING,
        is_confidential=True,
        agency=world.education,
    )
    lp = LearningPointFactory(partnership=p, title="Open learning")
    ActionFactory(partnership=p, learning_point=lp, title="Cara's own action", owner_person=world.contributor)
    return lp
