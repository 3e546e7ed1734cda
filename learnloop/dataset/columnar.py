"""The importer's columnar path: Polars does the per-row work, Python only the per-value work.

An extract has tens of thousands of rows but few distinct values in most columns (a few
thousand dates, eleven concern codes, a child id for every three events). So each column's
distinct values are normalised and checked once, in Python, by the same rules as
`fastpath.RowChecker` (and so `extract.check_row`), and the answers are joined back onto the
rows by Polars. What differs on every row (the record id, a date written YYYY-MM-DD, the age
band, repeated record ids) is computed column-wise, and only rows in doubt go to
`extract.check_row`, which explains them.

Both steps decline (return None) when a file is not one this path is sure to read exactly as
the row-by-row path would (quotes, a lone carriage return, control characters, invalid UTF-8,
a row longer than the header, a very large file); the importer then takes the row-by-row path,
so the result never depends on which path ran (tests/test_columnar.py checks both agree).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import IO, Any

import polars as pl

from learnloop.core.pseudonymise import keyed_hasher
from learnloop.core.tables import Limits, limits_for
from learnloop.dataset import extract, fastpath

# Larger files take the row-by-row path, which streams: this path holds the file in memory.
MAX_BYTES = 128 * 1024 * 1024
WORK_COLUMNS = ["_row", *extract.COLUMNS]
ARROW_MAGIC = b"ARROW1"
# Bytes the row-by-row reader treats differently: NUL, and the ASCII separators that Python's
# str.strip() removes and Rust's does not.
_UNSURE = (b"\x00", b"\x1c", b"\x1d", b"\x1e", b"\x1f")
# A line whose every quote opens, doubles or closes a whole cell (RFC 4180), no cell running on
# to the next line. Python's csv module forgives broken quoting (`a"b`, `"a"b`, a quote left
# open) in its own way, so a file with any other quoted line is left to the row-by-row path.
_QUOTED_CELL = r'"(?:[^"]|"")*"'
_PLAINLY_QUOTED_LINE = rf'^(?:{_QUOTED_CELL}|[^",]*)(?:,(?:{_QUOTED_CELL}|[^",]*))*\r?$'
_PRINTABLE_ASCII = r"^[\x20-\x7e]*$"


def _plainly_quoted(data: bytes) -> bool:
    """Whether Polars and Python's csv module read this file's quotes alike: it has none, or
    every line with one is quoted as RFC 4180 says (ethnicity values such as "African, Scottish
    African or British African" are quoted by every tool that writes CSV)."""
    if b'"' not in data:
        return True
    try:
        lines = pl.Series(data.decode("utf-8").split("\n"))
    except UnicodeDecodeError:
        return False
    quoted = lines.filter(lines.str.contains('"', literal=True))
    return bool(quoted.str.contains(_PLAINLY_QUOTED_LINE).all())


def _read(data: bytes) -> pl.DataFrame:
    """Every line of a CSV file (the header is row 1) as text, short rows padded with ''.

    A row longer than the header raises: the row-by-row path keeps its extra cells in mind (a row
    is blank only if they are blank too), so such a file is left to it.
    """
    return pl.read_csv(
        data,
        has_header=False,
        infer_schema=False,
        truncate_ragged_lines=False,
        empty_string_is_null=False,
        quote_char='"',
        row_index_name="_row",
        row_index_offset=1,
        raise_if_empty=False,
    )


def _per_value(series: pl.Series, rule: Callable[[str], Any], dtype: pl.DataType) -> pl.Series:
    """`rule` applied to each distinct value once, the answers laid back onto every row."""
    distinct = series.unique()
    answers = pl.Series([rule(value) for value in distinct.to_list()], dtype=dtype)
    return series.replace_strict(distinct, answers, return_dtype=dtype)


# Staging ----------------------------------------------------------------------------------------


def stage_csv(data: bytes, header: Sequence[str], work: IO[bytes], *, limits: Limits | None = None) -> int | None:
    """Write the staged copy (row number, the extract's columns, child ids hashed) of a CSV file,
    in Arrow's IPC format (read back in a few milliseconds; the row-by-row path stages CSV).

    Returns the number of rows staged, or None when the row-by-row path must read this file
    (also when it breaks one of the `limits`: that path refuses it, saying which).
    """
    if (
        len(data) > MAX_BYTES
        or any(byte in data for byte in _UNSURE)
        or data.count(b"\r") != data.count(b"\r\n")
        or not _plainly_quoted(data)
    ):
        return None
    try:
        frame = _read(data)
    except pl.exceptions.PolarsError:
        return None  # not UTF-8, or a row longer than the header: the row-by-row path reads it
    width = len(header)
    cells = frame.columns[1:]
    if len(cells) != width or frame.height == 0:
        return None
    limits = limits or limits_for("dataset")
    if (
        frame.height > limits.max_rows + 1
        or (frame.select(pl.max_horizontal(pl.col(cells).str.len_bytes().max())).item() or 0) > limits.max_cell_chars
    ):
        return None
    # A row of nothing but blanks is not a row (it keeps its number: the next row is still n + 1).
    # Only a row whose record id is blank can be one, so only those are looked at whole.
    first = pl.col(cells[header.index("record_id")]).fill_null("") if "record_id" in header else pl.lit("")
    blank = pl.concat_str([pl.col(c).fill_null("") for c in cells]).str.contains(r"^\s*$")
    columns: list[pl.Expr] = [pl.col("_row")]
    for name in extract.COLUMNS:
        if name in header:
            columns.append(pl.col(cells[header.index(name)]).fill_null("").alias(name))
        else:
            columns.append(pl.lit("").alias(name))
    staged = (
        frame.lazy()
        .slice(1)  # the header row
        .filter(~(first.str.contains(r"^\s*$") & blank))
        .select(columns)
        .collect()
    )
    pseudonymise = keyed_hasher()

    def child(value: str) -> str:
        stripped = value.strip()
        return pseudonymise(stripped) if stripped else value  # (blank stays blank: "required" later)

    staged = staged.with_columns(_per_value(staged["child_id"], child, pl.String).alias("child_id"))
    staged.write_ipc(work, compression="uncompressed")
    return staged.height


# Checking ---------------------------------------------------------------------------------------

Explain = Callable[[int, list[str]], tuple[list[str] | None, dt.date | None, list[extract.Problem]]]
EVENT_FIELDS = extract.EVENT_FIELDS
_ISO_DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
# A staged child id is the keyed hash's hex digest; anything else is for the reference check.
_KEYED_HASH = r"^[0-9a-f]{64}$"


def read_staged(handle: IO[bytes]) -> pl.DataFrame | None:
    """The staged copy (Arrow IPC or CSV) as text columns and the row number as an integer;
    None if it cannot be read so (the row-by-row path then reads it)."""
    head = handle.read(len(ARROW_MAGIC))
    handle.seek(0)
    try:
        if head == ARROW_MAGIC:
            frame = pl.read_ipc(handle.read())
        else:
            frame = pl.read_csv(handle, infer_schema=False, empty_string_is_null=False)
    except pl.exceptions.PolarsError:
        return None
    if frame.columns != WORK_COLUMNS:
        return None
    if any(frame.schema[name] != pl.String for name in extract.COLUMNS):
        return None
    frame = frame.with_columns(pl.col("_row").cast(pl.Int64, strict=False))
    if frame["_row"].null_count():
        return None
    return frame


def _rules(
    today: dt.date, vocabulary: extract.Vocabulary
) -> tuple[dict[str, tuple[Callable[[str], Any], pl.DataType]], Callable[[str], Any]]:
    """Each column's rule for one distinct value (None: in doubt), as fastpath.RowChecker checks it;
    and the rule for event dates, used when a slice has dates not written as YYYY-MM-DD."""
    checker = fastpath.RowChecker(today, vocabulary)

    def choice(allowed: frozenset[str], default: str = "") -> Callable[[str], str | None]:
        def rule(value: str) -> str | None:
            value = value.strip().lower() or default
            return value if value in allowed else None

        return rule

    def event_date(value: str) -> dt.date | None:
        found = checker._date(value.strip())
        return found[0] if found else None

    def birth_month(value: str) -> str | None:
        value = value.strip()
        if not value:
            return ""
        found = checker._month(value)
        return found[1] if found else None

    def listed(dimension: str) -> Callable[[str], str | None]:
        def rule(value: str) -> str | None:
            return vocabulary.match(dimension, value)

        return rule

    def concerns(value: str) -> str | None:
        value = value.strip().lower()
        return checker._concern_codes(value) if value else ""

    rules: dict[str, tuple[Callable[[str], Any], pl.DataType]] = {
        "event_type": (choice(frozenset(extract.EVENT_TYPES)), pl.String),
        "birth_month": (birth_month, pl.String),
        "sex": (listed("sex"), pl.String),
        "disability": (listed("disability"), pl.String),
        "looked_after": (listed("looked_after"), pl.String),
        "ethnicity": (listed("ethnicity"), pl.String),
        "outcome": (lambda value: value.strip().lower(), pl.String),
        "concerns": (concerns, pl.String),
    }
    return rules, event_date


def _age_band(birth: pl.Expr, day: pl.Expr) -> pl.Expr:
    """extract.age_band, column-wise: whole years from the first of the birth month."""
    by, bm, ey, em = birth.dt.year(), birth.dt.month(), day.dt.year(), day.dt.month()
    years = ey.cast(pl.Int32) - by.cast(pl.Int32) - (em < bm).cast(pl.Int32)
    return (
        pl.when(birth.is_null())
        .then(pl.lit("not_known"))
        .when((by > ey) | ((by == ey) & (bm > em)))
        .then(pl.lit("unborn"))
        .when(years <= 4)
        .then(pl.lit("0_4"))
        .when(years <= 10)
        .then(pl.lit("5_10"))
        .when(years <= 15)
        .then(pl.lit("11_15"))
        .otherwise(pl.lit("16_plus"))
    )


class Checker:
    """Checks a staged copy a slice at a time, as the row-by-row loop would, and remembers the problems.

    `explain(row, cells)` is the reference check for a row in doubt: the cells to store and the
    event's date, or None and its problems. Each slice costs a handful of Polars queries, and
    each distinct value one Python call for the whole file.
    """

    def __init__(
        self,
        frame: pl.DataFrame,
        *,
        today: dt.date,
        explain: Explain,
        max_problems: int,
        vocabulary: extract.Vocabulary | None = None,
    ) -> None:
        self.today = today
        self.explain = explain
        self.max_problems = max_problems
        self.rows = 0
        self._rules, self._event_date = _rules(today, vocabulary or extract.Vocabulary.default())
        self._answers: dict[str, dict[str, Any]] = {name: {} for name in [*self._rules, "event_date"]}
        self._explained: dict[int, list[extract.Problem]] = {}
        # Record ids on more than one row of the file: only their rows need a look for repeats.
        ids = frame.lazy().select(pl.col("record_id").str.strip_chars())
        self._repeated = set(ids.filter(pl.col("record_id").is_duplicated()).unique().collect()["record_id"].to_list())
        self._first: dict[str, int] = {}

    @property
    def bad_rows(self) -> int:
        return len(self._explained)

    def problems(self) -> tuple[list[extract.Problem], bool]:
        """The problems kept (in row order, as the row-by-row loop keeps them) and whether some were left out."""
        kept: list[extract.Problem] = []
        for row in sorted(self._explained):
            if len(kept) < self.max_problems:
                kept.extend(self._explained[row])
        return kept[: self.max_problems], len(kept) >= self.max_problems

    def _mapping(self, name: str, distinct: list[str], rule: Callable[[str], Any]) -> list[Any]:
        answers = self._answers[name]
        for value in distinct:
            if value not in answers:
                # A NUL anywhere puts the row in doubt: the reference check refuses it, saying why.
                answers[value] = None if "\x00" in value else rule(value)
        return [answers[value] for value in distinct]

    def check(self, piece: pl.DataFrame, progress: Callable[[int], None] | None = None) -> pl.DataFrame:
        """The good rows of a slice (EVENT_FIELDS as text and event_day, a date), in row order."""
        before = self.rows
        self.rows += piece.height
        iso = pl.col("event_date").str.contains(_ISO_DATE)
        distinct = piece.select(
            *[pl.col(name).unique().implode() for name in self._rules],
            pl.col("event_date").filter(~iso).unique().implode(),
        ).row(0)
        columns: list[pl.Expr] = []
        for (name, (rule, dtype)), values in zip(self._rules.items(), distinct, strict=False):
            answers = self._mapping(name, values, rule)
            if answers != values:  # (a column already as it is stored needs no replacing)
                columns.append(pl.col(name).replace_strict(values, answers, return_dtype=dtype).alias(name))
        day = pl.col("event_date").str.to_date("%Y-%m-%d", strict=False)
        parsed = pl.when((day >= extract.EARLIEST) & (day <= self.today)).then(day)
        others = distinct[-1]
        if others:  # dates not written as YYYY-MM-DD: each distinct one by the reference rule
            fallback = pl.col("event_date").replace_strict(
                others, self._mapping("event_date", others, self._event_date), default=None, return_dtype=pl.Date
            )
            parsed = pl.when(iso).then(parsed).otherwise(fallback)
        event_type, outcome, concerns = pl.col("event_type"), pl.col("outcome"), pl.col("concerns")
        record_id = pl.col("record_id")
        sure = (
            pl.col("_ascii")
            & (record_id != "")
            & (record_id.str.len_chars() <= extract.MAX_RECORD_ID)
            & pl.col("child_key").str.contains(_KEYED_HASH)
            & pl.all_horizontal([pl.col(name).is_not_null() for name in [*self._rules, "event_day"]])
            & (
                (outcome == "")
                | ((event_type == "ird") & outcome.is_in(extract.IRD_OUTCOMES))
                | (event_type.str.starts_with("cppm_") & outcome.is_in(extract.CPPM_OUTCOMES))
            )
            & ((concerns == "") | (event_type == "registration"))
        ).fill_null(False)
        birth = pl.col("birth_month").str.to_date("%Y-%m-%d", strict=False)
        work = (
            piece.lazy()
            .with_columns(
                record_id.str.strip_chars().alias("record_id"),
                pl.col("child_id").alias("child_key"),
                record_id.str.contains(_PRINTABLE_ASCII).alias("_ascii"),
                parsed.alias("event_day"),
                *columns,
            )
            .with_columns(sure.alias("_sure"))
            .with_columns(
                # Written as YYYY-MM-DD already, or else written so here.
                pl.when(iso).then(pl.col("event_date")).otherwise(pl.col("event_day").dt.to_string("%Y-%m-%d")),
                _age_band(birth, pl.col("event_day")).alias("age_band"),
            )
            .select("_row", *EVENT_FIELDS, "event_day", "_sure")
            .collect()
        )
        good = work.filter(pl.col("_sure")).drop("_sure")
        if good.height < work.height:
            good = self._explain_doubted(piece.filter(~work["_sure"]), good, before, progress)
        if self._repeated:
            good = self._first_of_each(good)
        return good.drop("_row")

    def _explain_doubted(
        self, doubted: pl.DataFrame, good: pl.DataFrame, before: int, progress: Callable[[int], None] | None
    ) -> pl.DataFrame:
        """Rows in doubt: the reference check accepts them or says why not."""
        sure = before + good.height
        if progress:
            progress(sure)
        accepted: list[list[Any]] = []
        for done, (row, *cells) in enumerate(doubted.iter_rows(), start=1):
            out, day, problems = self.explain(row, [cell or "" for cell in cells])
            if out is None:
                self._explained[row] = problems
            else:
                accepted.append([row, *out, day])
            if progress and done % 5000 == 0:
                progress(sure + done)
        if not accepted:
            return good
        extra = pl.DataFrame(accepted, schema=good.schema, orient="row")
        return pl.concat([good, extra]).sort("_row")

    def _first_of_each(self, good: pl.DataFrame) -> pl.DataFrame:
        """The same record id twice: the first good row keeps it, every later one is a problem."""
        candidates = good.filter(pl.col("record_id").is_in(list(self._repeated))).select("_row", "record_id")
        later = []
        for row, record_id in candidates.iter_rows():
            earlier = self._first.setdefault(record_id, row)
            if earlier != row:
                later.append(row)
                self._explained[row] = [
                    extract.Problem(row, "record_id", f"The same record_id is already on row {earlier}.")
                ]
        return good.filter(~pl.col("_row").is_in(later)) if later else good
