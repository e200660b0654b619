"""Senses in context: which CC-CEDICT entry, and which of its senses, fits this word here.

CC-CEDICT lists entries and senses in no order a reader can rely on (在 "to exist"
first, 月 "moon" before "month", 据 with its variant 㨿). Entries are ranked by, in
order: the glossary's meaning for a glossary term (川普 Trump); the form the article
writes (據 in a Traditional text); the reading chosen in context (还 huán "to pay
back"); real senses before "variant of", "used in" and surname entries; and a few
context cues for common words. The user's own choice (`e`) is applied on top of this.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import replace

from tui.core.lexicon.dictionary import Entry

# Senses that only point elsewhere or name a surname: below every real sense.
_SECONDARY = re.compile(
    r"^(\(\w+\) )?((old|archaic|ancient|unofficial|Japanese|Korean|erhua) )*variant of\b"
    r"|^(\(\w+\) )?surname\b|^see\b|^used in\b|^also written\b|^abbr\. for\b|^CL:|^Taiwan pr\.",
    re.IGNORECASE,
)
_NUMERALS = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十两〇零几~～-–—")


def is_secondary(sense: str) -> bool:
    return bool(_SECONDARY.search(sense))


def _always(before: str, after: str) -> bool:
    return True


# (word, cue on the text before and after it, a word that starts the sense to put first).
# The defaults for common words are the sense a reader of news text needs, where
# CC-CEDICT happens to list a rarer one first.
_CUES: tuple[tuple[str, Callable[[str, str], bool], str], ...] = (
    ("月", lambda b, a: b[-1:] in _NUMERALS, "month"),
    ("表", lambda b, a: a[:1] in _NUMERALS, "a table"),
    ("在", _always, "(of sb or sth) to be (located) at"),
    ("高层", _always, "high level"),
    ("里", _always, "inside"),
    ("说", _always, "to speak"),
)


def _cue(word: str, before: str, after: str) -> str | None:
    for cue_word, applies, sense in _CUES:
        if cue_word == word and applies(before, after):
            return sense
    return None


def context_cue(word: str, before: str, after: str) -> str | None:
    """All that `rank` reads of `before` and `after`: a word's first sense, memoised by it,
    is the same wherever the cue is (annotate ranks each word once per cue, not per token)."""
    return _cue(word, before, after)


def _reading_distance(entry: Entry, reading: Sequence[str] | None) -> int:
    if not reading:
        return 0
    theirs = [s.lower() for s in entry.syllables]
    ours = [s.lower() for s in reading if s]
    if theirs == ours:
        return 0
    if [s.rstrip("012345") for s in theirs] == [s.rstrip("012345") for s in ours]:
        return 1  # a tone apart (neutral tone, sandhi in the dictionary)
    return 2


def _mentions(sense: str, english: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z]+", english) if len(w) > 2]
    return any(re.search(rf"\b{re.escape(w)}\b", sense, re.IGNORECASE) for w in words)


def rank(
    entries: Sequence[Entry],
    *,
    surface: str = "",
    reading: Sequence[str] | None = None,
    before: str = "",
    after: str = "",
    glossary_english: str | None = None,
) -> list[Entry]:
    """The entries for a word, best first, each with its senses in order of fit.

    `surface` is the word as the article writes it: where some entries have exactly
    that form (據), the others (㨿, 据 jū) are left out. `reading` is its syllables in
    context; `before` and `after` the text around it.
    """
    if not entries:
        return []
    word = entries[0].simplified
    if surface:
        same_form = [e for e in entries if surface in (e.traditional, e.simplified)]
        written = [e for e in same_form if e.traditional == surface] if surface != word else same_form
        entries = written or same_form or list(entries)
    cue = _cue(word, before, after)

    def sense_key(sense: str) -> tuple[int, int, int]:
        wanted = glossary_english is not None and _mentions(sense, glossary_english)
        cued = cue is not None and sense.startswith(cue)
        return (0 if wanted else 1, 0 if cued else 1, 1 if is_secondary(sense) and not wanted else 0)

    ranked: list[tuple[tuple[int, ...], Entry]] = []
    for n, entry in enumerate(entries):
        order = sorted(range(len(entry.english)), key=lambda i: (*sense_key(entry.english[i]), i))
        senses = tuple(entry.english[i] for i in order)
        glossary_hit = glossary_english is not None and any(_mentions(s, glossary_english) for s in senses)
        cue_hit = cue is not None and any(s.startswith(cue) for s in senses)
        only_secondary = not glossary_hit and all(is_secondary(s) for s in senses)
        key = (
            0 if glossary_hit else 1,
            _reading_distance(entry, reading),
            1 if only_secondary else 0,
            0 if cue_hit else 1,
            1 if entry.pinyin[:1].isupper() and reading and not reading[0][:1].isupper() else 0,
            n,
        )
        ranked.append((key, replace(entry, english=senses)))
    ranked.sort(key=lambda pair: pair[0])
    return [entry for _, entry in ranked]


def first_sense(entries: Sequence[Entry]) -> str:
    """The sense to show first for entries already ranked, or ""."""
    for entry in entries:
        for sense in entry.english:
            return sense
    return ""
