"""Each article file's summary (metadata, script, length, content hash) in the cache DB, by file stamp.

A stamp is the file's size, mtime and inode: when it differs, the row is stale and the core
reads the file again.
"""

from __future__ import annotations

import os
import sqlite3
from typing import NamedTuple

from tui.store.cache import cache_db


class Summary(NamedTuple):  # a tuple: made for every article file on every `list`
    stamp: str
    content_hash: str
    title: str | None  # as the text gives it; None when it gives none
    source: str | None
    author: str | None
    date: str | None
    script: str
    length: int  # characters of the reading text
    text_hash: str  # SHA-256 of the reading text (the analysis cache's key)


# What a summary holds, by its form: a row of another form is stale (2: a document's note read too).
FORM = "2"


def stamp_of(st: os.stat_result) -> str:
    return f"{FORM}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def all_summaries(conn: sqlite3.Connection | None = None) -> dict[str, Summary]:
    """Path -> summary of every article file summarised so far (one query, however many)."""
    rows = (conn or cache_db()).execute(
        "SELECT path, stamp, content_hash, title, source, author, date, script, length, text_hash FROM article_summary"
    )
    return {row[0]: Summary(*row[1:]) for row in rows}


def put_summary(path: str, summary: Summary, conn: sqlite3.Connection | None = None) -> None:
    (conn or cache_db()).execute(
        "INSERT OR REPLACE INTO article_summary "
        "(path, stamp, content_hash, title, source, author, date, script, length, text_hash) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (path, *summary),
    )
