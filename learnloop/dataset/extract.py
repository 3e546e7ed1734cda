"""Reading and checking a child-journey extract (docs/guide-dataset.md), one row at a time.

Nothing here touches the database. `read_table` streams the rows of a CSV (UTF-8, with or
without BOM) or XLSX (first sheet) file; `check_row` turns one row into the values to store,
or the problems found with it. A file that cannot be read at all raises `ExtractError`.
"""

from __future__ import annotations

import csv
import datetime as dt
import itertools
import re
import zipfile
from collections.abc import Container, Iterator
from dataclasses import dataclass
from typing import IO, Any

from learnloop.core import tables
from learnloop.core.pseudonymise import keyed_hash
from learnloop.ingest import reading

COLUMNS = [
    "record_id",
    "child_id",
    "event_type",
    "event_date",
    "birth_month",
    "sex",
    "disability",
    "ethnicity",
    "looked_after",
    "outcome",
    "concerns",
]
REQUIRED = ["record_id", "child_id", "event_type", "event_date"]
# What is stored for each event (JourneyEvent's columns, in the order the importer writes them).
EVENT_FIELDS = [
    "record_id",
    "child_key",
    "event_type",
    "event_date",
    "birth_month",
    "age_band",
    "sex",
    "disability",
    "ethnicity",
    "looked_after",
    "outcome",
    "concerns",
]
EVENT_TYPES = [
    "concern",
    "ird",
    "investigation",
    "cppm_pre_birth",
    "cppm_initial",
    "cppm_review",
    "registration",
    "deregistration",
    "core_group",
]
SEXES = ["male", "female", "other", "not_known"]
YES_NO = ["yes", "no", "not_known"]
IRD_OUTCOMES = ["investigation", "single_agency", "no_further_action"]
CPPM_OUTCOMES = ["registered", "not_registered", "remain_registered", "deregistered"]
CONCERNS = [
    "domestic_abuse",
    "neglect",
    "parental_mental_health",
    "parental_substance_use",
    "emotional_abuse",
    "physical_abuse",
    "sexual_abuse",
    "child_sexual_exploitation",
    "child_criminal_exploitation",
    "non_engagement",
    "other",
]
AGE_BANDS = ["unborn", "0_4", "5_10", "11_15", "16_plus", "not_known"]
MAX_RECORD_ID = 100
MAX_ETHNICITY = 100
EARLIEST = dt.date(1990, 1, 1)


class ExtractError(Exception):
    """The file cannot be read as an extract at all (type, encoding or header)."""


@dataclass(frozen=True)
class Problem:
    row: int  # the spreadsheet row number: the header is row 1
    column: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "reason": self.reason}


def pseudonymise(child_id: str) -> str:
    """HMAC-SHA256 of the child's id, keyed by the deployment's secret (see core.pseudonymise)."""
    return keyed_hash(child_id)


# Reading --------------------------------------------------------------------------------------


def is_xlsx(head: bytes) -> bool:
    return head.startswith(b"PK\x03\x04")


