"""The study DB: precious user state. WAL, one transaction per user action, backed up before migrating."""

from __future__ import annotations

import shutil
import sqlite3
import time
from dataclasses import dataclass

from tui.core import paths
from tui.store.db import connect, migrate, transaction

MIGRATIONS = (
    """
    CREATE TABLE position (article TEXT PRIMARY KEY, offset INTEGER NOT NULL, updated REAL NOT NULL);
    CREATE TABLE vocab (
        word TEXT PRIMARY KEY,
        traditional TEXT NOT NULL,
        pinyin TEXT NOT NULL,
        english TEXT NOT NULL,
        status TEXT NOT NULL DEFAULT 'learning',
        sentence TEXT NOT NULL DEFAULT '',
        article TEXT,
        offset INTEGER,
        added REAL NOT NULL
    );
    CREATE TABLE bookmark (article TEXT NOT NULL, offset INTEGER NOT NULL, added REAL NOT NULL,
                           PRIMARY KEY (article, offset));
    """,
)


@dataclass(frozen=True, slots=True)
class SavedWord:
    word: str
    traditional: str
    pinyin: str
    english: str
    status: str
    sentence: str
    article: str | None
    offset: int | None
    added: float


def _backup() -> None:
    path = paths.study_db_path()
    if path.exists():
        shutil.copy2(path, path.with_suffix(f".backup-{int(time.time())}.sqlite"))


def study_db() -> sqlite3.Connection:
    conn = connect(paths.study_db_path())
    conn.execute("PRAGMA synchronous = FULL")  # acknowledged saves must survive a crash
    migrate(conn, MIGRATIONS, before=_backup)
    return conn


class Study:
    def __init__(self, conn: sqlite3.Connection | None = None) -> None:
        self.conn = conn or study_db()

    def save_position(self, article: str, offset: int) -> None:
        self.conn.execute(
            "INSERT INTO position (article, offset, updated) VALUES (?, ?, ?) "
            "ON CONFLICT(article) DO UPDATE SET offset = excluded.offset, updated = excluded.updated",
            (article, offset, time.time()),
        )

    def position(self, article: str) -> int | None:
        row = self.conn.execute("SELECT offset FROM position WHERE article = ?", (article,)).fetchone()
        return int(row[0]) if row else None

    def positions(self) -> dict[str, int]:
        return {a: int(o) for a, o in self.conn.execute("SELECT article, offset FROM position")}

    def save_word(self, word: SavedWord) -> None:
        self.conn.execute(
            "INSERT INTO vocab VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(word) DO UPDATE SET "
            "status = excluded.status, sentence = excluded.sentence, article = excluded.article, "
            "offset = excluded.offset",
            (
                word.word,
                word.traditional,
                word.pinyin,
                word.english,
                word.status,
                word.sentence,
                word.article,
                word.offset,
                word.added,
            ),
        )

    def toggle_bookmark(self, article: str, offset: int) -> bool:
        """Add a bookmark at the offset, or remove the one there; True if one is there now."""
        with transaction(self.conn):
            gone = self.conn.execute(
                "DELETE FROM bookmark WHERE article = ? AND offset = ?", (article, offset)
            ).rowcount
            if not gone:
                self.conn.execute("INSERT INTO bookmark VALUES (?, ?, ?)", (article, offset, time.time()))
        return not gone

    def bookmarks(self, article: str) -> list[int]:
        rows = self.conn.execute("SELECT offset FROM bookmark WHERE article = ? ORDER BY offset", (article,))
        return [int(r[0]) for r in rows]

    def words(self) -> list[SavedWord]:
        rows = self.conn.execute("SELECT * FROM vocab ORDER BY added").fetchall()
        return [SavedWord(*row) for row in rows]
