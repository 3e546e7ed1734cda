"""Loading a child-journey extract: stage, check every row, then load all or nothing.

1. `journey_import_create` reads the uploaded file once, replaces each child id with its keyed
   hash and keeps a staged copy (the raw file is never stored). A file that cannot be read at
   all is rejected here.
2. `journey_import_run` (in the request for small files, in a task for large ones) checks
   every row and reports every problem at once; a file with bad rows changes nothing unless
   the good rows were accepted explicitly. Then it loads the good rows in one transaction,
   replacing events with the same record_id (re-importing is idempotent).

Most files take the columnar path (`columnar.py`: Polars, an Arrow staged copy, and on
PostgreSQL a COPY that loads checked slices while later ones are checked); a file it cannot be
sure to read exactly as Python's csv module would (or an Excel file) is staged and checked row
by row here. Both give the same result (tests/test_columnar.py); see docs/adr/0006.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import operator
import os
import tempfile
import uuid
from collections.abc import Callable, Container, Iterator
from dataclasses import dataclass
from typing import IO, Any

import polars as pl
import psycopg
from django.core.files.base import File
from django.db import connection, transaction
from django.utils import timezone

from learnloop.core.pseudonymise import keyed_hasher
from learnloop.core.versions import records_changed
from learnloop.dataset import columnar, extract, fastpath
from learnloop.dataset.computation import needs
from learnloop.dataset.loading import copy_target, csv_value, load, lock, upsert_copy
from learnloop.dataset.models import Indicator, JourneyEvent, JourneyImport
from learnloop.dataset.versions import data_changed
from learnloop.dataset.vocabulary import partnership_vocabulary, unlisted_values_record
from learnloop.ingest import reading
from learnloop.partnership.models import Partnership

# Rows are reported in full up to this many problems; beyond it the count is still exact.
MAX_PROBLEMS_KEPT = 5000
PROGRESS_EVERY = 5000
# The columnar path checks this many rows at a time; PostgreSQL loads one slice while the next is checked.
FIRST_SLICE_ROWS = 2048
SLICE_ROWS = 8192
# Beyond this the rows are checked (with progress shown) before loading starts, rather than while loading.
PIPELINE_MAX_ROWS = 250_000
WORK_COLUMNS = columnar.WORK_COLUMNS
EVENT_FIELDS = extract.EVENT_FIELDS
EVENT_TYPE = EVENT_FIELDS.index("event_type")

Progress = Callable[[JourneyImport], None]


def journey_import_create(
    *,
    partnership: Partnership,
    stream: IO[bytes],
    filename: str,
    by: Any = None,
    accept_good_rows: bool = False,
) -> JourneyImport:
    """Record an upload and keep its pseudonymised, normalised copy; reject an unreadable file.

    The import is written once, when its staged copy is ready (or when it is rejected)."""
    journey_import = JourneyImport(
        partnership=partnership,
        filename=os.path.basename(filename)[:255] or "extract",
        accept_good_rows=accept_good_rows,
        created_by=by,
    )
    work = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    try:
        try:
            data = _small_csv(stream)
            header, rows = extract.read_table(
                io.BytesIO(data) if data is not None else stream, name=f"the file “{journey_import.filename}”"
            )
            problems, warnings = extract.check_header(header)
            if problems:
                return _reject(journey_import, problems, warnings=warnings)
            total = columnar.stage_csv(data, header, work) if data is not None else None
            if total is None:
                work.seek(0)
                work.truncate()
                total = _stage(header, rows, work)
        except extract.ExtractError as error:
            return _reject(journey_import, [extract.Problem(0, "", str(error))])
        if total == 0:
            return _reject(journey_import, [extract.Problem(0, "", "The file has a header row but no rows of data.")])
        work.seek(0)
        kind = "arrow" if work.read(len(columnar.ARROW_MAGIC)) == columnar.ARROW_MAGIC else "csv"
        work.seek(0)
        journey_import.work_file.save(f"import-{uuid.uuid4().hex}.{kind}", File(work), save=False)
        journey_import.rows_total = total
        journey_import.warnings = warnings
        journey_import.save()
    finally:
        work.close()
    return journey_import


def _small_csv(stream: IO[bytes]) -> bytes | None:
    """The whole file, when it is a CSV file small enough for the columnar path."""
    head = stream.read(4)
    stream.seek(0)
    if extract.is_xlsx(head):
        return None
    data = stream.read(columnar.MAX_BYTES + 1)
    first_line = data[: data.find(b"\n")] if b"\n" in data else data
    if (
        len(data) > columnar.MAX_BYTES
        or reading.detect_encoding(data[: reading.HEAD]) != "utf-8-sig"
        or b"\t" in first_line
        or b";" in first_line
    ):
        # Too big, or not UTF-8 CSV (Excel's "Unicode Text" is UTF-16 with tabs): read row by row.
        stream.seek(0)
        return None
    return data


def _stage(header: list[str], rows: Iterator[tuple[int, list[str]]], work: IO[bytes]) -> int:
    text = io.TextIOWrapper(work, encoding="utf-8", newline="", write_through=False)
    writer = csv.writer(text)
    writerow = writer.writerow
    writerow(WORK_COLUMNS)
    # Each extract column's cell, or "" (at index `width`) when the file has no such column.
    width = len(header)
    index = [header.index(name) if name in header else width for name in extract.COLUMNS]
    pick = operator.itemgetter(*index)
    child = extract.COLUMNS.index("child_id")
    pseudonymise = keyed_hasher()
    pad = [""] * (width + 1)
    total = 0
    for number, cells in rows:
        joined = "".join(cells)
        if not joined.strip():
            continue  # blank lines are not rows
        if len(cells) == width:
            cells.append("")
        else:
            cells = (cells[:width] + pad)[: width + 1]
        out = list(pick(cells))
        value = out[child].strip()
        if value:
            out[child] = pseudonymise(value)
        if "\x00" in joined:
            out = [value.replace("\x00", "\ufffd") for value in out]
        writerow([number, *out])
        total += 1
    text.flush()
    text.detach()
    return total


def _reject(
    journey_import: JourneyImport, problems: list[extract.Problem], *, warnings: list[str] | None = None
) -> JourneyImport:
    journey_import.status = JourneyImport.Status.REJECTED
    journey_import.problems = [p.as_dict() for p in problems[:MAX_PROBLEMS_KEPT]]
    journey_import.problems_truncated = len(problems) > MAX_PROBLEMS_KEPT
    journey_import.warnings = warnings or journey_import.warnings
    journey_import.finished_at = timezone.now()
    journey_import.save()
    return journey_import


def _work_rows(journey_import: JourneyImport) -> Iterator[tuple[int, list[str]]]:
    """(row number, the 11 extract columns) of the staged copy."""
    with journey_import.work_file.open("rb") as handle:
        text = io.TextIOWrapper(handle, encoding="utf-8", newline="")
        reader = csv.reader(text)
        next(reader, None)
        for record in reader:
            yield int(record[0]), record[1:]


def _staged_child_keys(journey_import: JourneyImport) -> set[str]:
    """The keyed child ids of a staged CSV copy (opened apart from the copy being checked)."""
    work = journey_import.work_file
    with work.storage.open(work.name, "rb") as handle:
        reader = csv.reader(io.TextIOWrapper(handle, encoding="utf-8", newline=""))
        next(reader, None)
        return {record[2] for record in reader if len(record) > 2}


@dataclass
class _Checked:
    rows: int
    bad_rows: int
    problems: list[extract.Problem]
    truncated: bool
    first: dt.date | None
    last: dt.date | None
    # The event types among the good rows.
    event_types: set[str]
    # (created, replaced) when the rows were loaded while being checked (PostgreSQL).
    loaded: tuple[int, int] | None = None

    @property
    def good(self) -> int:
        return self.rows - self.bad_rows


def _rejects(rows: int, bad_rows: int, *, accept_good_rows: bool) -> bool:
    """A file is not loaded if no row is good, or if any row is bad and the good rows were not accepted."""
    return rows == bad_rows or bool(bad_rows and not accept_good_rows)


class _Rejected(Exception):
    """Raised inside the load's transaction to roll back what was copied while checking."""


