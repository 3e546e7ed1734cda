from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest

from learnloop.loop.models import Action, Dissemination, Embedding, Impact, LearningPoint, TrackedChild
from learnloop.testing.factories import (
    ActionFactory,
    DisseminationFactory,
    EmbeddingFactory,
    ImpactFactory,
    LearningPointFactory,
    TrackedChildFactory,
)


@dataclass
class Records:
    lp: LearningPoint
    confidential: LearningPoint
    sw_action: Action
    edu_action: Action
    dissemination: Dissemination
    briefing: Dissemination
    embedding: Embedding
    impact: Impact
    child: TrackedChild


@pytest.fixture
def records(world) -> Records:
    p = world.partnership
    lp = LearningPointFactory(partnership=p, subgroup=world.mise, title="Chronologies not shared")
    lp.agencies.set([world.education, world.police])
    confidential = LearningPointFactory(
        partnership=p, is_confidential=True, agency=world.education, title="Education single-agency review"
    )
    sw_action = ActionFactory(learning_point=lp, owner_agency=world.social_work, owner_person=world.contributor)
    edu_action = ActionFactory(learning_point=lp, owner_agency=world.education, due_date=dt.date(2020, 1, 1))
    dissemination = DisseminationFactory(partnership=p, created_by=world.lead)
    dissemination.learning_points.add(lp)
    briefing = DisseminationFactory(
        partnership=p, kind="seven_minute", title="Chronologies in 7 minutes", created_by=world.lead
    )
    embedding = EmbeddingFactory(partnership=p, agency=world.social_work, created_by=world.lead)
    embedding.actions.add(sw_action)
    impact = ImpactFactory(partnership=p, created_by=world.lead)
    impact.learning_points.add(lp)
    child = TrackedChildFactory(
        partnership=p,
        agency=world.education,
        local_case_reference="ED-2025-0042",
        label="Child A",
        created_by=world.education_lead,
    )
    child.learning_points.add(lp)
    return Records(lp, confidential, sw_action, edu_action, dissemination, briefing, embedding, impact, child)
