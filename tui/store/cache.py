"""The cache DB: rebuildable at any time (dictionary tables, analysis cache, search index)."""

from __future__ import annotations

import sqlite3

from tui.core import paths
from tui.store.db import migrate, thread_connection

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
    # Reverse lookups into CC-CEDICT (by toneless pinyin, by English) and the search index.
    """
    CREATE TABLE cedict_toneless (key TEXT NOT NULL, simplified TEXT NOT NULL, pinyin TEXT NOT NULL);
    CREATE INDEX cedict_toneless_key ON cedict_toneless (key);
    CREATE VIRTUAL TABLE cedict_english USING fts5 (english, content='cedict', tokenize='porter unicode61');
    CREATE TABLE search_doc (
        id INTEGER PRIMARY KEY,
        article TEXT NOT NULL UNIQUE,
        stamp TEXT NOT NULL,
        title TEXT NOT NULL,
        script TEXT NOT NULL,
        length INTEGER NOT NULL,
        sections TEXT NOT NULL
    );
    CREATE TABLE search_text (id INTEGER PRIMARY KEY, text TEXT NOT NULL);
    CREATE VIRTUAL TABLE search_fts USING fts5 (
        uni, bi, content='', tokenize="unicode61 remove_diacritics 0 tokenchars '_'"
    );
    CREATE VIRTUAL TABLE search_vocab USING fts5vocab (search_fts, row);
    """,
)


def cache_db() -> sqlite3.Connection:
    """One connection per thread to the cache DB under the current home."""
    return thread_connection(paths.cache_db_path(), lambda conn: migrate(conn, MIGRATIONS))


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))
