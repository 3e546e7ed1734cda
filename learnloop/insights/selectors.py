"""Every read on the insights page: findings for one member at one date, the theme matrix and
the records behind each cell. Only records the member may see are ever counted (each source's
provider returns only those), so a confidential record never shapes what a member is shown.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from learnloop.accounts.models import Membership
from learnloop.core import registry
from learnloop.core.registry import ThemedRecord
from learnloop.insights import loopstate, rules
from learnloop.insights.models import FindingDecision, InsightSettings
from learnloop.insights.rules import Evidence, Finding
from learnloop.themes.models import Theme

WHATS_NEW_DEFAULT_WEEKS = 8
INSIGHT_SOURCE = "insight"
SHOWN_PER_KIND = 20  # on the page; the CSV download has every finding


def records_for(m: Membership, start: dt.date | None, end: dt.date | None) -> list[ThemedRecord]:
    """Every themed record the member may see, less learning raised from insights themselves
    (a finding must not feed itself)."""
    return [r for r in registry.themed_records(m, start, end) if r.source != INSIGHT_SOURCE]


def theme_names(partnership_id: int) -> dict[str, str]:
    return dict(Theme.objects.filter(partnership_id=partnership_id).values_list("code", "name"))


def source_names() -> dict[str, str]:
    return dict(registry.THEMED_SOURCE_NAMES)


def history_window(as_of: dt.date, s: InsightSettings) -> dt.date:
    """The first date any rule looks at."""
    emerging_start = as_of - dt.timedelta(days=rules.RECENT_DAYS + rules.BASELINE_DAYS - 1)
    return min(emerging_start, as_of - dt.timedelta(days=s.recurring_window_days - 1))


@dataclass
class Insights:
    as_of: dt.date
    settings: InsightSettings
    findings: list[Finding]  # to look at: no decision, or dismissed but with new evidence
    decided: list[Finding] = field(default_factory=list)  # raised, being acted on, or dismissed

    def of_kind(self, kind: str) -> list[Finding]:
        return [f for f in self.findings if f.kind == kind]

    @property
    def groups(self) -> list[tuple[str, str, list[Finding], int]]:
        """(kind, title, the first SHOWN_PER_KIND findings, how many in all), newest first."""
        groups = []
        for kind in rules.KINDS:
            found = sorted(self.of_kind(kind), key=lambda f: f.since, reverse=True)
            groups.append((kind, rules.KIND_TITLES[kind], found[:SHOWN_PER_KIND], len(found)))
        return groups


def _signal_findings(m: Membership) -> list[Finding]:
    found = []
    for s in registry.indicator_signals(m):
        if s.decided or s.period_end is None:
            continue  # MISE already decided about it on the dataset's own page
        found.append(
            Finding(
                kind="indicator_signal",
                subject_key=f"{s.code}:{s.period}",
                subject=f"{s.name}, {s.period}",
                since=s.period_end,
                detail=f"{s.direction}: {s.rules}.",
                evidence=[Evidence(f"{s.code} {s.period}", s.name, s.url)],
            )
        )
    return found


def all_findings(m: Membership, as_of: dt.date, s: InsightSettings) -> list[Finding]:
    start = history_window(as_of, s)
    # A year more than the rules read, to tell whether the partnership has records that far back.
    fetched = records_for(m, start - dt.timedelta(days=365), as_of)
    records = [r for r in fetched if r.date >= start]
    names = theme_names(m.partnership_id)
    # The emerging rule needs the two years before the last six months: it speaks only when the
    # partnership has records from the first quarter of that baseline or earlier.
    history_from = min((r.date for r in fetched), default=None)
    baseline_start = as_of - dt.timedelta(days=rules.RECENT_DAYS + rules.BASELINE_DAYS - 1)
    if history_from is not None and history_from <= baseline_start + dt.timedelta(days=91):
        history_from = baseline_start
    slug = m.partnership.slug
    lps = loopstate.learning_points(m, as_of)
    findings = rules.recurring_themes(
        records,
        as_of=as_of,
        min_sources=s.recurring_min_sources,
        window_days=s.recurring_window_days,
        theme_names=names,
        source_names=source_names(),
    )
    findings += rules.emerging_themes(
        records, as_of=as_of, min_count=s.emerging_min_count, theme_names=names, history_from=history_from
    )
    findings += loopstate.repeated_learning(
        [lp for lp in lps if lp.source_type != INSIGHT_SOURCE],
        as_of=as_of,
        similarity=s.repeated_similarity / 100,
        window_days=s.recurring_window_days,
        slug=slug,
    )
    findings += loopstate.stalled_actions(m, as_of=as_of, days=s.stalled_days)
    findings += loopstate.unshared_agencies(lps, as_of=as_of, days=s.unshared_days, slug=slug)
    findings += loopstate.no_action(lps, as_of=as_of, days=s.no_action_days, slug=slug)
    findings += loopstate.impact_not_evaluated(lps, as_of=as_of, days=s.impact_days, slug=slug)
    findings += _signal_findings(m)
    return findings


def insights(m: Membership, as_of: dt.date | None = None) -> Insights:
    as_of = as_of or timezone.localdate()
    s = loopstate.settings_for(m.partnership_id)
    findings = all_findings(m, as_of, s)
    decisions = {
        d.key: d
        for d in FindingDecision.objects.filter(partnership_id=m.partnership_id).select_related(
            "learning_point", "action", "decided_by"
        )
    }
    active, decided = [], []
    for f in findings:
        decision = decisions.get(f.key)
        f.decision = decision
        if decision is None:
            active.append(f)
        elif decision.status == FindingDecision.Status.DISMISSED and set(f.references) - decision.references:
            active.append(f)  # dismissed, but its evidence has grown since
        else:
            decided.append(f)
    return Insights(as_of=as_of, settings=s, findings=active, decided=decided)


def finding_get(m: Membership, key: str, as_of: dt.date | None = None) -> Finding:
    from django.http import Http404

    for f in all_findings(m, as_of or timezone.localdate(), loopstate.settings_for(m.partnership_id)):
        if f.key == key:
            return f
    raise Http404("No such finding.")


def whats_new_default(partnership: object) -> dt.date:
    """The last committee meeting or paper, if a reports app knows it; otherwise eight weeks ago."""
    return registry.last_meeting_date(partnership) or (
        timezone.localdate() - dt.timedelta(weeks=WHATS_NEW_DEFAULT_WEEKS)
    )


def findings_since(partnership: object, reader: Membership, date: dt.date | None = None) -> list[Finding]:
    """The findings, not yet decided about, that have held only since `date` (by default the last
    committee meeting): for the home pages and the committee paper's MISE section."""
    if reader.partnership_id != partnership.pk:  # type: ignore[attr-defined]
        raise ValueError("The reader must be a member of the partnership.")
    date = date or whats_new_default(partnership)
    return [f for f in insights(reader).findings if f.since >= date]