def journey_import_run(
    *, journey_import: JourneyImport, today: dt.date | None = None, progress: Progress | None = None
) -> JourneyImport:
    """Check every row, then load the good rows atomically (or reject the file)."""
    if journey_import.is_finished and journey_import.status == JourneyImport.Status.LOADED:
        return journey_import
    if not journey_import.work_file:
        return journey_import
    today = today or timezone.localdate()
    JourneyImport.objects.filter(pk=journey_import.pk).update(status=JourneyImport.Status.CHECKING, rows_checked=0)
    records_changed(journey_import.partnership_id)  # its progress shows on the home page
    journey_import.status = JourneyImport.Status.CHECKING

    def checked_so_far(count: int) -> None:
        JourneyImport.objects.filter(pk=journey_import.pk).update(rows_checked=count)
        journey_import.rows_checked = count
        if progress:
            progress(journey_import)

    vocabulary = partnership_vocabulary(partnership=journey_import.partnership)
    with tempfile.TemporaryFile() as ready:
        with journey_import.work_file.open("rb") as handle:
            frame = columnar.read_staged(handle)
        if frame is None:
            child_keys = ChildKeys(lambda: _staged_child_keys(journey_import))
            rows = _work_rows(journey_import)
            result = _check_rows(
                rows,
                today=today,
                ready=ready,
                progress=checked_so_far,
                lead=_lead(journey_import),
                vocabulary=vocabulary,
                child_keys=child_keys,
            )
        else:
            child_keys = ChildKeys(lambda: set(frame["child_id"].unique().to_list()))
            checker = columnar.Checker(
                frame,
                today=today,
                explain=_explain(today, vocabulary=vocabulary, child_keys=child_keys),
                max_problems=MAX_PROBLEMS_KEPT,
                vocabulary=vocabulary,
            )
            if connection.vendor == "postgresql" and frame.height <= PIPELINE_MAX_ROWS:
                result = _check_and_copy(journey_import, frame, checker, ready)
            else:
                result = _check_columnar(journey_import, frame, checker, ready, checked_so_far)
        journey_import.rows_checked = result.rows
        journey_import.rows_total = result.rows
        journey_import.rows_bad = result.bad_rows
        journey_import.problems = [p.as_dict() for p in result.problems]
        journey_import.problems_truncated = result.truncated
        unlisted_values_record(journey_import=journey_import, vocabulary=vocabulary, child_keys=child_keys)
        if _rejects(result.rows, result.bad_rows, accept_good_rows=journey_import.accept_good_rows):
            journey_import.status = JourneyImport.Status.REJECTED
            journey_import.finished_at = timezone.now()
            journey_import.save()
            if progress:
                progress(journey_import)
            return journey_import
        if result.loaded is None:
            JourneyImport.objects.filter(pk=journey_import.pk).update(
                status=JourneyImport.Status.LOADING, rows_checked=result.rows
            )
            records_changed(journey_import.partnership_id)  # its progress shows on the home page
            journey_import.status = JourneyImport.Status.LOADING
            if progress:
                progress(journey_import)
            ready.seek(0)
            result.loaded = load(journey_import, ready, result.good)
    journey_import.status = JourneyImport.Status.LOADED
    journey_import.rows_loaded = result.good
    journey_import.rows_created, journey_import.rows_replaced = result.loaded
    journey_import.first_event = result.first
    journey_import.last_event = result.last
    journey_import.warnings = [*journey_import.warnings, *_missing_types_warnings(result.event_types)]
    journey_import.finished_at = timezone.now()
    journey_import.work_file.delete(save=False)
    journey_import.save()
    data_changed(journey_import.partnership_id)
    if progress:
        progress(journey_import)
    return journey_import


