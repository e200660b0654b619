"""The search index's tables in the cache DB: documents, their texts, the FTS5 table and its vocabulary.

The core decides what goes in (tui/core/library/index.py); this module only reads and writes rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from tui.store.cache import cache_db, get_meta, set_meta

Document = tuple[str, str, str, str, str]
_writes = 0  # index transactions committed by this process  # article, title, script, text, sections (JSON)


class IndexStore:
    def __init__(self, conn: sqlite3.Connection | None = None) -> None:
        self.conn = conn or cache_db()
        self._lengths: tuple[tuple[int, int], dict[int, int]] | None = None

    @contextmanager
    def writing(self) -> Iterator[IndexStore]:
        """One write transaction for a whole sync, taken up front."""
        self.conn.execute("BEGIN IMMEDIATE")
        try:
            yield self
            self.conn.execute("COMMIT")
            global _writes
            _writes += 1
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise

    def get_meta(self, key: str) -> str | None:
        return get_meta(self.conn, key)

    def set_meta(self, key: str, value: str) -> None:
        set_meta(self.conn, key, value)

    def clear(self) -> None:
        self.conn.execute("DELETE FROM search_doc")
        self.conn.execute("DELETE FROM search_text")
        self.conn.execute("INSERT INTO search_fts (search_fts) VALUES ('delete-all')")

    def stamps(self) -> dict[str, tuple[int, str]]:
        """Article id -> (doc id, file stamp) of everything indexed."""
        return {a: (i, s) for i, a, s in self.conn.execute("SELECT id, article, stamp FROM search_doc")}

    def text(self, doc_id: int) -> str:
        (text,) = self.conn.execute("SELECT text FROM search_text WHERE id = ?", (doc_id,)).fetchone()
        return str(text)

    def delete(self, doc_id: int, uni: str, bi: str) -> None:
        """Remove a document; an external-content FTS5 table needs the columns it was given."""
        self.conn.execute(
            "INSERT INTO search_fts (search_fts, rowid, uni, bi) VALUES ('delete', ?, ?, ?)", (doc_id, uni, bi)
        )
        self.conn.execute("DELETE FROM search_doc WHERE id = ?", (doc_id,))
        self.conn.execute("DELETE FROM search_text WHERE id = ?", (doc_id,))

    def insert(
        self, article: str, stamp: str, title: str, script: str, text: str, sections: str, uni: str, bi: str
    ) -> int:
        cur = self.conn.execute(
            "INSERT INTO search_doc (article, stamp, title, script, length, sections) VALUES (?, ?, ?, ?, ?, ?)",
            (article, stamp, title, script, len(text), sections),
        )
        doc_id = int(cur.lastrowid or 0)
        self.conn.execute("INSERT INTO search_text (id, text) VALUES (?, ?)", (doc_id, text))
        self.conn.execute("INSERT INTO search_fts (rowid, uni, bi) VALUES (?, ?, ?)", (doc_id, uni, bi))
        return doc_id

    def count_and_length(self) -> tuple[int, int]:
        """(documents, characters) indexed, counted from the rows."""
        rows, chars = self.conn.execute("SELECT count(*), coalesce(sum(length), 0) FROM search_doc").fetchone()
        return int(rows), int(chars)

    def doc_ids(self, articles: list[str] | None = None) -> dict[int, str]:
        sql = "SELECT id, article FROM search_doc"
        if articles is None:
            return dict(self.conn.execute(sql).fetchall())
        marks = ",".join("?" * len(articles))
        return dict(self.conn.execute(f"{sql} WHERE article IN ({marks})", articles).fetchall())

    def articles_of(self, doc_ids: Iterable[int]) -> dict[int, str]:
        """Doc id -> article id for these documents."""
        return self._by_id("article", list(doc_ids))

    def scripts(self, doc_ids: Iterable[int]) -> dict[int, str]:
        """Doc id -> detected script for these documents."""
        return self._by_id("script", list(doc_ids))

    def _by_id(self, column: str, ids: list[int]) -> dict[int, str]:
        if len(ids) > 500:  # one scan beats many IN lists
            wanted = set(ids)
            rows = self.conn.execute(f"SELECT id, {column} FROM search_doc").fetchall()
            return {i: v for i, v in rows if i in wanted}
        marks = ",".join("?" * len(ids))
        return dict(self.conn.execute(f"SELECT id, {column} FROM search_doc WHERE id IN ({marks})", ids).fetchall())

    def matches(self, query: str, best: int | None = None) -> list[tuple[int, float, int]]:
        """(doc id, bm25 score, length) of the documents matching an FTS5 query; with `best`,
        only that many, best-weighted first."""
        if best is None:
            lengths = self.lengths()
            rows = self.conn.execute(
                "SELECT rowid, bm25(search_fts) FROM search_fts WHERE search_fts MATCH ?", (query,)
            )
            return [(i, score, lengths[i]) for i, score in rows]
        # Ranked first, joined after: the lengths of the kept rows only.
        return self.conn.execute(
            "SELECT r.id, r.score, d.length FROM (SELECT rowid AS id, bm25(search_fts) AS score FROM search_fts "
            "WHERE search_fts MATCH ? ORDER BY rank LIMIT ?) r JOIN search_doc d ON d.id = r.id ORDER BY r.score",
            (query, best),
        ).fetchall()

    def longest(self, n: int, above: int) -> list[tuple[int, int]]:
        """(doc id, length) of the `n` longest indexed texts longer than `above`, longest first."""
        return self.conn.execute(
            "SELECT id, length FROM search_doc WHERE length > ? ORDER BY length DESC, id LIMIT ?", (above, n)
        ).fetchall()

    def longest_upto(self, most: int) -> int:
        """The length of the longest indexed text of at most `most` characters (0 if none)."""
        (n,) = self.conn.execute(
            "SELECT coalesce(max(length), 0) FROM search_doc WHERE length <= ?", (most,)
        ).fetchone()
        return int(n)

    def lengths(self) -> dict[int, int]:
        """Doc id -> length of every document, kept while the index is unchanged: joining them in
        costs a fifth of a query that matches most documents."""
        # data_version changes when another connection commits; _writes when this process's do.
        stamp = (self.conn.execute("PRAGMA data_version").fetchone()[0], _writes)
        if self._lengths is None or self._lengths[0] != stamp:
            self._lengths = (stamp, dict(self.conn.execute("SELECT id, length FROM search_doc").fetchall()))
        return self._lengths[1]

    def match_count(self, query: str) -> int:
        """How many documents match an FTS5 query, without scoring them."""
        (n,) = self.conn.execute("SELECT count(*) FROM search_fts WHERE search_fts MATCH ?", (query,)).fetchone()
        return int(n)

    def vocab(self, token: str) -> tuple[int, int]:
        """(occurrences, documents) of one indexed token, from FTS5's own counts."""
        row = self.conn.execute("SELECT cnt, doc FROM search_vocab WHERE term = ?", (token,)).fetchone()
        return (int(row[0]), int(row[1])) if row else (0, 0)

    def document(self, doc_id: int) -> Document:
        row = self.conn.execute(
            "SELECT article, title, script, text, sections FROM search_doc JOIN search_text USING (id) WHERE id = ?",
            (doc_id,),
        ).fetchone()
        return (row[0], row[1], row[2], row[3], row[4])
