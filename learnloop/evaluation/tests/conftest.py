from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from learnloop.evaluation import services
from learnloop.evaluation.models import FrameworkItem, Judgement, SelfEvaluation
from learnloop.testing.factories import LearningPointFactory
from learnloop.themes.models import Theme


@dataclass
class Setup:
    se: SelfEvaluation
    item: FrameworkItem
    judgement: Judgement
    theme: Theme
    lp: Any


@pytest.fixture
def setup(world: Any) -> Setup:
    """Glen's self-evaluation for 2026; quality indicator 2.1 carries the neglect theme, and one
    learning point carries it too."""
    p = world.partnership
    theme = Theme.objects.get(partnership=p, code="neglect")
    item = FrameworkItem.objects.get(partnership=p, code="2.1")
    item.themes.set([theme])
    lp = LearningPointFactory(partnership=p, title="Neglect seen late", number=1)
    lp.themes.set([theme])
    se = services.self_evaluation_create(partnership=p, year=2026, by=world.lead)
    judgement = se.judgements.get(item=item)
    return Setup(se=se, item=item, judgement=judgement, theme=theme, lp=lp)