def read_table(
    stream: IO[bytes], *, limits: tables.Limits | None = None, name: str = "the file"
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    """The header (normalised names) and an iterator of (row number, cells) for a file.

    Read within `limits` (the dataset's by default, see core.tables): a file over one is
    refused with ExtractError, its message naming the limit.
    """
    limits = limits or tables.limits_for("dataset")
    head = stream.read(4)
    stream.seek(0)
    try:
        if is_xlsx(head):
            return _read_xlsx(stream, limits, name)
        return _read_csv(stream, limits, name)
    except tables.TableRefused as error:
        raise ExtractError(str(error)) from None


def _read_csv(stream: IO[bytes], limits: tables.Limits, name: str) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    head = stream.read(65536)
    stream.seek(0)
    # UTF-8 with or without a BOM, UTF-16 (Excel's "Unicode Text", tab-separated) or Windows-1252
    # (Excel's plain "CSV"): the ingest layer tells them apart from the first bytes.
    text, encoding = reading.text_stream(stream)
    if b"\x00" in head and not encoding.startswith("utf-16"):
        raise ExtractError(reading.not_text_message(name.strip("“”")))
    lines = tables.bounded_lines(text, limits=limits, name=name)
    try:
        first = next(lines, None)
    except UnicodeDecodeError:
        raise ExtractError(reading.not_text_message(name.strip("“”"))) from None
    if first is None:
        raise ExtractError("The file is empty.")
    lines = itertools.chain([first], lines)
    delimiter = tables.sniff_delimiter(first)
    reader = tables.csv_rows(lines, limits=limits, name=name, delimiter=delimiter)
    try:
        _, header = next(reader, (1, None))
    except (UnicodeDecodeError, csv.Error) as error:
        raise ExtractError(f"The header row cannot be read: {error}.") from None
    if header is None:
        raise ExtractError("The file is empty.")

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 1
        try:
            for number, cells in reader:  # noqa: B007 (the last number read names a row that fails)
                yield number, cells
        except UnicodeDecodeError:
            raise ExtractError(
                f"Row {number + 1} is not {encoding.replace('-sig', '').upper()} text, as the rows before it are: "
                "save the file from Excel as 'CSV UTF-8 (Comma delimited)'."
            ) from None
        except csv.Error as error:
            raise ExtractError(f"Row {number + 1} cannot be read as CSV: {error}.") from None
        except tables.TableRefused as error:
            raise ExtractError(str(error)) from None

    return _normalise_header(header), rows()


def _read_xlsx(
    stream: IO[bytes], limits: tables.Limits, name: str
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    try:
        header, values = tables._xlsx_rows(stream, limits=limits, name=name, cell=_xlsx_text)
    except tables.WorkbookError as error:
        raise ExtractError(f"The Excel file cannot be opened ({error}).") from None
    if header is None:
        raise ExtractError("The first sheet of the Excel file is empty.")

    def rows() -> Iterator[tuple[int, list[str]]]:
        number = 1
        try:
            for number, cells in values:  # noqa: B007
                if all(v == "" for v in cells):
                    continue
                yield number, cells
        except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
            if isinstance(error, tables.TableRefused):
                raise ExtractError(str(error)) from None
            raise ExtractError(f"Row {number + 1} of the Excel file cannot be read ({type(error).__name__}).") from None

    return _normalise_header(header), rows()


def _xlsx_text(value: Any) -> str:
    return tables.text_of(value)


def _normalise_header(header: list[str]) -> list[str]:
    return [(name or "").strip().lower() for name in header]


def check_header(header: list[str]) -> tuple[list[Problem], list[str]]:
    """Problems that stop the whole file (missing or repeated columns) and warnings."""
    problems = []
    warnings = []
    for name in REQUIRED:
        if name not in header:
            problems.append(Problem(1, name, "This required column is missing from the header row."))
    seen: set[str] = set()
    for name in header:
        if name in COLUMNS and name in seen:
            problems.append(Problem(1, name, "This column appears more than once in the header row."))
        seen.add(name)
    unknown = [name for name in header if name and name not in COLUMNS]
    if unknown:
        warnings.append("Columns not recognised and ignored: " + ", ".join(sorted(set(unknown))[:20]) + ".")
    return problems, warnings


# Checking a row -------------------------------------------------------------------------------

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_UK = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
# What spreadsheets make of a month: Excel turns "2015-03" into a date cell (read as 2015-03-01)
# and, saved as CSV, writes it "Mar-15"; people also write "March 2015" or "03/2015".
_MONTH_AS_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?$")
_MONTH_NAMED = re.compile(r"^([A-Za-z]{3,9})[-\s/]+(\d{2}|\d{4})$")
_MONTH_NUMBERED = re.compile(r"^(\d{1,2})/(\d{4})$")
_MONTH_NAMES = {
    name: number
    for number in range(1, 13)
    for name in (dt.date(2000, number, 1).strftime("%b").lower(), dt.date(2000, number, 1).strftime("%B").lower())
}
_MONTH_NAMES["sept"] = 9


def month_of(text: str, *, today: dt.date | None = None) -> dt.date | None:
    """The first of the month a cell names (YYYY-MM, a date, Excel's "Mar-15", "March 2015",
    "03/2015"), or None. A two-digit year is the latest year not after this one."""
    text = text.strip()
    year = month = None
    if match := _MONTH.match(text):
        year, month = int(match.group(1)), int(match.group(2))
    elif match := _MONTH_AS_DATE.match(text):
        year, month = int(match.group(1)), int(match.group(2))
        if not 1 <= int(match.group(3)) <= 31:
            return None
    elif match := _MONTH_NAMED.match(text):
        month = _MONTH_NAMES.get(match.group(1).lower())
        year = int(match.group(2))
        if year < 100:
            this = (today or dt.date.today()).year
            year += 2000 if 2000 + year <= this else 1900
    elif match := _MONTH_NUMBERED.match(text):
        month, year = int(match.group(1)), int(match.group(2))
    if not year or not month or not 1 <= month <= 12 or year < 1900:
        return None
    return dt.date(year, month, 1)


def parse_date(text: str) -> dt.date | None:
    match = _ISO.match(text)
    if match:
        year, month, day = (int(g) for g in match.groups())
    else:
        match = _UK.match(text)
        if not match:
            return None
        day, month, year = (int(g) for g in match.groups())
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def age_band(birth_month: dt.date | None, event_date: dt.date) -> str:
    """Whole years from the first day of the birth month to the event date (docs/guide-dataset.md)."""
    if birth_month is None:
        return "not_known"
    if (birth_month.year, birth_month.month) > (event_date.year, event_date.month):
        return "unborn"
    years = event_date.year - birth_month.year - ((event_date.month, event_date.day) < (birth_month.month, 1))
    if years <= 4:
        return "0_4"
    if years <= 10:
        return "5_10"
    if years <= 15:
        return "11_15"
    return "16_plus"


# What a problem may repeat back. A row one field short or long puts its child id in another
# column, so a problem never echoes a cell unless it cannot be an identifier: it is a word of one
# of the extract's closed vocabularies or a well-formed date or month, and it is not (keyed) any
# child id of the file. Everything else is described, not shown (docs/guide-dataset.md).
NOT_SHOWN = "The value is not shown because it could identify a child."
VOCABULARY_WORDS = frozenset(
    [*EVENT_TYPES, *SEXES, *YES_NO, *IRD_OUTCOMES, *CPPM_OUTCOMES, *CONCERNS, *AGE_BANDS, "not known"]
)
_NO_CHILD_KEYS: frozenset[str] = frozenset()


def shown(value: str, child_keys: Container[str] = _NO_CHILD_KEYS) -> str | None:
    """The cell as a problem may repeat it, or None when it could identify a child.

    `child_keys` holds the keyed hash of every child id of the file."""
    value = value.strip()
    if not value or len(value) > 40:
        return None
    if value.lower() not in VOCABULARY_WORDS and parse_date(value) is None and not _MONTH.match(value):
        return None
    if pseudonymise(value) in child_keys:
        return None
    return value


def _choice(
    value: str, raw: str, allowed: list[str], column: str, row: int, problems: list[Problem], keys: Container[str]
) -> str:
    if value in allowed:
        return value
    problems.append(Problem(row, column, _not_one_of(raw, allowed, keys)))
    return ""


def _not_one_of(raw: str, allowed: list[str], keys: Container[str]) -> str:
    echo = shown(raw, keys)
    if echo is None:
        return f"The value is not one of: {', '.join(allowed)}. {NOT_SHOWN}"
    return f"'{echo}' is not one of: {', '.join(allowed)}."


# Breakdown values ---------------------------------------------------------------------------------

BREAKDOWN_DIMENSIONS = ["sex", "disability", "ethnicity", "looked_after"]
NOT_KNOWN = "not_known"
# Scotland's census 2022 ethnic groups (high-level groups and categories), stored as written here.
ETHNIC_GROUPS = [
    "White: Scottish",
    "White: Other British",
    "White: Irish",
    "White: Gypsy/Traveller",
    "White: Roma",
    "White: Showman/Showwoman",
    "White: Polish",
    "White: Other white ethnic group",
    "Mixed or multiple ethnic groups",
    "Asian, Scottish Asian or British Asian: Pakistani, Scottish Pakistani or British Pakistani",
    "Asian, Scottish Asian or British Asian: Indian, Scottish Indian or British Indian",
    "Asian, Scottish Asian or British Asian: Bangladeshi, Scottish Bangladeshi or British Bangladeshi",
    "Asian, Scottish Asian or British Asian: Chinese, Scottish Chinese or British Chinese",
    "Asian, Scottish Asian or British Asian: Other Asian",
    "African, Scottish African or British African",
    "Other African",
    "Caribbean or Black",
    "Arab, Scottish Arab or British Arab",
    "Other ethnic group",
]
# Each dimension's listed values as (stored value, label): what a new partnership starts with.
DEFAULT_BREAKDOWN_VALUES: dict[str, list[tuple[str, str]]] = {
    "sex": [("male", "Male"), ("female", "Female"), ("other", "Other"), (NOT_KNOWN, "Not known")],
    "disability": [("yes", "Yes"), ("no", "No"), (NOT_KNOWN, "Not known")],
    "ethnicity": [*[(group, group) for group in ETHNIC_GROUPS], (NOT_KNOWN, "Not known")],
    "looked_after": [("yes", "Yes"), ("no", "No"), (NOT_KNOWN, "Not known")],
}
_NOT_WORD = re.compile(r"[\W_]+")


def vocabulary_key(text: str) -> str:
    """What a breakdown value is matched by: ignoring case, spaces and punctuation."""
    return _NOT_WORD.sub("", text.casefold())


class Vocabulary:
    """A partnership's listed breakdown values and the texts mapped to them, for one import.

    `match` gives the value to store for a cell (blank is "not known"), or None when the cell is
    not listed; the texts not listed are kept in `unlisted` for the mapping page.
    """

    def __init__(self, values: dict[str, dict[str, str]]) -> None:
        # dimension -> matching key -> stored value
        self.values = values
        self.unlisted: dict[str, set[str]] = {name: set() for name in BREAKDOWN_DIMENSIONS}
        self._cache: dict[tuple[str, str], str | None] = {}

    @classmethod
    def build(
        cls,
        listed: list[tuple[str, str, str]],
        mapped: list[tuple[str, str, str]] = (),  # type: ignore[assignment]
    ) -> Vocabulary:
        """From (dimension, value, label) listed and (dimension, key, value) mapped."""
        values: dict[str, dict[str, str]] = {name: {} for name in BREAKDOWN_DIMENSIONS}
        for dimension, key, value in mapped:
            values.setdefault(dimension, {})[key] = value
        for dimension, value, label in listed:
            found = values.setdefault(dimension, {})
            found[vocabulary_key(label)] = value
            found[vocabulary_key(value)] = value
        return cls(values)

    @classmethod
    def default(cls) -> Vocabulary:
        return cls.build([(d, v, label) for d, pairs in DEFAULT_BREAKDOWN_VALUES.items() for v, label in pairs])

    def match(self, dimension: str, text: str) -> str | None:
        text = text.strip()
        if not text:
            return NOT_KNOWN
        found = self._cache.get((dimension, text), _MISSING)
        if found is _MISSING:
            found = self.values.get(dimension, {}).get(vocabulary_key(text))
            self._cache[(dimension, text)] = found
            if found is None:
                self.unlisted[dimension].add(text)
        return found  # type: ignore[return-value]

    def unlisted_reason(self, dimension: str, text: str, child_keys: Container[str] = _NO_CHILD_KEYS) -> str:
        echo = shown(text, child_keys)
        what = f"'{echo}' is" if echo else "The value is"
        reason = f"{what} not in the partnership's list of {dimension.replace('_', ' ')} values"
        reason += ": choose the listed value it means once, under Breakdown values, and load the file again."
        return reason if echo else f"{reason} {NOT_SHOWN}"


_MISSING = object()


def check_row(
    row: int,
    cells: dict[str, str],
    *,
    today: dt.date,
    pseudonymised: bool = False,
    vocabulary: Vocabulary | None = None,
    child_keys: Container[str] = _NO_CHILD_KEYS,
) -> tuple[dict[str, Any] | None, list[Problem]]:
    """The values to store for one row, pseudonymised, or None and its problems.

    `pseudonymised` says the child_id cell already holds the keyed hash (a staged file).
    `vocabulary` is the partnership's list of breakdown values (the default list when None).
    A problem repeats a cell back only when it cannot identify a child (see `shown`):
    `child_keys` holds the keyed hash of every child id of the file.
    """
    vocabulary = vocabulary or Vocabulary.default()
    problems: list[Problem] = []
    raw = {name: (cells.get(name) or "").strip() for name in COLUMNS}
    v = dict(raw)
    for name in ("event_type", "outcome", "concerns"):
        v[name] = v[name].lower()
    if "\x00" in "".join(v.values()):
        return None, [Problem(row, "", "The row contains a NUL character.")]
    for name in REQUIRED:
        if not v[name]:
            problems.append(Problem(row, name, "This value is required."))
    if len(v["record_id"]) > MAX_RECORD_ID:
        problems.append(Problem(row, "record_id", f"A record id is at most {MAX_RECORD_ID} characters."))
    event_type = (
        _choice(v["event_type"], raw["event_type"], EVENT_TYPES, "event_type", row, problems, child_keys)
        if v["event_type"]
        else ""
    )
    event_date = None
    if v["event_date"]:
        event_date = parse_date(v["event_date"])
        if event_date is None:
            echo = shown(raw["event_date"], child_keys)
            problems.append(
                Problem(
                    row,
                    "event_date",
                    f"'{echo}' is not a date as YYYY-MM-DD or DD/MM/YYYY."
                    if echo
                    else f"The value is not a date as YYYY-MM-DD or DD/MM/YYYY. {NOT_SHOWN}",
                )
            )
        elif event_date < EARLIEST or event_date > today:
            echo = shown(raw["event_date"], child_keys)
            problems.append(
                Problem(
                    row,
                    "event_date",
                    f"{event_date:%d/%m/%Y} is not between 1990 and today."
                    if echo
                    else f"The date is not between 1990 and today. {NOT_SHOWN}",
                )
            )
            event_date = None
    birth_month = None
    if v["birth_month"]:
        birth_month = month_of(v["birth_month"])
        if birth_month is None:
            echo = shown(raw["birth_month"], child_keys)
            problems.append(
                Problem(
                    row,
                    "birth_month",
                    f"'{echo}' is not a month: write it as YYYY-MM (2015-03), or as Excel writes it (Mar-15)."
                    if echo
                    else f"The value is not a month: write it as YYYY-MM (2015-03). {NOT_SHOWN}",
                )
            )
    listed = {}
    for name in BREAKDOWN_DIMENSIONS:
        listed[name] = vocabulary.match(name, raw[name])
        if listed[name] is None:
            problems.append(Problem(row, name, vocabulary.unlisted_reason(name, raw[name], child_keys)))
    outcome = v["outcome"]
    if outcome:
        if event_type == "ird":
            _choice(outcome, raw["outcome"], IRD_OUTCOMES, "outcome", row, problems, child_keys)
        elif event_type.startswith("cppm_"):
            _choice(outcome, raw["outcome"], CPPM_OUTCOMES, "outcome", row, problems, child_keys)
        elif event_type:
            problems.append(
                Problem(row, "outcome", f"An outcome is recorded only for IRDs and CPPMs, not {event_type}.")
            )
    concerns = ""
    if v["concerns"]:
        if event_type and event_type != "registration":
            problems.append(Problem(row, "concerns", "Concerns are recorded only for registrations."))
        codes = [c.strip() for c in v["concerns"].split(";") if c.strip()]
        wrong = [c for c in codes if c not in CONCERNS]
        if wrong:
            echoed = [c for c in (shown(c, child_keys) for c in wrong) if c]
            hidden = len(wrong) - len(echoed)
            named = f"Not a concern code: {', '.join(echoed)}." if echoed else ""
            more = f"{hidden} other value(s) not a concern code. {NOT_SHOWN}" if hidden else ""
            problems.append(
                Problem(
                    row, "concerns", " ".join(part for part in [named, more, f"Use: {', '.join(CONCERNS)}."] if part)
                )
            )
        concerns = ";" + ";".join(sorted(set(codes))) + ";" if codes else ""
    if problems or event_date is None:
        return None, problems
    return {
        "record_id": v["record_id"],
        "child_key": v["child_id"] if pseudonymised else pseudonymise(v["child_id"]),
        "event_type": event_type,
        "event_date": event_date,
        "birth_month": birth_month,
        "age_band": age_band(birth_month, event_date),
        "sex": listed["sex"],
        "disability": listed["disability"],
        "ethnicity": listed["ethnicity"],
        "looked_after": listed["looked_after"],
        "outcome": outcome,
        "concerns": concerns,
    }, []
