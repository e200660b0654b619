"""Your fixes: a word's reading, and the sense to show first, set by the user for every text.

The top authority in the pinyin pipeline (above the glossary and the dictionary: the
analyser's overrides, `word_syllables` for lookup) and in sense ranking (`senses.rank`
puts the fixed reading's entry and the fixed sense first). Set with `yuedu fix WORD PINYIN
[--sense N]` or `f` in the reader, listed with `yuedu fix list`, undone with `yuedu fix
remove WORD` (which also undoes the word's split or merge, `x`/`m`). Stored in the study DB.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from tui.core.text.chars import han_count, has_han
from tui.errors import UserError

if TYPE_CHECKING:
    from tui.core.lexicon.dictionary import Dictionary, Entry
    from tui.store.study import Study

MAX_WORD = 16


@dataclass(frozen=True, slots=True)
class Fix:
    word: str  # Simplified, as the analysis keys words
    syllables: tuple[str, ...]  # tone numbers, one per Han character (neutral tone 5)
    sense: str  # the sense to show first, "" for the dictionary's order
    added: float


_loaded: tuple[str, dict[str, Fix]] | None = None


def _home_key() -> str:
    return os.environ.get("YUEDU_HOME", "")  # asked per ranked word: no stat


def load() -> dict[str, Fix]:
    """Every reading fix, by Simplified word: read from the study DB once per process and home
    (`forget()` after a change). A study DB that cannot be read gives none: reading goes on."""
    global _loaded
    key = _home_key()
    if _loaded is None or _loaded[0] != key:
        from tui.store.db import DatabaseError, StoreError
        from tui.store.study import Study

        try:
            rows = Study().reading_fixes()
        except (StoreError, DatabaseError, OSError):  # said by whatever writes; reading goes on
            rows = []
        _loaded = (key, {w: Fix(w, syl, sense, added) for w, syl, sense, added in rows})
    return _loaded[1]


def forget() -> None:
    global _loaded
    _loaded = None


def syllables(word: str) -> tuple[str, ...] | None:
    fix = load().get(word)
    return fix.syllables if fix is not None else None


def _same_reading(entry: Entry, syllables: Sequence[str]) -> bool:
    return [s.lower() for s in entry.syllables] == [s.lower() for s in syllables]


def applied(word: str, entries: list[Entry]) -> list[Entry]:
    """Entries already ranked, with the user's fix on top: the entries read as fixed first (in
    their order), and in the first of them the fixed sense first."""
    fix = load().get(word) if entries else None
    if fix is None:
        return entries
    matching = [e for e in entries if _same_reading(e, fix.syllables)]
    if not matching:
        return entries
    rest = [e for e in entries if not _same_reading(e, fix.syllables)]
    if fix.sense:
        for i, entry in enumerate(matching):
            if fix.sense in entry.english:
                senses = (fix.sense, *(s for s in entry.english if s != fix.sense))
                matching = [replace(entry, english=senses), *matching[:i], *matching[i + 1 :]]
                break
    return matching + rest


def senses_read(word: str, syllables: Sequence[str], dictionary: Dictionary) -> list[str]:
    """The dictionary's senses of `word` read as `syllables`, in CC-CEDICT's order: what `--sense N` counts."""
    return [s for e in dictionary.entries(word) if _same_reading(e, syllables) for s in e.english]


def make(word: str, pinyin: str, sense: int | None = None, dictionary: Dictionary | None = None) -> Fix:
    """A fix from what the user typed, checked: UserError (one line) for anything wrong."""
    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.text.pinyin import parse, render
    from tui.core.text.script import to_simplified_same_length

    word = word.strip()
    if not has_han(word) or han_count(word) != len(word):
        raise UserError(f"{word!r}: a fix is for a word written in Chinese characters only")
    if len(word) > MAX_WORD:
        raise UserError(f"{word!r}: a word of at most {MAX_WORD} characters")
    simplified = to_simplified_same_length(word)
    typed = [s for group in parse(pinyin) for s in group]  # UserError: not pinyin
    syllables = tuple(s[:-1] + "5" if s.endswith("0") else s for s in typed)  # no tone mark: neutral
    if re.search(r"\d\d", pinyin):
        raise UserError(f"not pinyin: {pinyin!r}")  # parse keeps the last digit: hang10 is not hang
    if bad := next((s for s in syllables if s[-1] not in "12345"), None):
        raise UserError(f"{pinyin!r}: no tone {bad[-1]} in pinyin (1-4, 5 or none for the neutral tone)")
    if len(syllables) != len(word):
        raise UserError(f"{pinyin!r}: {len(syllables)} syllables for the {len(word)} characters of {word}")
    chosen = ""
    if sense is not None:
        dictionary = dictionary or Dictionary()
        senses = senses_read(simplified, syllables, dictionary)
        shown = "".join(render(s, "marks") for s in syllables)
        if not senses:
            raise UserError(f"--sense: the dictionary has no sense of {word} read {shown}")
        if not 1 <= sense <= len(senses):
            raise UserError(f"--sense {sense}: {word} read {shown} has senses 1 to {len(senses)}")
        chosen = senses[sense - 1]
    return Fix(simplified, syllables, chosen, time.time())


def save(fix: Fix, study: Study | None = None) -> None:
    from tui.store.study import Study

    (study or Study()).fix_reading(fix.word, list(fix.syllables), fix.sense)
    forget()


def remove(word: str) -> tuple[bool, bool]:
    """Undo the word's reading fix and its split or merge: (a reading was removed, a segmentation was)."""
    from tui.core.text.script import to_simplified_same_length
    from tui.store.study import Study

    removed = Study().remove_fixes(to_simplified_same_length(word.strip()))
    forget()
    return removed
