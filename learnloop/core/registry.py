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


# Themed records: every record a source tags with practice themes, in one shape, so that the
# insights app can look across sources without importing them. A source app registers a
# provider: provider(membership, start, end) -> the ThemedRecord list of the records dated
# start..end (inclusive) that this member may see. A confidential record the member may not
# see is never returned, so it never shapes what they are shown. A provider makes a fixed
# number of queries.


@dataclass(frozen=True)
class ThemedRecord:
    source: str  # the source's key, e.g. "review", "audit", "voice" (one column of the theme matrix)
    reference: str  # the record's reference number as people quote it, e.g. "LP-0012"
    title: str
    date: Any  # datetime.date the record is dated
    themes: tuple[str, ...]  # theme codes
    agencies: tuple[int, ...] = ()  # ids of the agencies it concerns
    url: str = ""
    confidential: bool = False
    text: str = ""  # the record's words, for theme suggestions; may be empty


@dataclass(frozen=True)
class ThemedRecordProvider:
    key: str
    title: str  # for example "Learning points"
    records: Callable[[Any, Any, Any], list[ThemedRecord]]


THEMED_RECORD_PROVIDERS: dict[str, ThemedRecordProvider] = {}
# Source keys to their names, for the columns of the theme matrix.
THEMED_SOURCE_NAMES: dict[str, str] = {}


def register_themed_records(provider: ThemedRecordProvider, source_names: dict[str, str] | None = None) -> None:
    THEMED_RECORD_PROVIDERS[provider.key] = provider
    THEMED_SOURCE_NAMES.update(source_names or {})


def themed_records(membership: Any, start: Any, end: Any) -> list[ThemedRecord]:
    """Every themed record from every source that this member may see, dated start..end."""
    found: list[ThemedRecord] = []
    for provider in sorted(THEMED_RECORD_PROVIDERS.values(), key=lambda p: p.key):
        found.extend(provider.records(membership, start, end))
    return found


# Indicator signals: special-cause signals on the minimum dataset, so that pages outside the
# dataset app (the insights page) can list them. provider(membership) -> IndicatorSignal list.


@dataclass(frozen=True)
class IndicatorSignal:
    code: str  # the indicator's code
    name: str
    period: str  # for example "2026-Q3"
    period_end: Any  # datetime.date the period ends
    direction: str  # "Concern", "Improvement", "Higher than usual", "Lower than usual"
    rules: str  # the rules that fired, in words
    url: str = ""
    decided: str = ""  # what MISE already decided about it, in words, or ""


INDICATOR_SIGNAL_PROVIDERS: list[Callable[[Any], list[IndicatorSignal]]] = []


def register_indicator_signals(provider: Callable[[Any], list[IndicatorSignal]]) -> None:
    if provider not in INDICATOR_SIGNAL_PROVIDERS:
        INDICATOR_SIGNAL_PROVIDERS.append(provider)


def indicator_signals(membership: Any) -> list[IndicatorSignal]:
    return [signal for provider in INDICATOR_SIGNAL_PROVIDERS for signal in provider(membership)]


# Theme suggestions: suggester(membership, text) -> [(theme code, theme name, why)], best first.
# The insights app registers one; forms that record themes ask for suggestions through here.

THEME_SUGGESTERS: list[Callable[[Any, str], list[tuple[str, str, str]]]] = []


def register_theme_suggester(suggester: Callable[[Any, str], list[tuple[str, str, str]]]) -> None:
    if suggester not in THEME_SUGGESTERS:
        THEME_SUGGESTERS.append(suggester)


def suggest_themes(membership: Any, text: str) -> list[tuple[str, str, str]]:
    return THEME_SUGGESTERS[0](membership, text) if THEME_SUGGESTERS else []


# The last committee meeting: meeting_date(partnership) -> the date of the last committee
# meeting or paper, or None. A reports app registers one; "what is new since the last meeting"
# asks it for its default date.

MEETING_DATES: list[Callable[[Any], Any]] = []


def register_meeting_date(provider: Callable[[Any], Any]) -> None:
    if provider not in MEETING_DATES:
        MEETING_DATES.append(provider)


def last_meeting_date(partnership: Any) -> Any:
    dates = [d for d in (provider(partnership) for provider in MEETING_DATES) if d is not None]
    return max(dates) if dates else None
