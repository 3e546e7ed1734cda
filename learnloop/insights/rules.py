"""The rules that turn themed records into findings. Pure functions: no database, no request.

Each rule is stated in plain English in docs/guide-insights.md; the thresholds come from the
partnership's InsightSettings. The emerging-theme test was tuned with bench/insight_alarms.py.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from scipy.stats import binom

from learnloop.core.registry import ThemedRecord

KINDS = (
    "recurring_theme",
    "repeated_learning",
    "emerging_theme",
    "stalled_actions",
    "unshared_agency",
    "no_action",
    "impact_not_evaluated",
    "indicator_signal",
)
KIND_TITLES = {
    "recurring_theme": "Recurring theme",
    "repeated_learning": "Lesson learned again",
    "emerging_theme": "Emerging theme",
    "stalled_actions": "Stalled actions",
    "unshared_agency": "Learning not shared with an agency it concerns",
    "no_action": "Learning with no action",
    "impact_not_evaluated": "Impact not evaluated",
    "indicator_signal": "Indicator signal",
}

# Emerging themes: the last RECENT_DAYS against the BASELINE_DAYS before them.
RECENT_DAYS = 182  # two quarters
BASELINE_DAYS = 730  # the eight quarters before
# The chance, if nothing had changed, of seeing at least as many of the theme's records in the
# last six months as were seen. Tuned with bench/insight_alarms.py.
EMERGING_P_VALUE = 0.05


@dataclass(frozen=True)
class Evidence:
    reference: str
    title: str
    url: str = ""
    confidential: bool = False


@dataclass
class Finding:
    kind: str
    subject_key: str  # with kind, the finding's stable identity
    subject: str  # in words
    since: dt.date  # the date from which the finding has held
    detail: str
    evidence: list[Evidence] = field(default_factory=list)
    theme: str = ""  # the theme's code, if the finding is about a theme
    theme_name: str = ""
    decision: object | None = None  # insights.models.FindingDecision, when one applies

    @property
    def key(self) -> str:
        return f"{self.kind}:{self.subject_key}"

    @property
    def title(self) -> str:
        return KIND_TITLES[self.kind]

    @property
    def references(self) -> list[str]:
        return [e.reference for e in self.evidence]


def _evidence(records: Iterable[ThemedRecord]) -> list[Evidence]:
    seen: dict[str, Evidence] = {}
    for r in sorted(records, key=lambda r: (r.date, r.reference)):
        seen.setdefault(r.reference, Evidence(r.reference, r.title, r.url, r.confidential))
    return list(seen.values())


def by_theme(records: Iterable[ThemedRecord]) -> dict[str, list[ThemedRecord]]:
    grouped: dict[str, list[ThemedRecord]] = defaultdict(list)
    for r in records:
        for theme in r.themes:
            grouped[theme].append(r)
    return grouped


# Recurring themes --------------------------------------------------------------------------


def recurring_themes(
    records: Sequence[ThemedRecord],
    *,
    as_of: dt.date,
    min_sources: int,
    window_days: int,
    theme_names: dict[str, str],
    source_names: dict[str, str],
) -> list[Finding]:
    """A theme raised by at least `min_sources` different sources in the `window_days` up to
    and including `as_of`."""
    start = as_of - dt.timedelta(days=window_days - 1)
    window = [r for r in records if start <= r.date <= as_of]
    findings = []
    for theme, rows in sorted(by_theme(window).items()):
        first_by_source: dict[str, dt.date] = {}
        for r in sorted(rows, key=lambda r: r.date):
            first_by_source.setdefault(r.source, r.date)
        if len(first_by_source) < min_sources:
            continue
        since = sorted(first_by_source.values())[min_sources - 1]
        names = sorted(source_names.get(s, s) for s in first_by_source)
        findings.append(
            Finding(
                kind="recurring_theme",
                subject_key=theme,
                subject=theme_names.get(theme, theme),
                since=since,
                detail=f"Raised by {len(first_by_source)} sources in {window_days} days: {', '.join(names)}.",
                evidence=_evidence(rows),
                theme=theme,
                theme_name=theme_names.get(theme, theme),
            )
        )
    return findings


# Emerging themes ---------------------------------------------------------------------------


def rise_p_value(
    recent: int, baseline: int, recent_share: float = RECENT_DAYS / (RECENT_DAYS + BASELINE_DAYS)
) -> float:
    """The exact conditional test of two Poisson counts: if the rate had not changed, each of the
    recent + baseline records would fall in the recent window with chance `recent_share`; this is
    the chance of `recent` or more of them doing so."""
    total = recent + baseline
    if total == 0:
        return 1.0
    return float(binom.sf(recent - 1, total, recent_share))


def is_emerging(recent: int, baseline: int, *, min_count: int, p_value: float = EMERGING_P_VALUE) -> bool:
    return recent >= min_count and rise_p_value(recent, baseline) <= p_value


def emerging_themes(
    records: Sequence[ThemedRecord],
    *,
    as_of: dt.date,
    min_count: int,
    theme_names: dict[str, str],
    history_from: dt.date | None,
) -> list[Finding]:
    """A theme whose records (across all sources) in the last six months are more than its own
    previous two years make likely. Needs two and a half years of records to judge."""
    recent_start = as_of - dt.timedelta(days=RECENT_DAYS - 1)
    baseline_start = recent_start - dt.timedelta(days=BASELINE_DAYS)
    if history_from is None or history_from > baseline_start:
        return []
    findings = []
    for theme, rows in sorted(by_theme(records).items()):
        recent = [r for r in rows if recent_start <= r.date <= as_of]
        baseline = [r for r in rows if baseline_start <= r.date < recent_start]
        if not is_emerging(len(recent), len(baseline), min_count=min_count):
            continue
        p = rise_p_value(len(recent), len(baseline))
        usual = len(baseline) / 4  # per six months
        findings.append(
            Finding(
                kind="emerging_theme",
                subject_key=theme,
                subject=theme_names.get(theme, theme),
                since=recent_start,
                detail=(
                    f"{len(recent)} records in the last six months against {usual:.1f} in a usual six months "
                    f"over the two years before (chance if nothing had changed: {p:.3f})."
                ),
                evidence=_evidence(recent),
                theme=theme,
                theme_name=theme_names.get(theme, theme),
            )
        )
    return findings


# The theme matrix --------------------------------------------------------------------------


def matrix(
    records: Sequence[ThemedRecord], *, agency_id: int | None = None
) -> dict[tuple[str, str, str], list[ThemedRecord]]:
    """(theme, source, period) -> its records; period is the quarter, for example "2026-Q3"."""
    cells: dict[tuple[str, str, str], list[ThemedRecord]] = defaultdict(list)
    for r in records:
        if agency_id is not None and agency_id not in r.agencies:
            continue
        period = quarter_of(r.date)
        for theme in r.themes:
            cells[(theme, r.source, period)].append(r)
    return cells


def quarter_of(day: dt.date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarter_bounds(label: str) -> tuple[dt.date, dt.date]:
    year, q = label.split("-Q")
    first_month = (int(q) - 1) * 3 + 1
    start = dt.date(int(year), first_month, 1)
    end_month = first_month + 3
    end = dt.date(int(year) + (end_month > 12), (end_month - 1) % 12 + 1, 1) - dt.timedelta(days=1)
    return start, end


def evidence_of(records: Iterable[ThemedRecord]) -> list[Evidence]:
    return _evidence(records)