# The theme matrix ---------------------------------------------------------------------------


@dataclass
class Cell:
    count: int
    url: str
    level: int  # 0 to 4, for the heat map's shade


@dataclass
class MatrixRow:
    theme: str
    name: str
    cells: list[Cell]
    total: int


@dataclass
class Matrix:
    columns: list[tuple[str, str]]  # (key, heading)
    rows: list[MatrixRow]
    start: dt.date
    end: dt.date


def _level(count: int, top: int) -> int:
    if count == 0 or top == 0:
        return 0
    return min(4, 1 + (4 * (count - 1)) // max(top, 1))


def theme_matrix(
    m: Membership, *, start: dt.date, end: dt.date, by: str, agency_id: int | None, cell_url: object
) -> Matrix:
    """Themes by source (for start..end) or by quarter (all sources). cell_url(theme, source,
    start, end) -> the address of the list of exactly that cell's records."""
    records = [r for r in records_for(m, start, end) if agency_id is None or agency_id in r.agencies]
    names = theme_names(m.partnership_id)
    if by == "quarter":
        quarters = sorted({rules.quarter_of(r.date) for r in records})
        columns = [(q, q) for q in quarters]
    else:
        sources = sorted({r.source for r in records}, key=lambda k: source_names().get(k, k))
        columns = [(s, source_names().get(s, s)) for s in sources]
    counts: dict[tuple[str, str], int] = {}
    for r in records:
        column = rules.quarter_of(r.date) if by == "quarter" else r.source
        for theme in r.themes:
            counts[(theme, column)] = counts.get((theme, column), 0) + 1
    top = max(counts.values(), default=0)
    rows = []
    for theme in sorted({t for t, _ in counts}, key=lambda t: names.get(t, t)):
        cells = []
        for key, _ in columns:
            n = counts.get((theme, key), 0)
            if by == "quarter":
                q_start, q_end = rules.quarter_bounds(key)
                url = cell_url(theme, "", max(q_start, start), min(q_end, end))  # type: ignore[operator]
            else:
                url = cell_url(theme, key, start, end)  # type: ignore[operator]
            cells.append(Cell(n, url, _level(n, top)))
        rows.append(MatrixRow(theme, names.get(theme, theme), cells, sum(c.count for c in cells)))
    rows.sort(key=lambda r: (-r.total, r.name))
    return Matrix(columns=columns, rows=rows, start=start, end=end)


def cell_records(
    m: Membership, *, theme: str, source: str, start: dt.date, end: dt.date, agency_id: int | None
) -> list[ThemedRecord]:
    """Exactly the records one cell of the matrix counts."""
    return [
        r
        for r in records_for(m, start, end)
        if theme in r.themes and (not source or r.source == source) and (agency_id is None or agency_id in r.agencies)
    ]
