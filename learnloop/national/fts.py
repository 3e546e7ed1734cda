"""The database side of the national search index: SQL that exists on one database only.

SQLite: an FTS5 table mirroring `national_searchentry` (title and body, Porter-stemmed), kept in
step by triggers. PostgreSQL: a GIN index on the stored English tsvector. Migration 0002 runs the
statements for the database it runs on; `ensure()` runs them again (idempotently), because
SQLite rebuilds a table, dropping its triggers, when a later migration alters it.
"""

from __future__ import annotations

from typing import Any

FTS_TABLE = "national_searchentry_fts"

SQLITE = [
    """CREATE VIRTUAL TABLE IF NOT EXISTS national_searchentry_fts USING fts5(
        title, body, content='national_searchentry', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    """CREATE TRIGGER IF NOT EXISTS national_searchentry_ai AFTER INSERT ON national_searchentry BEGIN
        INSERT INTO national_searchentry_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS national_searchentry_ad AFTER DELETE ON national_searchentry BEGIN
        INSERT INTO national_searchentry_fts(national_searchentry_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
    END""",
    """CREATE TRIGGER IF NOT EXISTS national_searchentry_au AFTER UPDATE ON national_searchentry BEGIN
        INSERT INTO national_searchentry_fts(national_searchentry_fts, rowid, title, body) VALUES ('delete', old.id, old.title, old.body);
        INSERT INTO national_searchentry_fts(rowid, title, body) VALUES (new.id, new.title, new.body);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS national_searchentry_ai",
    "DROP TRIGGER IF EXISTS national_searchentry_ad",
    "DROP TRIGGER IF EXISTS national_searchentry_au",
    "DROP TABLE IF EXISTS national_searchentry_fts",
]
SQLITE_REBUILD = "INSERT INTO national_searchentry_fts(national_searchentry_fts) VALUES ('rebuild')"

POSTGRESQL = ["CREATE INDEX IF NOT EXISTS national_search_vector ON national_searchentry USING gin (vector)"]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS national_search_vector"]


def statements(vendor: str, *, drop: bool = False) -> list[str]:
    if vendor == "sqlite":
        return SQLITE_DROP if drop else SQLITE
    if vendor == "postgresql":
        return POSTGRESQL_DROP if drop else POSTGRESQL
    return []


def ensure(connection: Any) -> None:
    """Create what is missing (the FTS5 table and triggers, or the GIN index) and, on SQLite,
    rebuild the FTS5 table from the rows."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # Only when missing: PostgreSQL refuses to create an index in a transaction that has
            # deferred constraint checks pending, even with IF NOT EXISTS.
            cursor.execute("SELECT 1 FROM pg_indexes WHERE indexname = 'national_search_vector'")
            if cursor.fetchone():
                return
        for sql in statements(connection.vendor):
            cursor.execute(sql)
        if connection.vendor == "sqlite":
            cursor.execute(SQLITE_REBUILD)


# Reading on SQLite: the FTS5 table joined to the rows, the match, and each row's relevance
# (BM25, negated so that higher is better; a title word counts four times a body word).
SQLITE_JOIN = "national_searchentry_fts.rowid = national_searchentry.id"
SQLITE_MATCH = "national_searchentry_fts MATCH %s"
SQLITE_RANK = "-bm25(national_searchentry_fts, 4.0, 1.0)"
