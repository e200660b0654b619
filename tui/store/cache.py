"""The cache DB: rebuildable at any time (dictionary tables, analysis cache, search index)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import sys
import threading
import time
import weakref
from collections.abc import Callable
from pathlib import Path

from tui.store import paths
from tui.store.db import StoreError, as_store_error, connect, migrate, thread_connection

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
    # What `list` and the library need of each article file, keyed by the file's stamp, so that
    # they do not read and clean every article each time.
    """
    CREATE TABLE article_summary (
        path TEXT PRIMARY KEY,
        stamp TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        title TEXT,
        source TEXT,
        author TEXT,
        date TEXT,
        script TEXT NOT NULL,
        length INTEGER NOT NULL
    );
    """,
    # The reading text's SHA-256 too: the analysis cache's key, found without reading the file.
    """
    DROP TABLE article_summary;
    CREATE TABLE article_summary (
        path TEXT PRIMARY KEY,
        stamp TEXT NOT NULL,
        content_hash TEXT NOT NULL,
        title TEXT,
        source TEXT,
        author TEXT,
        date TEXT,
        script TEXT NOT NULL,
        length INTEGER NOT NULL,
        text_hash TEXT NOT NULL
    );
    """,
)


def cache_db() -> sqlite3.Connection:
    """One connection per thread to the cache DB under the current home."""
    return thread_connection(paths.cache_db_path(), _open)


def get_meta(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return row[0] if row else None


def set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, value))


# --- opening: the cache is rebuildable, so a damaged one is replaced instead of refused ----------

MIN_FREE_BYTES = 8_000_000  # below this the cache is used from a private copy, so reads go on
# Longer than the study DB's 2 s: an index rebuild in another process holds the cache's write
# lock for a while, and waiting for it beats failing a read that only wanted to cache a result.
BUSY_TIMEOUT_MS = 30_000


def notice_to_stderr(message: str) -> None:
    sys.stderr.write(shown(f"yuedu: {message}") + "\n")


# How a notice's text is made safe for a terminal: the CLI sets the core's `inert_marked`
# (one line; file names and home paths in notices can hold ESC or an RLO), which the store
# may not import itself.
shown: Callable[[str], str] = str


# The app replaces this to show the notice in the UI instead of writing over the screen.
notice: Callable[[str], None] = notice_to_stderr


class _CacheConnection(sqlite3.Connection):
    """A connection to the cache file; unlike sqlite3.Connection it can be watched by a weak reference."""


# Connections this process has open to each cache file. Closing any file descriptor of a file drops
# every POSIX lock the process holds on it, SQLite's included: after `damage` read the header, another
# process closing its connection took itself for the last user and deleted the WAL and -shm under ours
# (the next connection here met "disk I/O error"). So the header is read only while none is open here.
_open_here: dict[Path, int] = {}
_open_lock = threading.Lock()


def _closed(key: Path) -> None:
    with _open_lock:
        _open_here[key] -= 1


def _open(path: Path) -> sqlite3.Connection:
    key = path.resolve()
    with _open_lock:
        if not _open_here.get(key):
            problem = damage(path)
            if problem is not None:
                discard(path)
                notice(rebuilding(path, problem))
        _open_here[key] = _open_here.get(key, 0) + 1  # held from here: no other thread reads the header
    try:
        conn = _connect(path)
    except BaseException:
        _closed(key)
        raise
    if isinstance(conn, _CacheConnection):
        weakref.finalize(conn, _closed, key)
    else:
        _closed(key)  # a private copy in memory holds nothing on the file
    return conn


def _connect(path: Path) -> sqlite3.Connection:
    if not _writable(path):
        return _private_copy(path)
    try:
        conn = connect(path, BUSY_TIMEOUT_MS, _CacheConnection)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc):
            raise as_store_error(exc, path.name) from exc
        return _private_copy(path)  # read-only after all: reads still work from a copy
    except sqlite3.DatabaseError as exc:
        discard(path)
        notice(rebuilding(path, f"damaged ({exc})"))
        conn = connect(path, BUSY_TIMEOUT_MS, _CacheConnection)
    migrate(conn, MIGRATIONS)
    return conn


def rebuilding(path: Path, problem: str) -> str:
    """The one-line notice that a damaged cache is being rebuilt."""
    problem = " ".join(problem.split())[:100]
    return f"{path.name} was {problem}; rebuilding it (it holds nothing that cannot be rebuilt)"


def damage(path: Path) -> str | None:
    """What is wrong with the cache file, found cheaply (a full check costs a second), or None."""
    from tui.store import files
    from tui.store.db import SIDE_FILES

    if path.is_dir() and not path.is_symlink():
        return "a folder, not a database"
    for suffix in ("", *SIDE_FILES):  # a link would take SQLite's writes out of the home; a FIFO blocks
        wrong = files.not_regular(path.with_name(path.name + suffix))
        if wrong is not None:
            return f"{wrong}{f' (its {suffix[1:]} file)' if suffix else ''}"
    try:
        if path.lstat().st_nlink > 1:
            return "a hard link to another file"  # the study DB, say: never written as the cache
    except FileNotFoundError:
        pass
    if not path.exists():
        return None
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(100)
    except OSError as exc:
        return f"unreadable ({exc.strerror})"
    if size == 0:
        return None  # SQLite treats an empty file as a new database
    if len(header) < 100 or not header.startswith(b"SQLite format 3\x00"):
        return "not a database"
    page_size = int.from_bytes(header[16:18], "big")
    page_size = 65536 if page_size == 1 else page_size
    pages = int.from_bytes(header[28:32], "big")
    # The header's page count is valid when its version number matches the change counter.
    # With a WAL beside it another process may be checkpointing (the file grows after its
    # header): not judged here, SQLite itself reports real damage when a query meets it.
    wal = path.with_name(path.name + "-wal")
    if header[24:28] == header[92:96] and size < pages * page_size and not wal.exists():
        return f"truncated ({size:,} of {pages * page_size:,} bytes)"
    return None


def check(path: Path) -> str | None:
    """The full check, for when a query has already failed: None if the cache is sound."""
    from tui.store.db import quick_check

    return quick_check(path, 1)


def discard(path: Path) -> None:
    """Remove a damaged cache; a folder in its place is moved aside, as it is not ours to delete."""
    if path.is_dir() and not path.is_symlink():
        path.rename(path.with_name(f"{path.name}.moved-{int(time.time())}"))
    else:
        path.unlink(missing_ok=True)  # a link goes, never what it points to
    for suffix in ("-wal", "-shm", "-journal"):
        side = path.with_name(path.name + suffix)
        if side.is_dir() and not side.is_symlink():
            side.rename(side.with_name(f"{side.name}.moved-{int(time.time())}"))
        else:
            side.unlink(missing_ok=True)


def _writable(path: Path) -> bool:
    folder = path.parent
    if not os.access(folder, os.W_OK) or (path.exists() and not os.access(path, os.W_OK)):
        return False
    try:
        return shutil.disk_usage(folder).free >= MIN_FREE_BYTES
    except OSError:
        return False


def _private_copy(path: Path) -> sqlite3.Connection:
    """A read-only home or a full disk: work on a copy in memory, so that reading still works."""
    conn = sqlite3.connect(":memory:", isolation_level=None)
    if path.exists():
        try:
            src = sqlite3.connect(f"{path.resolve().as_uri()}?immutable=1", uri=True)
            try:
                src.backup(conn)
            finally:
                src.close()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot read {path} ({exc}); it cannot be rebuilt in a read-only or full home") from exc
    migrate(conn, MIGRATIONS)
    return conn
