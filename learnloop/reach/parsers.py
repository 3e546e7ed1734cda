"""Reading website statistics exports: Plausible (ZIP of CSVs), Matomo (CSV/TSV, often UTF-16)
and Google Analytics 4 (CSV with a '#' comment header that names the period).

Each reader returns monthly site figures and monthly page figures, or the list of every
problem found (row, column, reason). Nothing here writes to the database.
"""

from __future__ import annotations

import datetime as dt
import re
import zipfile
from collections import defaultdict
from dataclasses import dataclass, field
from urllib.parse import urlparse

from learnloop.core import tables
from learnloop.ingest.problems import RowProblem
from learnloop.ingest.reading import decode
from learnloop.reach.models import Tool

MAX_PAGES_PER_MONTH = 500


@dataclass
class Statistics:
    months: dict[dt.date, dict[str, int | None]] = field(default_factory=dict)  # month -> visitors, pageviews
    pages: dict[tuple[dt.date, str], dict[str, int | None]] = field(default_factory=dict)
    rows_read: int = 0
    errors: list[RowProblem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # which columns were read, what was passed over
    placeholders: int = 0  # rows naming no page: "(not set)", "Page URL not defined"
    unplaced: dict[dt.date, int] = field(default_factory=dict)  # their page views, still the month's

    def passed_over(self, month: dt.date | None, pageviews: int | None) -> None:
        """A row for traffic with no page: not a page, but its views still count in the month."""
        self.placeholders += 1
        if month is not None and pageviews:
            self.unplaced[month] = self.unplaced.get(month, 0) + pageviews

    def all_months(self) -> list[dt.date]:
        return sorted(set(self.months) | {m for m, _ in self.pages})


def first_of_month(day: dt.date) -> dt.date:
    return day.replace(day=1)


def _reader(lines: list[str]) -> list[list[str]]:
    """The rows of an export's lines, within the reach importer's limits (core.tables)."""
    limits = tables.limits_for("reach")
    sample = lines[0][: limits.max_line_chars + 1] if lines else ""
    delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
    return [cells for _, cells in tables.csv_rows(lines, limits=limits, name="the export", delimiter=delimiter)]


def _number(text: str) -> int | None:
    """'1,234', '1234', '1234.0' -> 1234; '' -> None; anything else raises ValueError."""
    cleaned = text.strip().replace(",", "").replace(" ", "")
    if cleaned in {"", "-"}:
        return None
    value = float(cleaned)
    if value < 0 or value != int(value):
        raise ValueError(text)
    return int(value)


# Rows the tools write for traffic with no page: never a page of the site.
PLACEHOLDERS = {"(not set)", "(other)", "page url not defined", "page title not defined", "(none)", "-"}
INDEX_PAGES = re.compile(r"/(index|default)(\.(html?|php|aspx?))?$", re.IGNORECASE)


def is_placeholder(text: str) -> bool:
    return text.strip().lower() in PLACEHOLDERS


def _path(text: str) -> str:
    """A page's path the same way for every tool: no host, a leading '/', and a folder's index page
    as the folder (Matomo's '/index' and '/about/index.html' are GA4's and Plausible's '/' and '/about/')."""
    text = text.strip()
    if "://" in text:
        parsed = urlparse(text)
        text = parsed.path or "/"
    if not text.startswith("/"):
        text = "/" + text
    text = INDEX_PAGES.sub("/", text)
    return text[:500]


def _month(text: str, year_hint: int | None = None) -> dt.date | None:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%Y%m%d", "%Y-%m", "%Y%m", "%B %Y", "%b %Y", "%d/%m/%Y"):
        try:
            return first_of_month(dt.datetime.strptime(text, pattern).date())
        except ValueError:
            continue
    if year_hint and text.isdigit() and 1 <= int(text) <= 12:
        return dt.date(year_hint, int(text), 1)
    return None


def _add(target: dict, key: object, values: dict[str, int | None]) -> None:
    current = target.setdefault(key, dict.fromkeys(values))
    for name, value in values.items():
        if value is not None:
            current[name] = (current.get(name) or 0) + value


def _column(header: list[str], *names: str) -> str | None:
    lower = {h.strip().lower(): h for h in header}
    for name in names:
        if name in lower:
            return lower[name]
    for name in names:
        for key, original in lower.items():
            if key.startswith(name):
                return original
    return None


def _trim_pages(stats: Statistics) -> None:
    by_month: dict[dt.date, list[tuple[str, int]]] = defaultdict(list)
    for (month, path), values in stats.pages.items():
        by_month[month].append((path, values.get("pageviews") or 0))
    for month, pages in by_month.items():
        if len(pages) > MAX_PAGES_PER_MONTH:
            for path, _ in sorted(pages, key=lambda p: -p[1])[MAX_PAGES_PER_MONTH:]:
                del stats.pages[(month, path)]


# Plausible ---------------------------------------------------------------------------------------------


# The dashboard's download: a ZIP of one CSV a report for the period shown. visitors.csv has a row a
# day (date, visitors, pageviews, ...); pages.csv is the period's totals by page (name, visitors,
# pageviews, ...), so its pages are given to a month only when the download covers one month.
DASHBOARD_FILES = {"visitors.csv", "pages.csv"}


def _plausible_csv(name: str) -> bool:
    base = name.rsplit("/", 1)[-1].lower()
    return (base.startswith(("imported_visitors", "imported_pages")) and base.endswith(".csv")) or (
        base in DASHBOARD_FILES
    )


def read_plausible(data: bytes, filename: str = "") -> Statistics:
    stats = Statistics()
    files: list[tuple[str, bytes]] = []
    if data[:4] == b"PK\x03\x04":
        try:
            for name, content in tables.zip_members(
                data, limits=tables.limits_for("reach"), name="the ZIP file", wanted=_plausible_csv
            ):
                files.append((name.rsplit("/", 1)[-1], content))
        except zipfile.BadZipFile:
            stats.errors.append(RowProblem(None, "", "The ZIP file is damaged and cannot be opened."))
            return stats
        if any(name.lower() in DASHBOARD_FILES for name, _ in files):
            return _read_plausible_dashboard({n.lower(): c for n, c in files}, stats)
    else:
        files.append((filename.rsplit("/", 1)[-1] or "export.csv", data))
    if not files:
        stats.errors.append(
            RowProblem(
                None,
                "",
                "The ZIP holds neither visitors.csv (the dashboard's download) nor imported_visitors "
                "(the site settings' export). Upload one of Plausible's ZIP files as it was downloaded.",
            )
        )
        return stats
    for name, content in files:
        rows = _reader(decode(content).splitlines())
        if not rows:
            continue
        header = [h.strip() for h in rows[0]]
        if "date" not in header:
            stats.errors.append(RowProblem(1, "date", "There is no date column.", name))
            continue
        is_pages = "page" in header
        if not is_pages and "visitors" not in header:
            stats.errors.append(
                RowProblem(None, "", "This is neither an imported_visitors nor an imported_pages file.", name)
            )
            continue
        for number, values in enumerate(rows[1:], start=2):
            if not any(v.strip() for v in values):
                continue
            row = dict(zip(header, values, strict=False))
            stats.rows_read += 1
            try:
                day = dt.date.fromisoformat(row.get("date", "").strip())
            except ValueError:
                stats.errors.append(
                    RowProblem(number, "date", f"“{row.get('date', '')}” is not a date (YYYY-MM-DD).", name)
                )
                continue
            figures: dict[str, int | None] = {}
            bad = False
            for column in ("visitors", "pageviews"):
                try:
                    figures[column] = _number(row.get(column, ""))
                except ValueError:
                    stats.errors.append(RowProblem(number, column, f"“{row.get(column)}” is not a whole number.", name))
                    bad = True
            if bad:
                continue
            month = first_of_month(day)
            if is_pages:
                if not row.get("page", "").strip():
                    stats.errors.append(RowProblem(number, "page", "is empty.", name))
                    continue
                if is_placeholder(row["page"]):
                    stats.passed_over(None, None)  # Plausible's visitors file holds the month's total
                    continue
                _add(
                    stats.pages,
                    (month, _path(row["page"])),
                    {"pageviews": figures["pageviews"] or 0, "visitors": figures["visitors"]},
                )
            else:
                _add(stats.months, month, {"visitors": figures["visitors"], "pageviews": figures["pageviews"]})
    _trim_pages(stats)
    return stats


def _read_plausible_dashboard(files: dict[str, bytes], stats: Statistics) -> Statistics:
    """The dashboard's download: visitors.csv by day into months; pages.csv, the period's totals,
    given to the month when the download covers exactly one."""
    if "visitors.csv" not in files:
        stats.errors.append(RowProblem(None, "", "The dashboard's ZIP has no visitors.csv: download it again."))
        return stats
    rows = _reader(decode(files["visitors.csv"]).splitlines())
    header = [h.strip().lower() for h in rows[0]] if rows else []
    if "date" not in header or "visitors" not in header:
        stats.errors.append(RowProblem(1, "date", "visitors.csv has no date and visitors columns.", "visitors.csv"))
        return stats
    for number, values in enumerate(rows[1:], start=2):
        row = dict(zip(header, values, strict=False))
        if not any(v.strip() for v in values):
            continue
        stats.rows_read += 1
        day = _month(row.get("date", ""))
        if day is None:
            stats.errors.append(RowProblem(number, "date", f"“{row.get('date')}” is not a date.", "visitors.csv"))
            continue
        try:
            figures = {"visitors": _number(row.get("visitors", "")), "pageviews": _number(row.get("pageviews", ""))}
        except ValueError:
            stats.errors.append(RowProblem(number, "visitors", "is not a whole number.", "visitors.csv"))
            continue
        _add(stats.months, day, figures)
    months = sorted(stats.months)
    stats.notes.append("Read visitors.csv (visitors and page views a day, added up by month).")
    if "pages.csv" in files and len(months) == 1:
        page_rows = _reader(decode(files["pages.csv"]).splitlines())
        page_header = [h.strip().lower() for h in page_rows[0]] if page_rows else []
        for number, values in enumerate(page_rows[1:], start=2):
            row = dict(zip(page_header, values, strict=False))
            name = row.get("name", "").strip()
            if not name or is_placeholder(name):
                stats.passed_over(None, None)
                continue
            stats.rows_read += 1
            try:
                views = _number(row.get("pageviews", "")) or 0
                visitors = _number(row.get("visitors", ""))
            except ValueError:
                stats.errors.append(RowProblem(number, "pageviews", "is not a whole number.", "pages.csv"))
                continue
            _add(stats.pages, (months[0], _path(name)), {"pageviews": views, "visitors": visitors})
        stats.notes.append(f"Read pages.csv as the pages of {months[0]:%B %Y}.")
    elif "pages.csv" in files:
        stats.notes.append(
            "pages.csv gives one total for the whole period, so its pages are not imported: download the "
            "dashboard one month at a time to import pages."
        )
    _trim_pages(stats)
    return stats


# Matomo -------------------------------------------------------------------------------------------------


def read_matomo(data: bytes, month: dt.date | None = None) -> Statistics:
    stats = Statistics()
    rows = _reader(decode(data).splitlines())
    rows = [r for r in rows if any(c.strip() for c in r)]
    if not rows:
        stats.errors.append(RowProblem(None, "", "The file is empty."))
        return stats
    header = [h.strip() for h in rows[0]]
    date_col = _column(header, "date")
    if date_col is None and month is None:
        stats.errors.append(
            RowProblem(None, "", "The export has no date column: say which month it covers, or export with the period.")
        )
        return stats
    # Matomo's Export button writes the column names in the user's language ("Pageviews"); its API
    # writes the raw names ("nb_hits"). Both are read; the English labels at least.
    is_pages = _column(header, "label") is not None
    if not is_pages and _column(header, "nb_visits", "visits") is None:
        stats.errors.append(
            RowProblem(
                None,
                "",
                "This is not a Matomo page report (Label, Pageviews; or label, nb_hits) or visits summary "
                "(Visits; or nb_visits). Export it again from Matomo with the language set to English, "
                f"as CSV or TSV. Columns found: {', '.join(h for h in header if h)[:300]}.",
            )
        )
        return stats
    label_col = _column(header, "label")
    url_col = _column(header, "url")
    hits_col = _column(header, "nb_hits", "pageviews", "nb_pageviews")
    uniq_col = _column(header, "nb_uniq_visitors", "unique visitors")
    visits_col = _column(header, "nb_visits", "visits")
    actions_col = _column(header, "nb_pageviews", "pageviews", "nb_actions", "actions")
    used = (
        [(label_col, "page"), (url_col, "page address"), (hits_col, "page views"), (uniq_col, "visitors")]
        if is_pages
        else [(actions_col, "page views"), (uniq_col, "visitors"), (visits_col, "visits, when visitors are not given")]
    )
    if date_col:
        used.insert(0, (date_col, "month"))
    stats.notes.append(
        "Columns read: " + "; ".join(f"“{column}” as {meaning}" for column, meaning in used if column) + "."
    )
    if is_pages and hits_col is None:
        stats.errors.append(RowProblem(1, "Pageviews", "There is no Pageviews (nb_hits) column in the page report."))
        return stats
    for number, values in enumerate(rows[1:], start=2):
        row = dict(zip(header, values, strict=False))
        stats.rows_read += 1
        row_month = month
        if date_col:
            row_month = _month(row.get(date_col, ""))
            if row_month is None:
                stats.errors.append(RowProblem(number, date_col, f"“{row.get(date_col)}” is not a month or a date."))
                continue
        figures: dict[str, int | None] = {}
        bad = False
        wanted = (
            (("pageviews", hits_col), ("visitors", uniq_col))
            if is_pages
            else (("pageviews", actions_col), ("visitors", uniq_col), ("visits", visits_col))
        )
        for name, column in wanted:
            if column is None:
                figures[name] = None
                continue
            try:
                figures[name] = _number(row.get(column, ""))
            except ValueError:
                stats.errors.append(RowProblem(number, column, f"“{row.get(column)}” is not a whole number."))
                bad = True
        if bad or row_month is None:
            continue
        if is_pages:
            where = (row.get(url_col, "") if url_col else "") or row.get(label_col or "", "")
            if is_placeholder(where) or is_placeholder(row.get(label_col or "", "")):
                stats.passed_over(row_month, figures["pageviews"])
                continue
            if not where.strip():
                stats.errors.append(RowProblem(number, label_col or "label", "is empty."))
                continue
            if figures["pageviews"] is None:
                stats.errors.append(RowProblem(number, hits_col or "nb_hits", "is empty."))
                continue
            _add(
                stats.pages,
                (row_month, _path(where)),
                {"pageviews": figures["pageviews"], "visitors": figures["visitors"]},
            )
        else:
            visitors = figures["visitors"] if figures["visitors"] is not None else figures.get("visits")
            _add(stats.months, row_month, {"visitors": visitors, "pageviews": figures["pageviews"]})
    if is_pages:
        for (row_month, _), values in stats.pages.items():
            _add(stats.months, row_month, {"visitors": None, "pageviews": values["pageviews"]})
        for row_month, views in stats.unplaced.items():
            _add(stats.months, row_month, {"visitors": None, "pageviews": views})
    _trim_pages(stats)
    return stats


# Google Analytics 4 ------------------------------------------------------------------------------------------

GA4_DATE = re.compile(r"^#\s*(Start|End) date:\s*(\d{8})\s*$", re.IGNORECASE)


def read_ga4(data: bytes) -> Statistics:
    stats = Statistics()
    lines = decode(data).splitlines()
    start = end = None
    table: list[tuple[int, str]] = []
    for number, line in enumerate(lines, start=1):
        if line.startswith("#"):
            match = GA4_DATE.match(line.strip())
            if match:
                day = dt.datetime.strptime(match.group(2), "%Y%m%d").date()
                if match.group(1).lower() == "start":
                    start = day
                else:
                    end = day
            continue
        if not line.strip():
            if table:
                break  # the first table only; GA4 puts any further tables after a blank line
            continue
        table.append((number, line))
    if not table:
        stats.errors.append(RowProblem(None, "", "There is no table after the '#' lines."))
        return stats
    parsed = _reader([line for _, line in table])
    header = [h.strip() for h in parsed[0]]
    path_col = _column(header, "page path and screen class", "page path + query string", "page path", "landing page")
    views_col = _column(header, "views", "screen page views", "screenpageviews")
    users_col = _column(header, "total users", "users", "active users")
    month_col = _column(header, "year month", "month", "date")
    if views_col is None and users_col is None:
        stats.errors.append(RowProblem(1, "", "There is no Views or Users column in the table."))
        return stats
    if month_col is None:
        if start is None or end is None:
            stats.errors.append(RowProblem(None, "", "The '# Start date' and '# End date' lines are missing."))
            return stats
        if first_of_month(start) != first_of_month(end):
            stats.errors.append(
                RowProblem(
                    None,
                    "",
                    f"The export covers {start:%-d %b %Y} to {end:%-d %b %Y} with no month column. Add the "
                    "'Year month' dimension, or export one month at a time.",
                )
            )
            return stats
    for (number, _), values in zip(table[1:], parsed[1:], strict=False):
        row = dict(zip(header, values, strict=False))
        first = (values[0] if values else "").strip()
        if not first or first.lower() in {"grand total", "total", "totals"}:
            continue
        stats.rows_read += 1
        month = first_of_month(start) if month_col is None and start else None
        if month_col is not None:
            month = _month(row.get(month_col, ""), year_hint=start.year if start else None)
            if month is None:
                stats.errors.append(RowProblem(number, month_col, f"“{row.get(month_col)}” is not a month."))
                continue
        figures: dict[str, int | None] = {}
        bad = False
        for name, column in (("pageviews", views_col), ("visitors", users_col)):
            try:
                figures[name] = _number(row.get(column, "")) if column else None
            except ValueError:
                stats.errors.append(
                    RowProblem(number, column or name, f"“{row.get(column or '')}” is not a whole number.")
                )
                bad = True
        if bad or month is None:
            continue
        if path_col:
            if not row.get(path_col, "").strip():
                stats.errors.append(RowProblem(number, path_col, "is empty."))
                continue
            if is_placeholder(row[path_col]):
                stats.passed_over(month, figures["pageviews"])
                continue
            _add(
                stats.pages,
                (month, _path(row[path_col])),
                {"pageviews": figures["pageviews"] or 0, "visitors": figures["visitors"]},
            )
        else:
            _add(stats.months, month, figures)
    if path_col:
        for (month, _), values in stats.pages.items():
            _add(stats.months, month, {"visitors": None, "pageviews": values["pageviews"]})
        for month, views in stats.unplaced.items():
            _add(stats.months, month, {"visitors": None, "pageviews": views})
    _trim_pages(stats)
    return stats


def read(tool: str, data: bytes, filename: str = "", month: dt.date | None = None) -> Statistics:
    try:
        if tool == Tool.PLAUSIBLE:
            return read_plausible(data, filename)
        if tool == Tool.MATOMO:
            return read_matomo(data, month)
        if tool == Tool.GA4:
            return read_ga4(data)
    except tables.TableRefused as error:  # a file over a limit (core.tables) is not read at all
        stats = Statistics()
        stats.errors.append(RowProblem(None, "", str(error)))
        return stats
    stats = Statistics()
    stats.errors.append(RowProblem(None, "", "Choose the tool the export came from."))
    return stats
