"""Themes over time, across the partnerships that share their themes.

Counts come only from what is shared: a partnership that shares its themes (all of them, or one
by one) has its themed records counted under those themes and no others, read at query time, so
a withdrawal takes effect at once. The records are those every member of the partnership may
see (core.registry `across`): nothing confidential, restricted or said in confidence is counted.

Every count is a number of records (a learning point, a review finding, a completed audit, a
view, a feedback exercise) carrying the theme. A view is one child's or family's words and a
review finding comes from one child's case, so a count of 1 to 4 could point at a child: every
count shown goes through the small-numbers rule (core.disclosure) with the total it adds up to,
as a published national table should (ADR 0015).

The themes rising in several partnerships at once apply the insights page's emerging-theme rule
(insights.rules: the last two quarters against the eight before, exact conditional Poisson test,
fewest records) to each sharing partnership's records on its own, then list the themes rising in
at least `min_partnerships` of them.

Reads a fixed number of queries whatever the number of partnerships or records.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings

from learnloop.core import registry
from learnloop.core.disclosure import MARK, Group, suppress
from learnloop.insights import rules
from learnloop.national.selectors import shared_themes

# Learning raised from an insight restates records already counted (as on the insights page).
LEFT_OUT_SOURCES = {"insight"}
DEFAULT_MIN_PARTNERSHIPS = 2


def min_partnerships_default() -> int:
    """How many partnerships a theme must be rising in at once to be listed (a setting)."""
    return max(2, int(getattr(settings, "NATIONAL_RISING_MIN_PARTNERSHIPS", DEFAULT_MIN_PARTNERSHIPS)))


def min_count() -> int:
    """The fewest records in the last six months for a rising theme: the insights page's default."""
    from learnloop.insights.models import InsightSettings

    return int(InsightSettings._meta.get_field("emerging_min_count").default)


@dataclass(frozen=True)
class Counted:
    """One shared themed record: only its shared themes, its source, date and partnership."""

    partnership_id: int
    source: str
    date: dt.date
    themes: frozenset[str]


@dataclass
class Shared:
    """What partnerships share and their records, read once for the page."""

    partnerships: dict[int, str]  # id -> name, every partnership sharing at least one theme
    theme_names: dict[str, str]  # code -> name
    records: list[Counted]

    @property
    def years(self) -> list[int]:
        return sorted({r.date.year for r in self.records})

    @property
    def theme_choices(self) -> list[tuple[str, str]]:
        return sorted(self.theme_names.items(), key=lambda pair: pair[1])

    @property
    def sources(self) -> list[str]:
        return sorted({r.source for r in self.records}, key=source_name)


def source_name(key: str) -> str:
    return registry.THEMED_SOURCE_NAMES.get(key, key.replace("_", " ").capitalize())


def source_choices() -> list[tuple[str, str]]:
    keys = {*registry.THEMED_SOURCE_NAMES, "review", "audit", "voice", "workforce"} - LEFT_OUT_SOURCES
    return sorted(((k, source_name(k)) for k in keys), key=lambda pair: pair[1])


def shared(as_of: dt.date) -> Shared:
    """Every sharing partnership's records up to `as_of`, cut down to the themes it shares."""
    codes: dict[int, set[str]] = defaultdict(set)
    partnerships: dict[int, str] = {}
    names: dict[str, Counter[str]] = defaultdict(Counter)
    for partnership_id, partnership_name, code, name in shared_themes().values_list(
        "partnership_id", "partnership__name", "code", "name"
    ):
        codes[partnership_id].add(code)
        partnerships[partnership_id] = partnership_name
        names[code][name] += 1
    records = []
    for r in registry.themed_records_across(list(codes), None, as_of):
        if r.source in LEFT_OUT_SOURCES or r.partnership_id not in codes:
            continue
        kept = frozenset(r.themes) & codes[r.partnership_id]
        if kept:
            records.append(Counted(r.partnership_id, r.source, r.date, kept))
    # The name most sharing partnerships give the theme (they share one taxonomy of codes).
    theme_names = {code: sorted(c.items(), key=lambda kv: (-kv[1], kv[0]))[0][0] for code, c in names.items()}
    return Shared(partnerships=partnerships, theme_names=theme_names, records=records)