def _missing_types_warnings(event_types: set[str]) -> list[str]:
    """A warning naming each event type the catalogue's indicators need that the extract holds
    none of: those indicators show "No data" for it, not zero (computation.needs)."""
    needed = {
        t for code in Indicator.objects.filter(in_dataset=True).values_list("code", flat=True) for t in needs(code)
    }
    missing = [t for t in JourneyEvent.EventType.values if t in needed and t not in event_types]
    if not missing:
        return []
    names = [f"{JourneyEvent.EventType(t).label} ({t})" for t in missing]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " or " + names[-1]
    return [
        f"This extract holds no {listed} events. The indicators computed from them show “No data”, "
        "not zero, unless another extract holds them; check the extract is complete."
    ]


def _lead(journey_import: JourneyImport) -> list[int]:
    # On PostgreSQL each prepared row leads with its partnership and import, so a first load
    # can COPY the file straight into the event table.
    return [journey_import.partnership_id, journey_import.pk] if connection.vendor == "postgresql" else []


class ChildKeys:
    """The keyed hash of every child id of a staged file, read the first time one is asked for
    (only a problem that might repeat a cell back asks)."""

    def __init__(self, load: Callable[[], set[str]]) -> None:
        self._load = load
        self._keys: set[str] | None = None

    def __contains__(self, key: object) -> bool:
        if self._keys is None:
            self._keys = self._load()
        return key in self._keys


