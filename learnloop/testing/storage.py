"""Looking for text anywhere LearnLoop keeps things: every table and every stored file."""

from __future__ import annotations

import pathlib

from django.db import connection


def raw_text_anywhere(needles: list[str], media_root) -> list[str]:
    """Where any needle appears: every text column of every table, and every file under MEDIA_ROOT."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")  # noqa: S608
            for row in cursor.fetchall():
                text = " ".join(str(v) for v in row if isinstance(v, str | dict | list)).lower()
                found += [f"{needle} in {table}" for needle in needles if needle.lower() in text]
    for path in pathlib.Path(media_root).rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            found += [f"{needle} in {path}" for needle in needles if needle.encode() in data]
    return found
