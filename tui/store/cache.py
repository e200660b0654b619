"""The cache DB: rebuildable at any time (dictionary tables, analysis cache, search index)."""

from __future__ import annotations

import sqlite3
import threading

from tui.core import paths
from tui.store.db import connect, migrate

MIGRATIONS = (
    """
    CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
    CREATE TABLE cedict (
        simplified TEXT NOT NULL,
        traditional TEXT NOT NULL,
        pinyin TEXT NOT NULL,
        english TEXT NOT NULL
    );
    CREATE INDEX cedict_simplified ON cedict (simplified);
    CREATE INDEX cedict_traditional ON cedict (traditional);
    CREATE TABLE analysis (key TEXT PRIMARY KEY, data BLOB NOT NULL);
    """,
)

_local = threading.local()


def cache_db() -> sqlite3.Connection:
    """One connection per thread to the cache DB under the current home."""
    path = paths.cache_db_path()
    conn = getattr(_local, "conn", None)
    if conn is None or getattr(_local, "path", None) != path:
        conn = connect(path)
        migrate(conn, MIGRATIONS)
        _local.conn, _local.path = conn, path
    return conn


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
