from __future__ import annotations

from dataclasses import dataclass

import pytest

from learnloop.dataset.models import AggregateValue, Indicator
from learnloop.impact import services
from learnloop.loop.models import Impact, LearningPoint
from learnloop.testing.factories import ImpactFactory, LearningPointFactory, TrackedChildFactory

CODE = "cppm_initial_within_28d_pct"
# (quarter, numerator, denominator): twelve ordinary quarters around 80%, then two far below.
# The last-but-one quarter has 3 of 4: a small number, withheld from those who may not see it.
RETURNS = [
    ("2022-Q1", 40, 50),
    ("2022-Q2", 41, 50),
    ("2022-Q3", 39, 50),
    ("2022-Q4", 40, 50),
    ("2023-Q1", 42, 50),
    ("2023-Q2", 38, 50),
    ("2023-Q3", 40, 50),
    ("2023-Q4", 41, 50),
    ("2024-Q1", 39, 50),
    ("2024-Q2", 40, 50),
    ("2024-Q3", 41, 50),
    ("2024-Q4", 3, 4),
    ("2025-Q1", 11, 26),
]


@dataclass
class Claims:
    agreeing: Impact
    contradicted: Impact
    confidential: Impact
    child_story: Impact
    lp: LearningPoint


def add_returns(partnership) -> None:
    indicator = Indicator.objects.get(code=CODE)
    for period, num, den in RETURNS:
        AggregateValue.objects.create(
            partnership=partnership,
            indicator=indicator,
            period=period,
            numerator=num,
            denominator=den,
            value=round(100 * num / den, 1),
        )


@pytest.fixture
def claims(world) -> Claims:
    p = world.partnership
    add_returns(p)
    lp = LearningPointFactory(partnership=p, title="Initial CPPMs late")
    secret = LearningPointFactory(partnership=p, is_confidential=True, agency=world.education, title="Secret")
    agreeing = ImpactFactory(partnership=p, title="CPPM timeliness fell", created_by=world.lead)
    contradicted = ImpactFactory(partnership=p, title="CPPMs now on time: 88%", created_by=world.lead)
    confidential = ImpactFactory(partnership=p, title="Education review impact", created_by=world.lead)
    child = TrackedChildFactory(partnership=p, agency=world.education, label="Child Q", created_by=world.lead)
    child_story = ImpactFactory(
        partnership=p, title="Child Q story", tracked_child=child, method="tracked_child", created_by=world.lead
    )
    for impact in (agreeing, contradicted, child_story):
        impact.learning_points.add(lp)
    confidential.learning_points.add(secret)
    services.claim_set_verdict(impact=agreeing, verdict="worse")
    services.claim_set_verdict(impact=contradicted, verdict="improved")
    services.claim_set_verdict(impact=confidential, verdict="improved")
    services.claim_set_verdict(impact=child_story, verdict="improved")
    periods = [r[0] for r in RETURNS]
    for impact, before in ((agreeing, "2024-Q3"), (contradicted, "2024-Q3"), (confidential, "2024-Q3")):
        services.evidence_add(
            impact=impact, kind="indicator", ref=CODE, before=before, after="2025-Q1", options=[CODE], periods=periods
        )
    services.evidence_add(
        impact=child_story, kind="tracked_child", ref=str(child.pk), options=[str(child.pk)], periods=None
    )
    return Claims(agreeing, contradicted, confidential, child_story, lp)
