"""What a report section says, as a small neutral structure that one renderer turns into HTML,
Word and PDF (learnloop/reports/render.py).

A source app's section (registered with ``core.registry.register_report_section``) is a function
given a :class:`ReportRequest` that returns a list of blocks: headings, paragraphs, bullet lists,
tables with a header row, and charts (a vector SVG with its text alternative and, where it has
one, the table of its figures). The blocks are plain data: an issued report keeps them as JSON,
so it reads the same whatever the data does later.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from learnloop.core.disclosure import MARK, is_small


@dataclass(frozen=True)
class ReportRequest:
    """Who reads the report, for which partnership and period.

    ``m`` is the reader the figures are scoped to (the committee's view, or a viewer's for the
    public version); ``public`` asks for small numbers to be suppressed.
    """

    m: Any  # learnloop.accounts.models.Membership
    start: dt.date
    end: dt.date
    meeting: dt.date | None = None
    public: bool = False
    today: dt.date | None = None
    report_id: int | None = None  # the report being built, for sections that read its own records
    cache: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)  # shared by sections in one build

    @property
    def partnership(self) -> Any:
        return self.m.partnership

    @property
    def as_of(self) -> dt.date:
        """The day "overdue" and "due" are counted from: the meeting, or the end of the period."""
        return self.today or self.meeting or self.end

    def count(self, n: int | None) -> str | int:
        """A count of children as this reader may see it: 1 to 4 is suppressed in public."""
        if n is None:
            return "No data"
        return MARK if self.public and is_small(n) else n


@dataclass
class Heading:
    text: str
    level: int = 3
    type: str = "heading"


@dataclass
class Paragraph:
    text: str
    type: str = "paragraph"


@dataclass
class Bullets:
    items: list[str]
    type: str = "bullets"


@dataclass
class Table:
    """A table with a header row.

    A table that lists records (rather than figures) names the app's page that lists them all:
    ``more_url`` (absolute, from :func:`app_link`) and ``more_label`` ("Actions in LearnLoop,
    filtered to overdue"). Such a table is capped when the report is built (:func:`cap_lists`):
    it keeps its first ``limit`` rows (``settings.REPORT_LIST_ROWS`` unless given), so the
    section's own order decides which rows are shown, and ``total`` keeps how many there were.
    The report then says "and N more" with the link. Figures are never capped: a table without
    ``more_url`` keeps every row.
    """

    caption: str
    headers: list[str]
    rows: list[list[Any]]
    numeric: list[int] = field(default_factory=list)
    empty: str = "None."
    type: str = "table"
    more_url: str = ""
    more_label: str = ""
    order: str = ""  # how the shown rows were chosen, in words: "longest overdue first"
    limit: int | None = None
    total: int | None = None  # set by cap_lists when rows were left off

    @property
    def more(self) -> int:
        """How many rows the report leaves to the app's page."""
        return (self.total or 0) - len(self.rows) if self.total is not None else 0

    @property
    def more_text(self) -> str:
        """The sentence before the link: "The first 25 of 246, longest overdue first. And 221 more: see"."""
        if not self.more:
            return ""
        order = f", {self.order}" if self.order else ""
        return f"The first {len(self.rows)} of {self.total} are listed{order}. And {self.more} more: see"


@dataclass
class Chart:
    svg: str
    alt: str
    table: Table | None = None
    type: str = "chart"


Block = Heading | Paragraph | Bullets | Table | Chart
TYPES: dict[str, type] = {
    "heading": Heading,
    "paragraph": Paragraph,
    "bullets": Bullets,
    "table": Table,
    "chart": Chart,
}


def app_link(r: ReportRequest, url_name: str, **query: Any) -> str:
    """The absolute address of an app page listing a section's records, filtered, for a
    document read away from the site (``settings.SITE_URL``). The public version links nowhere
    (its readers cannot sign in), so its lists are not capped."""
    from urllib.parse import urlencode

    from django.conf import settings
    from django.urls import reverse

    if r.public:
        return ""
    path = reverse(url_name, args=[r.partnership.slug])
    query_text = urlencode({k: v for k, v in query.items() if v not in (None, "")})
    return settings.SITE_URL.rstrip("/") + path + (f"?{query_text}" if query_text else "")


def cap_lists(blocks: Sequence[Block], limit: int | None = None) -> list[Block]:
    """Cap every table that lists records and links to the app's page for the rest (tables of
    figures are left whole). Done once, when the report is built, so the page, the Word
    document, the PDF and the issued version all show the same rows."""
    from django.conf import settings

    default = limit if limit is not None else settings.REPORT_LIST_ROWS
    for block in blocks:
        tables = [block] if isinstance(block, Table) else []
        if isinstance(block, Chart) and block.table is not None:
            tables.append(block.table)
        for table in tables:
            keep = table.limit or default
            if table.more_url and table.total is None and keep and len(table.rows) > keep:
                table.total = len(table.rows)
                table.rows = list(table.rows[:keep])
    return list(blocks)


def to_json(blocks: Sequence[Block]) -> list[dict[str, Any]]:
    out = []
    for block in blocks:
        data = asdict(block)
        if isinstance(block, Table):
            data["rows"] = [[_plain(v) for v in row] for row in block.rows]
        if isinstance(block, Chart) and block.table is not None:
            data["table"]["rows"] = [[_plain(v) for v in row] for row in block.table.rows]
        out.append(data)
    return out


def from_json(data: Sequence[dict[str, Any]]) -> list[Block]:
    blocks: list[Block] = []
    for item in data:
        item = dict(item)
        kind = TYPES[item["type"]]
        if kind is Chart and item.get("table"):
            item["table"] = Table(**item["table"])
        blocks.append(kind(**item))
    return blocks


def _plain(value: Any) -> Any:
    """A cell as JSON keeps it: numbers stay numbers, dates become text, None stays None."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dt.date):
        return day(value)
    return str(value)


def day(value: dt.date | None) -> str:
    """A date as the reports write it: 2 December 2026."""
    return f"{value.day} {value:%B %Y}" if value else ""


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "No data"
