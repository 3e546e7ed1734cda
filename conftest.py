"""Shared fixtures: one partnership with a member in every role, and an outsider.

Following healthchecks' alice/bob/charlie: every view is tested with someone allowed, someone
who may only read, someone from another agency and someone from another partnership.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest

from learnloop.accounts.models import Membership, User
from learnloop.accounts.roles import Role
from learnloop.partnership.models import Agency, Partnership, Responsibility, Subgroup


@dataclass
class World:
    partnership: Partnership
    other_partnership: Partnership
    social_work: Agency
    education: Agency
    police: Agency
    mise: Subgroup
    jld: Subgroup
    lead: User
    committee: User
    subgroup_member: User
    education_lead: User
    police_lead: User
    contributor: User
    viewer: User
    outsider: User

    def membership(self, user: User) -> Membership:
        return Membership.objects.select_related("partnership", "agency").get(
            user=user, partnership__in=[self.partnership, self.other_partnership]
        )


def _member(
    partnership: Partnership,
    email: str,
    name: str,
    role: str,
    agency: Agency | None = None,
    subgroups: tuple[Subgroup, ...] = (),
) -> User:
    user = User.objects.create_user(email=email, password="correct horse battery", full_name=name)
    membership = Membership.objects.create(user=user, partnership=partnership, role=role, agency=agency)
    membership.subgroups.set(subgroups)
    return user


@pytest.fixture
def world(db: Any) -> World:
    from learnloop.partnership.services import partnership_create

    p = partnership_create(slug="glen", name="Glen Child Protection Committee")
    other = partnership_create(slug="other", name="Other Child Protection Committee")
    sw = Agency.objects.get(partnership=p, kind=Agency.Kind.SOCIAL_WORK)
    edu = Agency.objects.get(partnership=p, kind=Agency.Kind.EDUCATION)
    police = Agency.objects.get(partnership=p, kind=Agency.Kind.POLICE)
    mise = Subgroup.objects.get(partnership=p, responsibility=Responsibility.MISE)
    jld = Subgroup.objects.get(partnership=p, responsibility=Responsibility.JOINT_LD)
    return World(
        partnership=p,
        other_partnership=other,
        social_work=sw,
        education=edu,
        police=police,
        mise=mise,
        jld=jld,
        lead=_member(p, "lead@glen.test", "Lena Lead", Role.LEAD_OFFICER, sw),
        committee=_member(p, "chair@glen.test", "Colin Chair", Role.COMMITTEE_MEMBER, police),
        subgroup_member=_member(p, "mise@glen.test", "Mia Mise", Role.SUBGROUP_MEMBER, sw, (mise,)),
        education_lead=_member(p, "edu@glen.test", "Ed Lead", Role.AGENCY_LEAD, edu),
        police_lead=_member(p, "police@glen.test", "Pat Police", Role.AGENCY_LEAD, police),
        contributor=_member(p, "worker@glen.test", "Cara Contributor", Role.CONTRIBUTOR, sw),
        viewer=_member(p, "viewer@glen.test", "Vic Viewer", Role.VIEWER, edu),
        outsider=_member(other, "lead@other.test", "Olga Outsider", Role.LEAD_OFFICER),
    )


@pytest.fixture(autouse=True)
def _media_root(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _two_factor_not_required(request: Any, settings: Any) -> None:
    """Most tests sign in with force_login and test other things: roles are not made to set up
    two-factor sign-in unless a test asks for it with @pytest.mark.two_factor. Anyone with a
    device is still asked for a code."""
    settings.TWO_FACTOR_REQUIRED = request.node.get_closest_marker("two_factor") is not None


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache (memory in tests), so no drawn chart or session
    outlives the test that made it."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
