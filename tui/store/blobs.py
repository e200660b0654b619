"""Cached results as blobs in the cache DB, under keys the core builds from a content hash
and the version of what computed them (analyses, outlines, scripts, the parsed glossary).

A key that no longer matches is simply never read again; the cache may be deleted at any time.
"""

from __future__ import annotations

from collections.abc import Sequence

from tui.store.cache import cache_db
from tui.store.db import transaction


def get(key: str) -> bytes | None:
    row = cache_db().execute("SELECT data FROM analysis WHERE key = ?", (key,)).fetchone()
    return None if row is None else bytes(row[0])


def put(key: str, data: bytes) -> None:
    cache_db().execute("INSERT OR REPLACE INTO analysis (key, data) VALUES (?, ?)", (key, data))


def put_parts(key: str, parts: Sequence[bytes]) -> None:
    """Store the parts one after another, written into the row in place, never joined in
    memory: a 4 MB article's analysis is ~20 MB, and joined, then bound, it was held three times."""
    conn = cache_db()
    with transaction(conn):
        size = sum(len(part) for part in parts)
        sql = "INSERT OR REPLACE INTO analysis (key, data) VALUES (?, zeroblob(?)) RETURNING rowid"
        (rowid,) = conn.execute(sql, (key, size)).fetchone()
        with conn.blobopen("analysis", "data", rowid) as blob:
            for part in parts:
                blob.write(part)


def replace(prefix: str, key: str, data: bytes) -> None:
    """Store `data` under `key`, dropping every other blob whose key starts with `prefix`."""
    conn = cache_db()
    conn.execute("DELETE FROM analysis WHERE substr(key, 1, ?) = ?", (len(prefix), prefix))
    conn.execute("INSERT OR REPLACE INTO analysis (key, data) VALUES (?, ?)", (key, data))


def delete(key: str) -> None:
    cache_db().execute("DELETE FROM analysis WHERE key = ?", (key,))


def present(keys: list[str]) -> set[str]:
    """Which of these keys have a blob, in one query per 500 keys, without reading the blobs."""
    conn = cache_db()
    found: set[str] = set()
    for i in range(0, len(keys), 500):
        part = keys[i : i + 500]
        marks = ",".join("?" * len(part))
        found.update(k for (k,) in conn.execute(f"SELECT key FROM analysis WHERE key IN ({marks})", part))
    return found
