"""Where the sources of learning plug into the shared pages.

Each source app (reviews, audits, the dataset, voice, workforce, reach) registers, in its
AppConfig.ready():
- a `Source` for the Sources page, and
- optionally a home panel: a function given the member that returns a `HomePanel` (a template
  and its context) or None when there is nothing for that member. A panel makes a fixed number
  of queries.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Source:
    key: str  # the app's URL namespace, so its pages light up "Sources" in the navigation
    title: str
    description: str
    url_name: str  # reversed with the partnership's slug
    order: int = 100


@dataclass
class HomePanel:
    template: str
    context: dict[str, Any] = field(default_factory=dict)
    order: int = 100


SOURCES: dict[str, Source] = {}
# Demo seeders: functions (partnership, say) that add a source's demo records to the demo
# partnership. Each must be idempotent: it checks what exists and adds only what is missing.
DEMO_SEEDERS: list[Callable[..., None]] = []
HOME_PANELS: list[Callable[[Any], HomePanel | None]] = []


def register_source(source: Source) -> None:
    SOURCES[source.key] = source


def register_home_panel(panel: Callable[[Any], HomePanel | None]) -> None:
    if panel not in HOME_PANELS:
        HOME_PANELS.append(panel)


def sources() -> list[Source]:
    return sorted(SOURCES.values(), key=lambda s: (s.order, s.title))


def home_panels(membership: Any) -> list[HomePanel]:
    panels = [panel(membership) for panel in HOME_PANELS]
    return sorted((p for p in panels if p is not None), key=lambda p: p.order)


def register_demo_seeder(seeder: Callable[..., None]) -> None:
    if seeder not in DEMO_SEEDERS:
        DEMO_SEEDERS.append(seeder)


# Case sources: lists of children's journeys that an audit can sample from (for example the
# minimum dataset's timeliness list). A source app registers one; the audit app asks for them.
# Children are known only by their pseudonymised key (core.pseudonymise.keyed_hash of the id in
# the source system): the auditor types the local case reference, and the audit app checks
# that it hashes to the same key before adding the case.


@dataclass(frozen=True)
class CaseCandidate:
    key: str  # the pseudonymised child key, exactly as the source stores it
    period: str  # the period the case falls in, for example "2025-Q4"
    reason: str  # why it is a candidate, in words, for example "Initial CPPM 35 days after the IRD"
    age_band: str = ""  # one of learnloop.loop.models.AgeBand's values, or "" when not known
    date: Any = None  # the date of the event that put it on the list, if any


@dataclass(frozen=True)
class CaseSource:
    key: str
    title: str  # for example "Minimum dataset: initial CPPMs outside 28 days of the IRD"
    # candidates(membership, period) -> CaseCandidate list; period "" means the latest period
    candidates: Callable[[Any, str], list[CaseCandidate]]
    # periods(membership) -> the periods it has, newest first, for a period picker
    periods: Callable[[Any], list[str]]
    # key_for(reference) -> the key a local case reference would have in this source
    key_for: Callable[[str], str]


CASE_SOURCES: dict[str, CaseSource] = {}


def register_case_source(source: CaseSource) -> None:
    CASE_SOURCES[source.key] = source


def case_sources() -> list[CaseSource]:
    return sorted(CASE_SOURCES.values(), key=lambda s: s.title)
