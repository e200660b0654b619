"""The search index's tables in the cache DB: documents, their texts, the FTS5 table and its vocabulary.

The core decides what goes in (tui/core/library/index.py); this module only reads and writes rows.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Iterator
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

    def matches(self, query: str) -> list[tuple[int, float, int]]:
        """(doc id, bm25 score, length) of every document matching an FTS5 query."""
        lengths = self.lengths()
        rows = self.conn.execute("SELECT rowid, bm25(search_fts) FROM search_fts WHERE search_fts MATCH ?", (query,))
        return [(i, score, lengths[i]) for i, score in rows]

    def top_counts(
        self, query: str, n: int, idf: Callable[[int], float], avgdl: float, k1: float, b: float, script: str | None
    ) -> tuple[list[tuple[int, int, bool]], tuple[int, int, int]]:
        """The `n` documents with most hits of a one-phrase FTS5 query, as (doc id, hits, in `script`),
        those in `script` first (all alike when it is None), then by doc id; and (matching
        documents, hits in all, documents whose hits are not a whole number), in one bm25 pass.

        Hits are solved back from bm25 as SearchIndex._counts does (tui/core/library/index.py),
        here in SQL: ranking 10,000 rows in Python cost more than scoring them. `idf(matching)`
        is bm25's idf, called once, with the count of the rows already scored.
        """
        self.conn.create_function("yuedu_idf", 1, idf, deterministic=True)
        rows = self.conn.execute(
            # MATERIALIZED: once flattened, every use of the score would call bm25 again.
            """
            WITH m AS MATERIALIZED (
                SELECT rowid AS id, bm25(search_fts) AS score FROM search_fts WHERE search_fts MATCH :query
            ),
            i AS MATERIALIZED (SELECT yuedu_idf(count(*)) AS idf FROM m),
            c AS (
                SELECT m.id, (:script IS NULL OR d.script = :script) AS exact, -m.score / i.idf AS sat, d.length
                FROM m JOIN search_doc d ON d.id = m.id, i
            ),
            h AS (
                SELECT id, exact,
                    CASE WHEN sat < :k1 + 1 THEN sat * :k1 * (1 - :b + :b * 2 * length / :avgdl) / (:k1 + 1 - sat) END
                    AS hits
                FROM c
            ),
            r AS MATERIALIZED (
                SELECT id, exact, round(hits) AS hits, (hits IS NULL OR abs(hits - round(hits)) > 0.01) AS odd FROM h
            )
            SELECT * FROM (SELECT 0, id, hits, exact FROM r ORDER BY odd DESC, exact DESC, hits DESC, id LIMIT :n)
            UNION ALL SELECT 1, count(*), total(hits), total(odd) FROM r
            """,
            {"query": query, "n": n, "avgdl": avgdl, "k1": k1, "b": b, "script": script},
        ).fetchall()
        top = [(int(i), int(h), bool(e)) for summary, i, h, e in rows if not summary and h is not None]
        (matching, hits, odd) = next((int(a), int(h), int(o)) for summary, a, h, o in rows if summary)
        top.sort(key=lambda r: (not r[2], -r[1], r[0]))
        return top, (matching, hits, odd)

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
