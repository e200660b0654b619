"""CC-CEDICT's tables in the cache DB: entries by either script, by toneless pinyin and by English.

The core parses the file and ranks what comes back (tui/core/lexicon/dictionary.py).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable

from tui.store.cache import cache_db, get_meta, set_meta

Row = tuple[str, str, str, str]  # simplified, traditional, pinyin, english ("/"-joined senses)
_COLUMNS = "simplified, traditional, pinyin, english"


class DictionaryStore:
    def __init__(self, conn: sqlite3.Connection | None = None) -> None:
        self.conn = conn or cache_db()

    def version(self) -> str | None:
        return get_meta(self.conn, "cedict")

    def build(self, version: str, rows: Callable[[], Iterable[Row]], toneless_key: Callable[[str], str]) -> None:
        """Fill the tables from `rows` unless another process built this version meanwhile.

        `toneless_key` maps a tone-number reading to the key typed pinyin is looked up by."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            if get_meta(conn, "cedict") != version:
                conn.execute("DELETE FROM cedict")
                conn.executemany("INSERT INTO cedict VALUES (?, ?, ?, ?)", rows())
                conn.execute("DELETE FROM cedict_toneless")
                conn.executemany(
                    "INSERT INTO cedict_toneless VALUES (?, ?, ?)",
                    (
                        (toneless_key(p), s, p)
                        for s, p in conn.execute("SELECT DISTINCT simplified, pinyin FROM cedict").fetchall()
                    ),
                )
                conn.execute("INSERT INTO cedict_english (cedict_english) VALUES ('rebuild')")
                set_meta(conn, "cedict", version)
            conn.execute("COMMIT")
        except BaseException:
            conn.execute("ROLLBACK")
            raise

    def by_word(self, word: str) -> list[Row]:
        """Rows whose simplified form is `word`, then those whose traditional form is."""
        return self.conn.execute(
            f"SELECT {_COLUMNS} FROM cedict WHERE simplified = ? UNION ALL "
            f"SELECT {_COLUMNS} FROM cedict WHERE traditional = ? AND simplified != ?",
            (word, word, word),
        ).fetchall()

    def by_simplified(self, words: list[str]) -> list[Row]:
        """Rows for any of these simplified forms (at most a few hundred at a time)."""
        marks = ",".join("?" * len(words))
        return self.conn.execute(f"SELECT {_COLUMNS} FROM cedict WHERE simplified IN ({marks})", words).fetchall()

    def by_toneless(self, key: str) -> list[Row]:
        return self.conn.execute(
            "SELECT DISTINCT c.simplified, c.traditional, c.pinyin, c.english FROM cedict_toneless t "
            "JOIN cedict c ON c.simplified = t.simplified AND c.pinyin = t.pinyin WHERE t.key = ?",
            (key,),
        ).fetchall()

    def by_english(self, phrase: str, limit: int) -> list[Row]:
        """Rows whose senses hold this phrase (already reduced to words), best-matching first."""
        return self.conn.execute(
            "SELECT c.simplified, c.traditional, c.pinyin, c.english FROM cedict_english "
            "JOIN cedict c ON c.rowid = cedict_english.rowid "
            "WHERE cedict_english MATCH ? ORDER BY rank LIMIT ?",
            (f'"{phrase}"', limit),
        ).fetchall()