def _explain(
    today: dt.date,
    *,
    vocabulary: extract.Vocabulary | None = None,
    child_keys: Container[str] = frozenset(),
) -> columnar.Explain:
    def explain(number: int, cells: list[str]) -> tuple[list[str] | None, dt.date | None, list[extract.Problem]]:
        values, problems = extract.check_row(
            number,
            dict(zip(extract.COLUMNS, cells, strict=False)),
            today=today,
            pseudonymised=True,
            vocabulary=vocabulary,
            child_keys=child_keys,
        )
        if values is None:
            return None, None, problems
        return [csv_value(values[name]) for name in EVENT_FIELDS], values["event_date"], []

    return explain


def _ready_csv(good: pl.DataFrame, lead: list[int]) -> bytes:
    """Checked rows as CSV for the loaders (birth_month empty becomes NULL in COPY)."""
    out = good.select(
        *[pl.lit(value).alias(f"_lead{i}") for i, value in enumerate(lead)],
        *[pl.col(name).replace("", None) if name == "birth_month" else pl.col(name) for name in EVENT_FIELDS],
    )
    buffer = io.BytesIO()
    out.write_csv(buffer, include_header=False)
    return buffer.getvalue()


class _Bounds:
    """The first and last event dates, and the event types, of the good rows seen so far."""

    def __init__(self) -> None:
        self.first: dt.date | None = None
        self.last: dt.date | None = None
        self.event_types: set[str] = set()

    def add(self, good: pl.DataFrame) -> None:
        if good.height:
            low, high = good["event_day"].min(), good["event_day"].max()
            self.first = low if self.first is None else min(self.first, low)
            self.last = high if self.last is None else max(self.last, high)
            self.event_types.update(good["event_type"].unique().to_list())


def _result(checker: columnar.Checker, bounds: _Bounds, loaded: tuple[int, int] | None = None) -> _Checked:
    problems, truncated = checker.problems()
    return _Checked(
        rows=checker.rows,
        bad_rows=checker.bad_rows,
        problems=problems,
        truncated=truncated,
        first=bounds.first,
        last=bounds.last,
        event_types=bounds.event_types,
        loaded=loaded,
    )


def _checked_slices(
    journey_import: JourneyImport,
    frame: pl.DataFrame,
    checker: columnar.Checker,
    ready: IO[bytes],
    bounds: _Bounds,
    progress: Callable[[int], None] | None = None,
) -> Iterator[bytes]:
    """Check the staged copy a slice at a time (see columnar.py); each slice's good rows, as the
    loaders take them, are kept in `ready` and yielded."""
    lead = _lead(journey_import)
    for piece in _slices(frame):
        good = checker.check(piece, progress)
        data = _ready_csv(good, lead)
        ready.write(data)
        bounds.add(good)
        yield data


def _slices(frame: pl.DataFrame) -> Iterator[pl.DataFrame]:
    """A small first slice (so loading starts soon), then larger ones (each slice has a fixed cost)."""
    start = 0
    size = FIRST_SLICE_ROWS
    while start < frame.height:
        yield frame.slice(start, size)
        start += size
        size = SLICE_ROWS


def _check_columnar(
    journey_import: JourneyImport,
    frame: pl.DataFrame,
    checker: columnar.Checker,
    ready: IO[bytes],
    progress: Callable[[int], None],
) -> _Checked:
    """Check the staged copy a slice at a time, reporting progress after each; load afterwards."""
    bounds = _Bounds()
    for _ in _checked_slices(journey_import, frame, checker, ready, bounds, progress):
        progress(checker.rows)
    return _result(checker, bounds)


