"""The shapes of the demo data, and the names and constants they share."""

from __future__ import annotations

from dataclasses import dataclass

from learnloop.loop.models import (
    Action,
    Dissemination,
    LearningPoint,
)

DEMO_SLUG = "demo"


DEMO_NAME = "Glenmoray Child Protection Committee"


OTHER_SLUG = "other"


OTHER_NAME = "Ardnish Child Protection Committee"


DEMO_PASSWORD = "learnloop-demo"


INTRANET = "https://intranet.glenmoray.example"


WEBSITE = "https://www.glenmoray-cpc.example"


# Short keys for the default agencies that partnership_create adds.
AGENCIES = {
    "SW": "Social Work",
    "ED": "Education",
    "POL": "Police Scotland",
    "NHS": "NHS Health",
    "SCRA": "Children's Reporter (SCRA)",
    "TS": "Third Sector",
}


ALL_AGENCIES = tuple(AGENCIES)


@dataclass(frozen=True)
class Person:
    key: str
    label: str
    email: str
    full_name: str
    job_title: str
    role: str
    agency: str | None = None
    subgroups: tuple[str, ...] = ()


APPROVED = "approved"


AWAITING = "awaiting"


NOT_APPROVED = "not_approved"


GOOD = LearningPoint.Kind.GOOD_PRACTICE


IMPROVE = LearningPoint.Kind.IMPROVEMENT


@dataclass(frozen=True)
class LP:
    key: str
    days_ago: int
    source_type: str
    kind: str
    title: str
    description: str
    source_title: str
    themes: tuple[str, ...]
    agencies: tuple[str, ...]
    subgroup: str | None
    approval: str = APPROVED
    reason: str = ""
    confidential_agency: str | None = None
    source_url: str = ""
    by: str = "lead"


NS = Action.Status.NOT_STARTED


IP = Action.Status.IN_PROGRESS


DONE = Action.Status.COMPLETED


EMB = Action.Status.EMBEDDED


IMP = Action.Status.IMPACT_EVALUATED


@dataclass(frozen=True)
class Act:
    key: str
    lp: str
    title: str
    due: int  # days from today; negative is in the past
    status: str
    agency: str | None
    subgroup: str | None
    person: str | None
    success: str
    updates: tuple[str, ...] = ()
    evidence: tuple[tuple[str, str], ...] = ()
    done: int | None = None  # days from today it was completed


@dataclass(frozen=True)
class Emb:
    key: str
    kind: str
    agency: str
    days_ago: int
    description: str
    actions: tuple[str, ...]
    url: str = ""


@dataclass(frozen=True)
class Child:
    label: str
    agency: str
    reference: str
    age_band: str
    why: str
    difference: str
    learning_points: tuple[str, ...]
    entries: tuple[tuple[int, str], ...]  # (days ago, what happened)


@dataclass(frozen=True)
class Imp:
    key: str
    title: str
    method: str
    days_ago: int
    before: str
    after: str
    conclusion: str
    learning_points: tuple[str, ...] = ()
    actions: tuple[str, ...] = ()
    tracked_child: str | None = None


@dataclass(frozen=True)
class Share:
    kind: str
    title: str
    days_ago: int
    description: str
    learning_points: tuple[str, ...]
    audience: tuple[str, ...]
    people_reached: int | None = None
    reach: tuple[tuple[str, int], ...] = ()
    briefing: tuple[str, ...] = ()  # the seven parts of a 7-minute briefing


K = Dissemination.Kind
