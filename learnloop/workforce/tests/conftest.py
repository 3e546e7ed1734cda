"""A training course with two learning outcomes and a session, and a JLD subgroup member."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from learnloop.accounts.models import Membership, User
from learnloop.accounts.roles import Role
from learnloop.workforce import services
from learnloop.workforce.models import Course, Session

SAMPLES = Path(__file__).resolve().parent / "samples"


@dataclass
class Training:
    course: Course
    session: Session
    jld: User


@pytest.fixture
def training(world: Any) -> Training:
    p = world.partnership
    jld = User.objects.create_user(email="jld@glen.test", password="correct horse battery", full_name="Jo Jld")
    membership = Membership.objects.create(user=jld, partnership=p, role=Role.SUBGROUP_MEMBER, agency=world.education)
    membership.subgroups.set([world.jld])
    course = services.course_save(
        course=Course(partnership=p, title="Neglect practice", audience="Front-line staff"),
        outcomes=["Recognise neglect", "Use a chronology"],
        themes=p.themes.filter(code="neglect"),
        by=world.lead,
    )
    session = services.session_save(
        session=Session(
            course=course,
            date=dt.date(2026, 3, 4),
            trainer="Fiona",
            mode=Session.Mode.IN_PERSON,
            venue="Elgin",
            places=20,
        ),
        by=world.lead,
    )
    return Training(course=course, session=session, jld=jld)


def sample(name: str) -> bytes:
    return (SAMPLES / name).read_bytes()
