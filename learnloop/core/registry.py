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


# Reports: kinds of report (committee paper, annual report...) and the sections each source
# contributes to them. A section is a function (ReportRequest) -> list of blocks
# (learnloop/core/reporting.py); one renderer in the reports app turns the blocks into HTML, Word
# and PDF. A source registers its sections in its AppConfig.ready(), so a new source adds its
# section without touching the reports app; a new app (the self-evaluation) registers its kind.


@dataclass(frozen=True)
class ReportKind:
    key: str  # as in the URL and the build_report command: "cpc-paper"
    title: str  # "Committee paper"
    description: str
    audience: str  # who reads the issued version, in words
    order: int = 100
    has_meeting: bool = False  # asks for the meeting date besides the period
    has_public_version: bool = False  # issued as well in a public version (suppressed, redacted)
    has_recommendations: bool = False  # carries recommendations with the committee's decision


@dataclass(frozen=True)
class ReportSection:
    key: str  # unique across all kinds: "loop-actions"
    title: str
    kinds: frozenset[str]
    build: Callable[[Any], list[Any]] | None = None  # (ReportRequest) -> blocks; None for narrative only
    order: int = 100
    narrative: bool = False  # the lead officer writes text for it (kept with its drafts)
    narrative_hint: str = ""  # what the text should say, shown beside the box
    public: bool = True  # included in the public version


REPORT_KINDS: dict[str, ReportKind] = {}
REPORT_SECTIONS: dict[str, ReportSection] = {}


def register_report_kind(kind: ReportKind) -> None:
    REPORT_KINDS[kind.key] = kind


def register_report_section(section: ReportSection) -> None:
    REPORT_SECTIONS[section.key] = section


def report_kinds() -> list[ReportKind]:
    return sorted(REPORT_KINDS.values(), key=lambda k: (k.order, k.title))


def report_sections(kind: str) -> list[ReportSection]:
    return sorted((s for s in REPORT_SECTIONS.values() if kind in s.kinds), key=lambda s: (s.order, s.key))


# What is waiting for the committee: functions (ReportRequest) -> list of sentences, one a
# decision the committee is asked to make (learning to approve, a review decision...). The
# committee paper lists them all.
COMMITTEE_DECISIONS: list[Callable[[Any], list[str]]] = []


def register_committee_decisions(provider: Callable[[Any], list[str]]) -> None:
    if provider not in COMMITTEE_DECISIONS:
        COMMITTEE_DECISIONS.append(provider)
