"""Writing checked journey events into the event table: one transaction, all or nothing.

On PostgreSQL the ready rows go in with COPY (new record ids copied straight in, replaced ones
through a temporary table), under an advisory lock per partnership so two imports of the same
partnership never interleave; elsewhere (the embedded SQLite default) through the ORM in batches.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from typing import IO, Any

import psycopg
from django.db import connection, transaction

from learnloop.dataset import extract
from learnloop.dataset.models import JourneyEvent, JourneyImport

BATCH = 5000
EVENT_FIELDS = extract.EVENT_FIELDS


def csv_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


@transaction.atomic
def load(journey_import: JourneyImport, ready: IO[bytes], good: int) -> tuple[int, int]:
    """Write the checked rows; returns (created, replaced). All or nothing."""
    if connection.vendor == "postgresql":
        return _load_postgresql(journey_import, ready, good)
    partnership_id = journey_import.partnership_id
    before = JourneyEvent.objects.filter(partnership_id=partnership_id).count()
    _load_orm(journey_import, ready)
    after = JourneyEvent.objects.filter(partnership_id=partnership_id).count()
    created = after - before
    return created, good - created


def _load_orm(journey_import: JourneyImport, ready: IO[bytes]) -> None:
    """Upsert the checked rows a batch at a time with one prepared statement (SQLite: the
    embedded default, one writer at a time)."""
    table, columns, _ = copy_target()
    updates = ", ".join(f"{f} = excluded.{f}" for f in ["journey_import_id", *EVENT_FIELDS] if f != "record_id")
    statement = (
        f"INSERT INTO {table} ({columns}) VALUES ({', '.join(['%s'] * (len(EVENT_FIELDS) + 2))}) "  # noqa: S608
        f"ON CONFLICT (partnership_id, record_id) DO UPDATE SET {updates}"
    )
    lead = (journey_import.partnership_id, journey_import.pk)
    birth = EVENT_FIELDS.index("birth_month")
    rows = csv.reader(io.TextIOWrapper(ready, encoding="utf-8", newline=""))
    with connection.cursor() as cursor:
        while batch := [
            (*lead, *row[:birth], row[birth] or None, *row[birth + 1 :]) for row in itertools.islice(rows, BATCH)
        ]:
            cursor.executemany(statement, batch)


# Serialises loads into one partnership (two imports at once cannot both think their ids are new).
_LOCK_CLASS = 0x4A45  # "JE"


def lock(cursor: Any, partnership_id: int) -> None:
    cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_LOCK_CLASS, partnership_id % 2**31])


def copy_target() -> tuple[str, str, str]:
    """The event table, the columns of a prepared row, and the COPY options."""
    columns = ", ".join(["partnership_id", "journey_import_id", *EVENT_FIELDS])
    not_null = ", ".join(f for f in EVENT_FIELDS if f not in {"event_date", "birth_month"})
    return JourneyEvent._meta.db_table, columns, f"FORMAT csv, FORCE_NOT_NULL ({not_null})"


def _load_postgresql(journey_import: JourneyImport, ready: IO[bytes], good: int) -> tuple[int, int]:
    """COPY the checked rows (each led by partnership and import ids) into the event table.

    The rows are copied straight into the event table; if one of their record ids is already
    stored (a re-import), that copy is rolled back to its savepoint and the rows are upserted.
    """
    table, columns, options = copy_target()
    with connection.cursor() as cursor:
        lock(cursor, journey_import.partnership_id)
        try:
            with transaction.atomic():
                _copy(cursor, f"COPY {table} ({columns}) FROM STDIN WITH ({options})", ready)
            return good, 0
        except psycopg.errors.UniqueViolation:
            ready.seek(0)
            return upsert_copy(cursor, ready, good)


def upsert_copy(cursor: Any, ready: IO[bytes], good: int) -> tuple[int, int]:
    """Copy the rows into an unindexed temporary table and upsert them in one statement."""
    table, columns, options = copy_target()
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


def _copy(cursor: Any, statement: str, ready: IO[bytes]) -> None:
    with cursor.cursor.copy(statement) as copy:
        while chunk := ready.read(1 << 20):
            copy.write(chunk)