def _check_and_copy(
    journey_import: JourneyImport, frame: pl.DataFrame, checker: columnar.Checker, ready: IO[bytes]
) -> _Checked:
    """Check the staged copy a slice at a time while PostgreSQL loads the slices already checked.

    All in one transaction: if the file is to be rejected the copy is abandoned and rolled back.
    The rows go straight into the event table; if one of their record ids is already stored, that
    copy is rolled back to its savepoint and the rows are upserted instead (a re-import).
    """
    bounds = _Bounds()
    table, columns, options = copy_target()
    accept = journey_import.accept_good_rows
    slices = _checked_slices(journey_import, frame, checker, ready, bounds)

    def rejected() -> bool:
        return _rejects(checker.rows, checker.bad_rows, accept_good_rows=accept)

    try:
        with transaction.atomic(), connection.cursor() as cursor:
            lock(cursor, journey_import.partnership_id)
            try:
                with (
                    transaction.atomic(),
                    cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN WITH ({options})") as copy,
                ):
                    for data in slices:
                        if not checker.bad_rows or accept:
                            copy.write(data)
                    if rejected():
                        raise _Rejected
                loaded = (checker.rows - checker.bad_rows, 0)
            except psycopg.errors.UniqueViolation:
                for _ in slices:  # any slices not yet checked when the copy failed
                    pass
                if rejected():
                    raise _Rejected from None
                ready.seek(0)
                loaded = upsert_copy(cursor, ready, checker.rows - checker.bad_rows)
    except _Rejected:
        return _result(checker, bounds)
    return _result(checker, bounds, loaded)


def _check_rows(
    rows: Iterator[tuple[int, list[str]]],
    *,
    today: dt.date,
    ready: IO[bytes],
    progress: Callable[[int], None],
    lead: list[int],
    vocabulary: extract.Vocabulary | None = None,
    child_keys: Container[str] = frozenset(),
) -> _Checked:
    """Check staged rows one by one (fastpath.RowChecker, then extract.check_row): the reference
    for the columnar path, and the path for a staged copy Polars cannot read."""
    problems: list[extract.Problem] = []
    bad_rows = 0
    seen: dict[str, int] = {}
    checked = 0
    first: dt.date | None = None
    last: dt.date | None = None
    event_types: set[str] = set()
    vocabulary = vocabulary or extract.Vocabulary.default()
    explain = _explain(today, vocabulary=vocabulary, child_keys=child_keys)
    text = io.TextIOWrapper(ready, encoding="utf-8", newline="")
    writerow = csv.writer(text).writerow
    check = fastpath.RowChecker(today, vocabulary).check
    for number, cells in rows:
        checked += 1
        fast = check(cells)
        row_problems: list[extract.Problem] = []
        if fast is not None:
            out, day = fast
        else:  # the reference check explains what is wrong (or accepts what the fast path doubted)
            out, day, row_problems = explain(number, cells)
        if not row_problems:
            record_id = out[0]
            earlier = seen.get(record_id)
            if earlier is not None:
                row_problems = [
                    extract.Problem(number, "record_id", f"The same record_id is already on row {earlier}.")
                ]
            else:
                seen[record_id] = number
        if row_problems:
            bad_rows += 1
            if len(problems) < MAX_PROBLEMS_KEPT:
                problems.extend(row_problems)
        else:
            writerow(lead + out)
            event_types.add(out[EVENT_TYPE])
            if first is None or day < first:
                first = day
            if last is None or day > last:
                last = day
        if checked % PROGRESS_EVERY == 0:
            progress(checked)
    text.flush()
    text.detach()
    return _Checked(
        rows=checked,
        bad_rows=bad_rows,
        problems=problems[:MAX_PROBLEMS_KEPT],
        truncated=len(problems) >= MAX_PROBLEMS_KEPT,
        first=first,
        last=last,
        event_types=event_types,
    )


def journey_import_accept_good_rows(
    *, journey_import: JourneyImport, by: Any = None, today: dt.date | None = None
) -> JourneyImport:
    """Load only the good rows of a file that was rejected for its bad rows."""
    if not journey_import.can_accept_good_rows or not journey_import.work_file:
        raise ValueError("Only a checked file with some good rows can have its good rows loaded.")
    journey_import.accept_good_rows = True
    journey_import.save()
    return journey_import_run(journey_import=journey_import, today=today)