# The tables ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Cell:
    count: int
    suppressed: bool = False

    @property
    def text(self) -> str:
        return MARK if self.suppressed else f"{self.count:,}"

    @property
    def shown(self) -> int | None:
        return None if self.suppressed else self.count


@dataclass
class Row:
    key: Any
    label: str
    cells: list[Cell]
    total: Cell


@dataclass
class Table:
    columns: list[tuple[Any, str]]
    rows: list[Row]

    @property
    def any_suppressed(self) -> bool:
        return any(c.suppressed for r in self.rows for c in [*r.cells, r.total])


@dataclass
class Spec:
    """One table to be shown: its counts by (row, column), its rows and columns in order."""

    name: str
    counts: dict[tuple[Any, Any], int]
    rows: list[tuple[Any, str]]
    columns: list[tuple[Any, str]]


def _tables(specs: list[Spec], same: dict[tuple[str, Any, Any], tuple[str, Any, Any]] | None = None) -> list[Table]:
    """Rows by columns, each row with its total, through the small-numbers rule together: each
    row and its total are a group, so a withheld cell cannot be worked out from its total. A cell
    of one table that shows the same figure as a cell of another (`same`: (table, row, column)
    -> the other's key; a total's column is None) is one cell, withheld in both or neither, so
    one table can never give away what the other withholds."""
    same = same or {}
    sizes: dict[tuple[str, Any, Any], int] = {}
    groups = []
    for spec in specs:
        for row, _ in spec.rows:
            members = []
            for col, _ in spec.columns:
                key = same.get((spec.name, row, col), (spec.name, row, col))
                sizes[key] = spec.counts.get((row, col), 0)
                members.append(key)
            total = same.get((spec.name, row, None), (spec.name, row, None))
            sizes[total] = sum(spec.counts.get((row, col), 0) for col, _ in spec.columns)
            groups.append(Group(members=tuple(members), total=total))
    hidden = suppress(sizes, groups=groups)

    def cell(name: str, row: Any, col: Any) -> Cell:
        key = same.get((name, row, col), (name, row, col))
        return Cell(sizes[key], key in hidden)

    return [
        Table(
            columns=spec.columns,
            rows=[
                Row(
                    key=row,
                    label=label,
                    cells=[cell(spec.name, row, col) for col, _ in spec.columns],
                    total=cell(spec.name, row, None),
                )
                for row, label in spec.rows
            ],
        )
        for spec in specs
    ]


# Rising in several partnerships ---------------------------------------------------------------


@dataclass
class Rising:
    code: str
    name: str
    partnerships: list[str]

    @property
    def sentence(self) -> str:
        return f"{self.name}: rising in {len(self.partnerships)} partnerships, {and_list(self.partnerships)}."


def and_list(names: list[str]) -> str:
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def rising(data: Shared, *, as_of: dt.date, min_partnerships: int, count: int) -> list[Rising]:
    """The themes that the emerging-theme rule finds in at least `min_partnerships` sharing
    partnerships at once, each partnership judged on its own shared records (all sources)."""
    by_partnership: dict[int, list[registry.ThemedRecord]] = defaultdict(list)
    for r in data.records:
        by_partnership[r.partnership_id].append(
            registry.ThemedRecord(source=r.source, reference="", title="", date=r.date, themes=tuple(sorted(r.themes)))
        )
    baseline_start = as_of - dt.timedelta(days=rules.RECENT_DAYS + rules.BASELINE_DAYS - 1)
    found: dict[str, list[str]] = defaultdict(list)
    for partnership_id, records in by_partnership.items():
        # As on the insights page: the rule speaks only for a partnership with records from the
        # first quarter of the two-year baseline or earlier.
        history_from: dt.date | None = min(r.date for r in records)
        if history_from is not None and history_from <= baseline_start + dt.timedelta(days=91):
            history_from = baseline_start
        for finding in rules.emerging_themes(
            records, as_of=as_of, min_count=count, theme_names=data.theme_names, history_from=history_from
        ):
            found[finding.theme].append(data.partnerships[partnership_id])
    listed = [
        Rising(code, data.theme_names.get(code, code), sorted(names))
        for code, names in found.items()
        if len(names) >= min_partnerships
    ]
    return sorted(listed, key=lambda r: (-len(r.partnerships), r.name))


