"""The demo partnership's people: a member in every role. Fictional, with a published password."""

from __future__ import annotations

from learnloop.accounts.roles import Role
from learnloop.loop.demo.specs import (
    Person,
)

DEMO_PEOPLE: tuple[Person, ...] = (
    Person(
        "lead",
        "Lead officer",
        "lead@demo.learnloop.test",
        "Morag Kinnear",
        "Lead Officer, Child Protection Committee",
        Role.LEAD_OFFICER,
        "SW",
    ),
    Person(
        "committee",
        "Committee member",
        "committee@demo.learnloop.test",
        "Alasdair Rennie",
        "Nurse Consultant, Child Protection",
        Role.COMMITTEE_MEMBER,
        "NHS",
    ),
    Person(
        "subgroup",
        "Subgroup member (MISE, JLD)",
        "subgroup@demo.learnloop.test",
        "Fiona Baird",
        "Learning and Development Officer",
        Role.SUBGROUP_MEMBER,
        "SW",
        ("MISE", "JLD"),
    ),
    Person(
        "edu_lead",
        "Agency lead (Education)",
        "agency-lead@demo.learnloop.test",
        "Catriona Lennox",
        "Quality Improvement Officer, Education",
        Role.AGENCY_LEAD,
        "ED",
    ),
    Person(
        "police_lead",
        "Agency lead (Police Scotland)",
        "police-lead@demo.learnloop.test",
        "Euan Strachan",
        "Detective Inspector, Public Protection Unit",
        Role.AGENCY_LEAD,
        "POL",
    ),
    Person(
        "contributor",
        "Contributor (Social Work)",
        "contributor@demo.learnloop.test",
        "Iona McPhail",
        "Team Manager, Children and Families",
        Role.CONTRIBUTOR,
        "SW",
    ),
    Person(
        "health",
        "Contributor (NHS Health)",
        "health@demo.learnloop.test",
        "Kirsty Dunbar",
        "Health Visiting Team Lead",
        Role.CONTRIBUTOR,
        "NHS",
    ),
    Person(
        "viewer",
        "Viewer",
        "viewer@demo.learnloop.test",
        "Graham Tulloch",
        "Locality Reporter Manager",
        Role.VIEWER,
        "SCRA",
    ),
)
