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


# Learning point panels: functions (membership, learning point) that return a HomePanel shown
# at the foot of the learning point's page, or None. Each makes a fixed number of queries.
LEARNING_POINT_PANELS: list[Callable[[Any, Any], HomePanel | None]] = []


def register_learning_point_panel(panel: Callable[[Any, Any], HomePanel | None]) -> None:
    if panel not in LEARNING_POINT_PANELS:
        LEARNING_POINT_PANELS.append(panel)


def learning_point_panels(membership: Any, lp: Any) -> list[HomePanel]:
    panels = [panel(membership, lp) for panel in LEARNING_POINT_PANELS]
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


# Impact evidence: each source provides one kind of evidence an impact evaluation can link to
# (the dataset an indicator, the audits a re-audit, the workforce a training measure, the loop a
# tracked child's story). The impact app asks for them; it imports no source app.

IMPROVED = "improved"
NO_CHANGE = "no_change"
WORSE = "worse"
TOO_EARLY = "too_early"
FINDING_TEXT = {
    IMPROVED: "improved",
    NO_CHANGE: "no change",
    WORSE: "worse",
    TOO_EARLY: "too early to tell",
}


@dataclass(frozen=True)
class EvidenceReading:
    """What one linked source shows, read live from the source (never typed)."""

    title: str  # for example "Initial CPPMs within 28 days of the IRD"
    before_label: str = ""  # for example "2024-Q3", or the first audit's reference
    before_text: str = ""  # the figure as shown on the source's own page, for example "71.0%"
    after_label: str = ""
    after_text: str = ""
    # IMPROVED, NO_CHANGE, WORSE or TOO_EARLY; None when the evidence is a story, not a figure
    finding: str | None = None
    reason: str = ""  # why, in plain words: the rule applied to these figures
    url: str = ""  # the source's own page, where the reader may open it
    hidden: bool = False  # the reader may not see this evidence: only `title` (who may) is shown


@dataclass(frozen=True)
class EvidenceKind:
    key: str  # for example "indicator"
    title: str  # for example "An indicator from the minimum dataset"
    source_title: str  # the source it comes from, for grouping, for example "Minimum dataset"
    rule: str  # the rule that turns the figures into a finding, in plain words
    # options(membership) -> [(ref, label)]: the records this member may link
    options: Callable[[Any], list[tuple[str, str]]]
    # read(membership, ref, before, after, public) -> EvidenceReading, or None when the record has gone.
    # `public` asks for the figures as they may be published (small numbers suppressed).
    read: Callable[[Any, str, str, str, bool], EvidenceReading | None]
    # periods(membership) -> the periods to pick "before" and "after" from, oldest first; None
    # when the record itself fixes them (a re-audit and the audit it repeats)
    periods: Callable[[Any], list[str]] | None = None
    order: int = 100


EVIDENCE_KINDS: dict[str, EvidenceKind] = {}


def register_evidence_kind(kind: EvidenceKind) -> None:
    EVIDENCE_KINDS[kind.key] = kind


def evidence_kinds() -> list[EvidenceKind]:
    return sorted(EVIDENCE_KINDS.values(), key=lambda k: (k.order, k.title))


# Published learning: each app adds what it has made public to the partnership's public page
# (the reviews their published summaries, the loop its public 7-minute briefings, the reports
# the issued public annual report). A provider is given the partnership and returns only items
# that are published, not confidential and not draft; the public page adds nothing of its own.


@dataclass(frozen=True)
class PublicItem:
    section: str  # the heading it is shown under, for example "Learning review summaries"
    title: str
    date: Any  # the date it was published
    body: str = ""  # plain text, shown as paragraphs
    url: str = ""  # a public link (a download, or a page that needs no sign-in)
    key: str = ""  # unique on the page, for a link to the item (an anchor)
    order: int = 100  # of its section


PUBLIC_ITEM_PROVIDERS: list[Callable[[Any], list[PublicItem]]] = []


def register_public_item_provider(provider: Callable[[Any], list[PublicItem]]) -> None:
    if provider not in PUBLIC_ITEM_PROVIDERS:
        PUBLIC_ITEM_PROVIDERS.append(provider)


def public_items(partnership: Any) -> list[PublicItem]:
    items = [item for provider in PUBLIC_ITEM_PROVIDERS for item in provider(partnership)]
    return sorted(items, key=lambda i: (i.order, i.section, -(i.date.toordinal() if i.date else 0), i.title))


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
    # A kind kept by its own app (the self-evaluation): (partnership, start, end, fmt) -> bytes,
    # read as the committee reads it. The reports pages do not offer it; `build_report` calls it.
    build_file: Callable[[Any, Any, Any, str], bytes] | None = None


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
    partnership_id: int | None = None  # set by `across`, which reads many partnerships at once


@dataclass(frozen=True)
class ThemedRecordProvider:
    key: str
    title: str  # for example "Learning points"
    records: Callable[[Any, Any, Any], list[ThemedRecord]]
    # across(partnership_ids, start, end) -> the records of all those partnerships dated start..end
    # that every member of their partnership may see (nothing confidential, nothing restricted),
    # each with its partnership_id, in a fixed number of queries whatever the number of
    # partnerships. For views across partnerships (the national themes); words and addresses
    # are left empty, as such a view only counts.
    across: Callable[[Any, Any, Any], list[ThemedRecord]] | None = None


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


def themed_records_across(partnership_ids: Any, start: Any, end: Any) -> list[ThemedRecord]:
    """Every themed record, from every source that can read across partnerships, of these
    partnerships dated start..end that every member of its partnership may see."""
    ids = sorted(set(partnership_ids))
    if not ids:
        return []
    found: list[ThemedRecord] = []
    for provider in sorted(THEMED_RECORD_PROVIDERS.values(), key=lambda p: p.key):
        if provider.across is not None:
            found.extend(provider.across(ids, start, end))
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
