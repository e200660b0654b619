"""SQLite connections: WAL mode, a short busy timeout, versioned schemas, and errors told plainly."""

from __future__ import annotations

import errno
import os
import sqlite3
import threading
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from tui.errors import UserError

# Long enough for another yuedu's one-action transaction to finish, short enough that a
# lock held elsewhere is reported before the user wonders whether we hung.
BUSY_TIMEOUT_MS = 2_000

# What any SQLite call may raise, for the layers above that must not import sqlite3 themselves.
DatabaseError = sqlite3.Error


class StoreError(UserError):
    """A database we cannot use as asked: locked, damaged, read-only, or the disk is full."""

    told = False  # its one line is already on stderr (a notice when the DB was opened)


class Locked(StoreError):
    pass


class Damaged(StoreError):
    pass


class ReadOnlyConnection(sqlite3.Connection):
    """Opened read-only because writing cannot work (a read-only home, a full disk); `reason` says which."""

    reason: str | None = None  # "study.sqlite is read-only", set once opened: writes are refused from then on
    told = False  # the reason was given as a notice when opened: a refused write adds no second line


def connect(
    path: Path, timeout_ms: int = BUSY_TIMEOUT_MS, factory: type[sqlite3.Connection] = sqlite3.Connection
) -> sqlite3.Connection:
    from tui.store import files

    path.parent.mkdir(mode=files.DIR_MODE, parents=True, exist_ok=True)
    refuse_odd_files(path)
    files.create_private(path)  # 0600, and SQLite gives its -wal and -shm the same mode
    conn = sqlite3.connect(path, timeout=timeout_ms / 1000, isolation_level=None, factory=factory)
    conn.execute(f"PRAGMA busy_timeout = {timeout_ms}")
    if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
        conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("PRAGMA synchronous = NORMAL")
    return conn


SIDE_FILES = ("-wal", "-shm", "-journal")


def refuse_odd_files(path: Path) -> None:
    """Refused (an OSError) when the DB file or its -wal, -shm or -journal is not a regular file:
    SQLite would follow a link out of the home, and block on a FIFO."""
    from tui.store import files

    for name in (path.name, *(path.name + s for s in SIDE_FILES)):
        wrong = files.not_regular(path.with_name(name))
        if wrong is not None:
            raise files.Refused(path.with_name(name), wrong)


_local = threading.local()


def thread_connection(path: Path, setup: Callable[[Path], sqlite3.Connection]) -> sqlite3.Connection:
    """One connection per thread and DB file, opened (checked, migrated) by `setup` when first used."""
    conns: dict[Path, sqlite3.Connection] = _local.__dict__.setdefault("conns", {})
    conn = conns.get(path)
    if conn is None:
        conn = setup(path)
        conns[path] = conn
    return conn


def forget_connection(path: Path) -> None:
    """Close this thread's connection to `path`, so that the next use opens the file afresh."""
    conns: dict[Path, sqlite3.Connection] = _local.__dict__.setdefault("conns", {})
    conn = conns.pop(path, None)
    if conn is not None:
        conn.close()


def db_name(conn: sqlite3.Connection) -> str:
    row = conn.execute("PRAGMA database_list").fetchone()
    return Path(row[2]).name if row and row[2] else "the database"


@contextmanager
def transaction(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """One write transaction, taken up front so two processes queue instead of failing."""
    if isinstance(conn, ReadOnlyConnection) and conn.reason:
        error = StoreError(f"{conn.reason}: nothing was saved")
        error.told = conn.told
        raise error
    try:
        conn.execute("BEGIN IMMEDIATE")
    except sqlite3.OperationalError as exc:
        raise as_store_error(exc, db_name(conn)) from exc
    try:
        yield conn
        conn.execute("COMMIT")
    except BaseException as exc:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        if isinstance(exc, sqlite3.Error):
            raise as_store_error(exc, db_name(conn)) from exc
        raise


def as_store_error(exc: sqlite3.Error, name: str = "the database") -> StoreError | sqlite3.Error:
    """The one line to tell the user for a SQLite error, or the error itself if it is a bug."""
    message = explain(exc, name)
    if message is None:
        return exc
    return (Locked if "locked" in str(exc) else StoreError)(message)


def explain(exc: BaseException, name: str = "the database") -> str | None:
    """A one-line reason for an error the user's machine caused (lock, disk, permissions), else None."""
    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, sqlite3.Error):
        text = str(exc)
        if "locked" in text or "busy" in text:
            return f"{name} is locked by another process (another yuedu writing?); try again in a moment"
        if "readonly" in text or "read-only" in text:
            return f"{name} is read-only: nothing was saved"
        if "disk is full" in text:
            return "the disk is full: nothing was saved"
        if "unable to open" in text:
            return f"cannot open {name} (check the permissions of the yuedu home)"
        if "disk I/O error" in text:
            return f"{name}: disk I/O error (is the disk full or read-only?)"
        return None
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if exc.filename else ""
        if exc.errno == errno.ENOSPC or exc.errno == errno.EDQUOT:
            return f"{where}no space left on the device: nothing was saved"
        if exc.errno == errno.EFBIG:
            return f"{where}larger than the file size limit (ulimit -f): nothing was saved"
        if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
            return f"{where}read-only or not permitted: nothing was saved"
        if exc.errno in (errno.ENOTDIR, errno.EEXIST, errno.EISDIR):
            return f"{where}{exc.strerror}"
    return None


def migrate(conn: sqlite3.Connection, migrations: Sequence[str], before: Callable[[], object] | None = None) -> None:
    """Apply the migrations past PRAGMA user_version, each in its own transaction.

    `before` is called once before the first migration runs on an existing DB,
    so that a precious DB can be backed up first.
    """
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version >= len(migrations):
        return
    with transaction(conn):
        # Re-read under the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version and version < len(migrations) and before is not None:
            before()
        for number in range(version, len(migrations)):
            for statement in _statements(migrations[number]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")


def quick_check(path: Path, limit: int | None = None) -> str | None:
    """SQLite's quick_check on its own connection: None if the file is sound, else what is wrong."""
    pragma = "PRAGMA quick_check" if limit is None else f"PRAGMA quick_check({int(limit)})"
    try:
        conn = sqlite3.connect(path)
        try:
            result = conn.execute(pragma).fetchone()[0]
        finally:
            conn.close()
    except sqlite3.DatabaseError as exc:
        return str(exc)
    return None if result == "ok" else str(result)


def backup(source: Path, target: Path) -> None:
    """A consistent copy through SQLite's backup API: unlike copying the file, it has what is still in the WAL."""
    from tui.store import files

    files.private_dir(target.parent, parents=True)
    fd, partial = files.temporary_beside(target)  # private, and never a planted link
    os.close(fd)
    try:
        src = sqlite3.connect(source, timeout=BUSY_TIMEOUT_MS / 1000)
        dest = sqlite3.connect(partial)
        try:
            src.backup(dest)
        finally:
            dest.close()
            src.close()
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _statements(script: str) -> list[str]:
    return [s.strip() for s in script.split(";") if s.strip()]
