"""Reading the notes out of an Anki collection (the SQLite file inside an .apkg), read-only.

A package is a stranger's file: the collection is opened read-only and query-only, with a
schema check before the first query (`col` and `notes` real tables; no views, no triggers: a
view named `notes` could recurse for ever), SQLite's own limits on the length of a value and
of SQL, and a time budget that interrupts any query past it.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

MAX_VALUE = 16 * 1024 * 1024  # a note's fields, or the note types' JSON
MAX_SQL = 100_000
TIME_BUDGET = 120.0  # seconds for reading every note; a million take a few


class UntrustedCollection(Exception):
    """The collection is not one we read: its shape, or a query past the budget."""


def collection_notes(path: Path, budget: float = TIME_BUDGET) -> Iterator[tuple[list[str], list[str]]]:
    """(field names of the note's type, field values) for every note of an Anki 2.1 collection,
    one at a time (a million notes are never all in memory)."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE)
        conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, MAX_SQL)
        deadline = time.monotonic() + budget
        conn.set_progress_handler(lambda: int(time.monotonic() > deadline), 10_000)
        conn.execute("PRAGMA query_only = ON")
        conn.execute("PRAGMA trusted_schema = OFF")
        _check_schema(conn)
        names: dict[int, list[str]] = {}
        row = conn.execute("SELECT models FROM col").fetchone()
        if row and row[0]:
            models = json.loads(row[0])
            if not isinstance(models, dict):
                raise UntrustedCollection("its note types are not what Anki writes")
            for mid, model in models.items():
                fields = model.get("flds", []) if isinstance(model, dict) else []
                if not isinstance(fields, list) or not all(isinstance(f, dict) for f in fields):
                    raise UntrustedCollection("its note types are not what Anki writes")
                ordered = sorted(fields, key=lambda f: f.get("ord", 0) if isinstance(f.get("ord", 0), int) else 0)
                names[int(mid)] = [str(f.get("name", "")) for f in ordered]
        for mid, flds in conn.execute("SELECT mid, flds FROM notes"):
            yield names.get(mid, []) if isinstance(mid, int) else [], str(flds).split("\x1f")
    except sqlite3.OperationalError as exc:
        if "interrupted" in str(exc):
            raise UntrustedCollection(f"reading it took over {budget:g} s; stopped") from None
        raise
    finally:
        conn.close()


def _check_schema(conn: sqlite3.Connection) -> None:
    kinds: dict[str, str] = {}
    for kind, name in conn.execute("SELECT type, name FROM sqlite_master"):
        if kind in ("view", "trigger"):
            raise UntrustedCollection(f"its collection has a {kind} ({name!s:.40}), which Anki never writes")
        kinds[str(name)] = str(kind)
    for table in ("col", "notes"):
        if kinds.get(table) != "table":
            raise UntrustedCollection(f"its collection has no {table} table")
