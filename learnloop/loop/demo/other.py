"""Ardnish: a second, small partnership, so that records from another committee exist but never show."""

from __future__ import annotations

from learnloop.accounts.roles import Role
from learnloop.loop.demo.specs import AWAITING, GOOD, IMPROVE, LP, Person

OTHER_PEOPLE: tuple[Person, ...] = (
    Person(
        "lead",
        "Lead officer (Ardnish)",
        "lead@other.learnloop.test",
        "Shona Ritchie",
        "Lead Officer, Child Protection Committee",
        Role.LEAD_OFFICER,
        "SW",
    ),
)


OTHER_LEARNING_POINTS: tuple[LP, ...] = (
    LP(
        "bruising",
        200,
        "review",
        IMPROVE,
        "Bruising in babies who are not yet mobile not always referred",
        "Bruising in a 4-month-old was explained by the parents and not referred to the paediatrician, against "
        "the bruising protocol for babies who are not yet mobile.",
        "Ardnish Learning Review 1",
        ("babies_pre_birth", "professional_curiosity"),
        ("NHS", "SW"),
        "LRS",
    ),
    LP(
        "kinship",
        90,
        "voice",
        GOOD,
        "Family group decision making kept children with relatives",
        "Families told us that family group decision making meetings let them find safe care within the family.",
        "Family feedback survey",
        ("voice_of_child", "good_practice"),
        ("SW",),
        "PIC",
        approval=AWAITING,
    ),
)