# The page ------------------------------------------------------------------------------------


@dataclass
class ThemesOverTime:
    as_of: dt.date
    years: list[int]  # every year with a shared record, for the year pickers
    year_from: int | None
    year_to: int | None
    source: str
    theme: str
    partnerships: int  # how many partnerships share themes
    by_theme: Table  # themes by year
    by_source: Table  # years by source, for the chosen theme (or any shared theme)
    rising: list[Rising]
    min_partnerships: int
    min_count: int
    theme_choices: list[tuple[str, str]] = field(default_factory=list)

    @property
    def shown_years(self) -> list[int]:
        return [y for y in self.years if self.year_from <= y <= self.year_to] if self.years else []  # type: ignore[operator]

    @property
    def source_label(self) -> str:
        return source_name(self.source) if self.source else ""

    @property
    def theme_name(self) -> str:
        return dict(self.theme_choices).get(self.theme, "")

    @property
    def year_totals(self) -> list[tuple[int, Cell]]:
        return [(row.key, row.total) for row in self.by_source.rows]


def themes_over_time(
    *,
    as_of: dt.date,
    source: str = "",
    year_from: int | None = None,
    year_to: int | None = None,
    theme: str = "",
    min_partnerships: int | None = None,
    data: Shared | None = None,
) -> ThemesOverTime:
    """The page's figures for these filters; `data` is shared(as_of), when already read."""
    data = data or shared(as_of)
    years = data.years
    year_from = max(year_from or (years[0] if years else 0), years[0]) if years else None
    year_to = min(year_to or (years[-1] if years else 0), years[-1]) if years else None
    if year_from is not None and year_to is not None and year_from > year_to:
        year_from, year_to = year_to, year_from
    shown = [
        r
        for r in data.records
        if (not source or r.source == source) and year_from is not None and year_from <= r.date.year <= year_to  # type: ignore[operator]
    ]
    year_columns = [(y, str(y)) for y in range(year_from, year_to + 1)] if year_from is not None else []  # type: ignore[operator]

    per_theme: dict[tuple[Any, Any], int] = defaultdict(int)
    for r in shown:
        for code in r.themes:
            per_theme[(code, r.date.year)] += 1
    totals: Counter[str] = Counter()
    for (code, _), n in per_theme.items():
        totals[code] += n
    theme_rows = [
        (code, data.theme_names.get(code, code))
        for code in sorted(totals, key=lambda c: (-totals[c], data.theme_names.get(c, c)))
    ]

    themed = [r for r in shown if not theme or theme in r.themes]
    per_source: dict[tuple[Any, Any], int] = defaultdict(int)
    for r in themed:
        per_source[(r.date.year, r.source)] += 1
    sources = [source] if source else data.sources
    # With a theme chosen, each year's total by source is that theme's count for the year in the
    # table of themes: one figure, withheld in both tables or neither.
    same = {("source", y, None): ("theme", theme, y) for y, _ in year_columns} if theme in totals else {}
    by_theme, by_source = _tables(
        [
            Spec("theme", per_theme, theme_rows, year_columns),
            Spec("source", per_source, year_columns, [(s, source_name(s)) for s in sources]),
        ],
        same,
    )

    wanted = min_partnerships or min_partnerships_default()
    count = min_count()
    return ThemesOverTime(
        as_of=as_of,
        years=years,
        year_from=year_from,
        year_to=year_to,
        source=source,
        theme=theme,
        partnerships=len(data.partnerships),
        by_theme=by_theme,
        by_source=by_source,
        rising=rising(data, as_of=as_of, min_partnerships=wanted, count=count),
        min_partnerships=wanted,
        min_count=count,
        theme_choices=data.theme_choices,
    )
