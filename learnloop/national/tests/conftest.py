"""A national world: Glen (the shared fixture's partnership) shares some things and plants
markers in what it does not share; Other and a third partnership share figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from learnloop.accounts.models import Membership, User
from learnloop.accounts.roles import Role
from learnloop.dataset.aggregates import aggregate_value_save
from learnloop.dataset.models import Indicator
from learnloop.loop import services as loop_services
from learnloop.loop.models import Dissemination, LearningPoint, SevenMinuteBriefing
from learnloop.national import services
from learnloop.national.models import NationalMembership, NationalShare, ShareKind
from learnloop.partnership.models import Partnership
from learnloop.partnership.services import partnership_create
from learnloop.reviews.models import Publication
from learnloop.reviews.tests.conftest import make_learning

INDICATOR = "cppm_initial_within_28d_pct"
TODAY = dt.date(2026, 3, 2)
MARKERS = ["PLANTED-UNSHARED-LP", "PLANTED-CONFIDENTIAL", "PLANTED-DRAFT-PUB", "PLANTED-7MIN", "PLANTED-THEME"]


@dataclass
class National:
    third: Partnership
    reader: User  # the national role
    nobody: User  # signed in, no membership of anything
    shared_lp: LearningPoint
    unshared_lp: LearningPoint
    confidential_lp: LearningPoint
    publication: Publication
    draft: Publication
    briefing: SevenMinuteBriefing
    lp_share: NationalShare


def learning_point(world: Any, title: str, text: str, **extra: Any) -> LearningPoint:
    lp = loop_services.learning_point_save(
        learning_point=LearningPoint(
            partnership=world.partnership,
            title=title,
            description=text,
            kind=LearningPoint.Kind.IMPROVEMENT,
            source_type="other",
            date_identified=dt.date(2025, 5, 1),
            **extra,
        ),
        by=world.lead,
    )
    return loop_services.learning_point_decide(learning_point=lp, approve=True, reason="", by=world.lead)


def quarters(partnership: Partnership, year: int, num: int, den: int) -> None:
    """Four quarterly returns adding up to num out of den for the year."""
    for q in range(1, 5):
        n, d = num // 4 + (num % 4 if q == 4 else 0), den // 4 + (den % 4 if q == 4 else 0)
        aggregate_value_save(
            partnership=partnership,
            indicator=INDICATOR,
            period=f"{year}-Q{q}",
            value=f"{100 * n / d:.2f}",
            numerator=str(n),
            denominator=str(d),
            today=TODAY,
        )


@pytest.fixture
def national(world: Any) -> National:
    third = partnership_create(slug="third", name="Third Child Protection Committee")
    reader = User.objects.create_user(email="reader@national.test", password="correct horse battery", full_name="Nat")
    NationalMembership.objects.create(user=reader, body="Care Inspectorate")
    nobody = User.objects.create_user(email="nobody@x.test", password="correct horse battery", full_name="No One")
    Membership.objects.create(
        user=User.objects.create_user(email="t@third.test", full_name="T"), partnership=third, role=Role.LEAD_OFFICER
    )

    shared_lp = learning_point(world, "Babies and neglect: SHARED-LP-MARKER", "Health visitors saw the signs early.")
    unshared_lp = learning_point(world, "PLANTED-UNSHARED-LP", "Not for sharing PLANTED-UNSHARED-LP.")
    confidential_lp = learning_point(
        world, "PLANTED-CONFIDENTIAL", "PLANTED-CONFIDENTIAL", is_confidential=True, agency=world.education
    )
    review = make_learning(world)
    publication = Publication.objects.create(
        partnership=world.partnership,
        review=review,
        kind="summary",
        title="Published summary SHARED-PUB",
        body="What the partnership learned about neglect.",
        status=Publication.Status.PUBLISHED,
        published_on=dt.date(2025, 6, 1),
    )
    draft = Publication.objects.create(
        partnership=world.partnership,
        review=review,
        kind="summary",
        title="PLANTED-DRAFT-PUB",
        body="PLANTED-DRAFT-PUB",
        status=Publication.Status.DRAFT,
    )
    dissemination = Dissemination.objects.create(
        partnership=world.partnership,
        kind=Dissemination.Kind.SEVEN_MINUTE,
        title="PLANTED-7MIN",
        date=dt.date(2025, 7, 1),
    )
    briefing = SevenMinuteBriefing.objects.create(
        dissemination=dissemination,
        background="PLANTED-7MIN",
        why_it_matters="x",
        information_1="x",
        things_to_remember="x",
        what_to_do="x",
    )
    world.partnership.themes.create(code="planted-theme", name="PLANTED-THEME")

    lp_share = services.share_item(
        partnership=world.partnership, kind=ShareKind.LEARNING_POINT, object_id=shared_lp.pk, by=world.lead
    )
    services.share_kind(partnership=world.partnership, kind=ShareKind.PUBLICATION, by=world.lead)
    # Figures: Glen shares all indicators; Other and Third share this one; Third's numbers are small.
    indicator = Indicator.objects.get(code=INDICATOR)
    services.share_kind(partnership=world.partnership, kind=ShareKind.INDICATOR, by=world.lead)
    for p in (world.other_partnership, third):
        services.share_item(partnership=p, kind=ShareKind.INDICATOR, object_id=indicator.pk, by=None)
    quarters(world.partnership, 2025, 160, 200)  # 80 %
    quarters(world.other_partnership, 2025, 100, 200)  # 50 %: far below
    quarters(third, 2025, 4, 8)  # too small to show
    return National(
        third, reader, nobody, shared_lp, unshared_lp, confidential_lp, publication, draft, briefing, lp_share
    )
