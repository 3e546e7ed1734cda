"""Loading a child-journey extract: stage, check every row, then load all or nothing.

1. `journey_import_create` reads the uploaded file once, replaces each child id with its keyed
   hash and keeps a normalised CSV copy (the raw file is never stored). A file that cannot be
   read at all is rejected here.
2. `journey_import_run` (in the request for small files, in a task for large ones) checks
   every row and reports every problem at once; a file with bad rows changes nothing unless
   the good rows were accepted explicitly. Then it loads the good rows in one transaction,
   replacing events with the same record_id (re-importing is idempotent).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import operator
import os
import tempfile
from collections.abc import Callable, Iterator
from typing import IO, Any

from django.core.files.base import File
from django.db import connection, transaction
from django.utils import timezone

from learnloop.dataset import extract, fastpath
from learnloop.dataset.models import JourneyEvent, JourneyImport
from learnloop.partnership.models import Partnership

# Rows are reported in full up to this many problems; beyond it the count is still exact.
MAX_PROBLEMS_KEPT = 5000
PROGRESS_EVERY = 5000
BATCH = 5000
WORK_COLUMNS = ["_row", *extract.COLUMNS]
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

Progress = Callable[[JourneyImport], None]


def journey_import_create(
    *,
    partnership: Partnership,
    stream: IO[bytes],
    filename: str,
    by: Any = None,
    accept_good_rows: bool = False,
) -> JourneyImport:
    """Record an upload and keep its pseudonymised, normalised copy; reject an unreadable file."""
    journey_import = JourneyImport.objects.create(
        partnership=partnership,
        filename=os.path.basename(filename)[:255] or "extract",
        accept_good_rows=accept_good_rows,
        created_by=by,
    )
    work = tempfile.TemporaryFile()  # noqa: SIM115 (closed in the finally below)
    try:
        try:
            header, rows = extract.read_table(stream)
            problems, warnings = extract.check_header(header)
            if problems:
                return _reject(journey_import, problems, warnings=warnings)
            total = _stage(header, rows, work)
        except extract.ExtractError as error:
            return _reject(journey_import, [extract.Problem(0, "", str(error))])
        if total == 0:
            return _reject(journey_import, [extract.Problem(0, "", "The file has a header row but no rows of data.")])
        work.seek(0)
        journey_import.work_file.save(f"import-{journey_import.pk}.csv", File(work), save=False)
        journey_import.rows_total = total
        journey_import.warnings = warnings
        journey_import.save()
    finally:
        work.close()
    return journey_import


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
    pseudonymise = fastpath.hasher()
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
    journey_import.status = JourneyImport.Status.CHECKING
    problems: list[extract.Problem] = []
    bad_rows = 0
    seen: dict[str, int] = {}
    checked = 0
    first: dt.date | None = None
    last: dt.date | None = None
    # On PostgreSQL each prepared row leads with its partnership and import, so a first load
    # can COPY the file straight into the event table.
    lead = [journey_import.partnership_id, journey_import.pk] if connection.vendor == "postgresql" else []
    with tempfile.TemporaryFile(mode="w+", encoding="utf-8", newline="") as ready:
        writerow = csv.writer(ready).writerow
        check = fastpath.RowChecker(today).check
        for number, cells in _work_rows(journey_import):
            checked += 1
            fast = check(cells)
            row_problems: list[extract.Problem] = []
            if fast is not None:
                out, day = fast
            else:  # the reference check explains what is wrong (or accepts what the fast path doubted)
                values, row_problems = extract.check_row(
                    number, dict(zip(extract.COLUMNS, cells, strict=False)), today=today, pseudonymised=True
                )
                if values is not None:
                    out, day = [_csv_value(values[name]) for name in EVENT_FIELDS], values["event_date"]
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
                if first is None or day < first:
                    first = day
                if last is None or day > last:
                    last = day
            if checked % PROGRESS_EVERY == 0:
                JourneyImport.objects.filter(pk=journey_import.pk).update(rows_checked=checked)
                journey_import.rows_checked = checked
                if progress:
                    progress(journey_import)
        journey_import.rows_checked = checked
        journey_import.rows_total = checked
        journey_import.rows_bad = bad_rows
        journey_import.problems = [p.as_dict() for p in problems[:MAX_PROBLEMS_KEPT]]
        journey_import.problems_truncated = len(problems) >= MAX_PROBLEMS_KEPT
        good = checked - bad_rows
        if good == 0 or (bad_rows and not journey_import.accept_good_rows):
            journey_import.status = JourneyImport.Status.REJECTED
            journey_import.finished_at = timezone.now()
            journey_import.save()
            if progress:
                progress(journey_import)
            return journey_import
        JourneyImport.objects.filter(pk=journey_import.pk).update(
            status=JourneyImport.Status.LOADING, rows_checked=checked
        )
        journey_import.status = JourneyImport.Status.LOADING
        if progress:
            progress(journey_import)
        ready.seek(0)
        created, replaced = _load(journey_import, ready, good, record_ids=list(seen))
    journey_import.status = JourneyImport.Status.LOADED
    journey_import.rows_loaded = good
    journey_import.rows_created = created
    journey_import.rows_replaced = replaced
    journey_import.first_event = first
    journey_import.last_event = last
    journey_import.finished_at = timezone.now()
    journey_import.work_file.delete(save=False)
    journey_import.save()
    if progress:
        progress(journey_import)
    return journey_import


def journey_import_accept_good_rows(
    *, journey_import: JourneyImport, by: Any = None, today: dt.date | None = None
) -> JourneyImport:
    """Load only the good rows of a file that was rejected for its bad rows."""
    if not journey_import.can_accept_good_rows or not journey_import.work_file:
        raise ValueError("Only a checked file with some good rows can have its good rows loaded.")
    journey_import.accept_good_rows = True
    journey_import.save()
    return journey_import_run(journey_import=journey_import, today=today)


def _csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@transaction.atomic
def _load(journey_import: JourneyImport, ready: IO[str], good: int, *, record_ids: list[str]) -> tuple[int, int]:
    """Write the checked rows; returns (created, replaced). All or nothing."""
    if connection.vendor == "postgresql":
        return _load_postgresql(journey_import, ready, good, record_ids)
    partnership_id = journey_import.partnership_id
    before = JourneyEvent.objects.filter(partnership_id=partnership_id).count()
    _load_orm(journey_import, ready)
    after = JourneyEvent.objects.filter(partnership_id=partnership_id).count()
    created = after - before
    return created, good - created


def _load_orm(journey_import: JourneyImport, ready: IO[str]) -> None:
    batch: list[JourneyEvent] = []
    for row in csv.reader(ready):
        values = dict(zip(EVENT_FIELDS, row, strict=True))
        batch.append(
            JourneyEvent(
                partnership_id=journey_import.partnership_id,
                journey_import_id=journey_import.pk,
                record_id=values["record_id"],
                child_key=values["child_key"],
                event_type=values["event_type"],
                event_date=dt.date.fromisoformat(values["event_date"]),
                birth_month=dt.date.fromisoformat(values["birth_month"]) if values["birth_month"] else None,
                age_band=values["age_band"],
                sex=values["sex"],
                disability=values["disability"],
                ethnicity=values["ethnicity"],
                looked_after=values["looked_after"],
                outcome=values["outcome"],
                concerns=values["concerns"],
            )
        )
        if len(batch) >= BATCH:
            _upsert(batch)
            batch = []
    if batch:
        _upsert(batch)


def _upsert(batch: list[JourneyEvent]) -> None:
    JourneyEvent.objects.bulk_create(
        batch,
        update_conflicts=True,
        unique_fields=["partnership", "record_id"],
        update_fields=["journey_import", *[f for f in EVENT_FIELDS if f != "record_id"]],
    )


# Serialises loads into one partnership (two imports at once cannot both think their ids are new).
_LOCK_CLASS = 0x4A45  # "JE"


def _load_postgresql(
    journey_import: JourneyImport, ready: IO[str], good: int, record_ids: list[str]
) -> tuple[int, int]:
    """COPY the checked rows (each led by partnership and import ids) into the event table.

    When none of the file's record ids is stored yet for the partnership (a first load, or an
    extract of new events only), the rows are copied straight into the event table. Otherwise
    they are copied into an unindexed temporary table and upserted in one statement.
    """
    table = JourneyEvent._meta.db_table
    partnership_id = journey_import.partnership_id
    columns = ", ".join(["partnership_id", "journey_import_id", *EVENT_FIELDS])
    not_null = ", ".join(f for f in EVENT_FIELDS if f not in {"event_date", "birth_month"})
    options = f"FORMAT csv, FORCE_NOT_NULL ({not_null})"
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, partnership_id % 2**31])
        cursor.execute(
            f"SELECT EXISTS (SELECT 1 FROM {table} WHERE partnership_id = %s AND record_id = ANY(%s))",  # noqa: S608
            [partnership_id, record_ids],
        )
        if not cursor.fetchone()[0]:
            _copy(cursor, f"COPY {table} ({columns}) FROM STDIN WITH ({options})", ready)
            return good, 0
        cursor.execute(
            f"CREATE TEMPORARY TABLE journey_stage ON COMMIT DROP AS SELECT {columns} FROM {table} WITH NO DATA"  # noqa: S608
        )
        _copy(cursor, f"COPY journey_stage ({columns}) FROM STDIN WITH ({options})", ready)
        updates = ", ".join(f"{f} = EXCLUDED.{f}" for f in ["journey_import_id", *EVENT_FIELDS] if f != "record_id")
        # xmax is 0 on a freshly inserted row version and not on an updated one.
        cursor.execute(
            f"WITH written AS (INSERT INTO {table} ({columns}) SELECT {columns} FROM journey_stage "  # noqa: S608
            f"ON CONFLICT (partnership_id, record_id) DO UPDATE SET {updates} RETURNING (xmax = 0) AS inserted) "
            "SELECT count(*) FILTER (WHERE inserted) FROM written"
        )
        created = cursor.fetchone()[0]
        cursor.execute("DROP TABLE journey_stage")
    return created, good - created


def _copy(cursor: Any, statement: str, ready: IO[str]) -> None:
    with cursor.cursor.copy(statement) as copy:
        while chunk := ready.read(1 << 20):
            copy.write(chunk)
