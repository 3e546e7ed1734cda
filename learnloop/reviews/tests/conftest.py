from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest

from learnloop.accounts.models import Membership, User
from learnloop.accounts.roles import Role
from learnloop.partnership.models import Subgroup
from learnloop.reviews import services
from learnloop.reviews.models import Criterion, Kind, Review

TODAY = dt.date(2026, 3, 2)


@dataclass
class Reviews:
    learning: Review  # information gathering, education and police asked
    single: Review  # single-agency, Education
    external: Review
    lrs: Subgroup
    lrs_member: User


def make_learning(world: Any, *, title: str = "Learning review: baby harmed", on: dt.date = TODAY) -> Review:
    lrs = Subgroup.objects.get(partnership=world.partnership, short_name="LRS")
    return services.review_create(
        review=Review(
            partnership=world.partnership,
            kind=Kind.LEARNING,
            title=title,
            subgroup=lrs,
            lead=world.lead,
            notified_on=on,
            notified_by="Health visitor",
            circumstances="A baby was harmed.",
            criteria=[Criterion.SIGNIFICANT_HARM],
        ),
        agencies=[world.education, world.police],
        by=world.lead,
        today=on,
    )


@pytest.fixture
def reviews(world: Any) -> Reviews:
    lrs = Subgroup.objects.get(partnership=world.partnership, short_name="LRS")
    lrs_member = User.objects.create_user(email="lrs@glen.test", password="correct horse battery", full_name="Lou Lrs")
    Membership.objects.create(
        user=lrs_member, partnership=world.partnership, role=Role.SUBGROUP_MEMBER, agency=world.police
    ).subgroups.set([lrs])
    learning = make_learning(world)
    services.review_complete_stage(review=learning, by=world.lead, today=TODAY)
    services.agency_requests_send(
        review=learning,
        agencies=[world.education, world.police],
        due_on=TODAY + dt.timedelta(days=14),
        by=world.lead,
        today=TODAY,
    )
    single = services.review_create(
        review=Review(
            partnership=world.partnership,
            kind=Kind.SINGLE_AGENCY,
            title="Education single-agency review",
            agency=world.education,
            lead=world.lead,
        ),
        by=world.lead,
        today=TODAY,
    )
    external = services.review_create(
        review=Review(
            partnership=world.partnership,
            kind=Kind.EXTERNAL,
            title="National overview",
            source_organisation="Care Inspectorate",
        ),
        by=world.lead,
        today=TODAY,
    )
    return Reviews(learning, single, external, lrs, lrs_member)
