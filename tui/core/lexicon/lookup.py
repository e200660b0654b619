"""Word lookup: dictionary senses, pinyin, HSK level, glossary entries and where it occurs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, TypedDict

from tui.core.jsonable import to_json
from tui.core.lexicon import hsk
from tui.core.lexicon.dictionary import Dictionary, Entry, single_reading
from tui.core.lexicon.glossary import Entry as GlossaryEntry
from tui.core.lexicon.glossary import Glossary, normalise, syllables_of
from tui.core.lexicon.senses import rank
from tui.core.text.chars import has_han, is_han
from tui.core.text.pinyin import join_word, readings
from tui.core.text.script import converter, to_simplified_same_length
from tui.errors import UserError


@dataclass(frozen=True, slots=True)
class Occurrence:
    article: str
    count: int


def count_in(normalised_text: str, word: str) -> int:
    """Occurrences of `word` in a normalised reading text, either script, overlapping ones
    included: the one count every view gives (it is what the search index counts)."""
    from tui.core.library.index import find_all

    key = normalise(word)
    return len(find_all(normalised_text, key)) if key.strip() else 0


def library_counts(word: str, sync: bool = True) -> dict[str, int]:
    """Article id -> occurrences of `word` in its reading text (either script), from the search index.

    Library-wide counts never scan the texts: the index has them (`count_in` for one text).
    """
    from tui.core.library.index import SearchIndex

    key = normalise(word)
    if not key.strip():
        return {}
    index = SearchIndex()
    if sync:
        index.sync()
    ids = index.doc_ids()
    return {
        ids[d]: n for d, n in sorted(index.doc_counts(key).items(), key=lambda x: ids.get(x[0], "")) if n and d in ids
    }


def library_total(word: str) -> int:
    """Occurrences of `word` in the whole library (either script), from the index's own counts."""
    from tui.core.library.index import SearchIndex

    key = normalise(word)
    return SearchIndex().total(key)[0] if key.strip() else 0


def occurrences(word: str, texts: Sequence[tuple[str, str]] | None = None) -> list[Occurrence]:
    """Where `word` occurs: from the given (id, normalised text) pairs, else from the search index."""
    if texts is None:
        return [Occurrence(aid, n) for aid, n in library_counts(word).items()]
    found = [Occurrence(aid, count_in(text, word)) for aid, text in texts]
    return [o for o in found if o.count]


# `lookup --json` as it stands: typed dicts, so readers need no narrowing.
class Definition(TypedDict):
    simplified: str
    traditional: str
    pinyin: str
    english: list[str]


class Character(TypedDict):
    character: str
    simplified: str
    traditional: str
    pinyin: str
    english: list[str]
    hsk: str | None


class Depth(TypedDict):
    decomposition: list[dict[str, Any]]
    examples: list[dict[str, Any]]


class Lookup(Depth):
    query: str
    simplified: str
    traditional: str
    pinyin: str
    pinyin_numbers: str
    zhuyin: str
    hsk: str | None
    definitions: list[Definition]
    characters: list[Character]
    occurrences: list[dict[str, Any]]
    glossary: list[dict[str, Any]]


def _definition(entry: Entry) -> Definition:
    return {
        "simplified": entry.simplified,
        "traditional": entry.traditional,
        "pinyin": join_word(entry.syllables, "marks"),
        "english": list(entry.english),
    }


def word_syllables(simplified: str, entries: list[Entry], glossary: Glossary) -> list[str]:
    """The reading of a word out of context: glossary, CC-CEDICT, then pypinyin."""
    entry = glossary.find(simplified)
    if entry is not None and normalise(entry.term) == normalise(simplified):
        try:
            return syllables_of(entry)
        except UserError:
            pass  # a malformed glossary reading: fall back to the dictionary
    reading = single_reading(entries) or (entries[0].pinyin if entries else None)
    if reading and len(reading.split()) == len(simplified):
        return reading.split()
    # Out of context: the context model would only cost its start-up (lookup is kept under 0.3 s).
    return [s for s in readings([simplified], context_model=False)[0] if s]


def syllables_of_safe(entry: GlossaryEntry) -> list[str]:
    try:
        return syllables_of(entry)
    except UserError:
        return []


def lookup(
    word: str, glossary: Glossary | None = None, dictionary: Dictionary | None = None, examples: int = 3
) -> Lookup:
    word = word.strip()
    glossary = glossary or Glossary.load()
    dictionary = dictionary or Dictionary()
    simplified = to_simplified_same_length(word)
    entries = dictionary.entries(word)
    if not entries and simplified != word:
        entries = dictionary.entries(simplified)
    found = glossary.find(word)
    entries = rank(entries, surface=word, glossary_english=found.english if found is not None else None)
    traditional = entries[0].traditional if entries else str(converter("s2t").convert(simplified))
    syllables = word_syllables(simplified, entries, glossary) if has_han(word) else []
    characters: list[Character] = []
    if not entries:
        for ch in dict.fromkeys(c for c in word if is_han(c)):
            char_entries = dictionary.entries(ch)
            simp = to_simplified_same_length(ch)
            characters.append(
                {
                    "character": ch,
                    "simplified": simp,
                    "traditional": char_entries[0].traditional if char_entries else ch,
                    "pinyin": join_word(word_syllables(simp, char_entries, glossary), "marks"),
                    "english": [s for e in char_entries for s in e.english],
                    "hsk": hsk.label(hsk.level_of_one(simp)),
                }
            )
    terms = []
    exact = glossary.find(word)
    if exact is not None:
        terms.append(exact)
    for match in glossary.matches(word):
        if match.entry not in terms:
            terms.append(match.entry)
    # A glossary term is written as the glossary spells it (Rì-Měi tóngméng).
    spelled = exact.pinyin if exact is not None and len(syllables) == len(syllables_of_safe(exact)) else None
    return {
        "query": word,
        "simplified": simplified,
        "traditional": traditional,
        "pinyin": join_word(syllables, "marks", spelled),
        "pinyin_numbers": join_word(syllables, "numbers"),
        "zhuyin": join_word(syllables, "zhuyin"),
        "hsk": hsk.label(hsk.level_of_one(simplified)),
        "definitions": [_definition(e) for e in entries],
        "characters": characters,
        "occurrences": to_json(occurrences(word)),
        "glossary": to_json(terms),
        **depth(word, examples),
    }


def depth(word: str, examples: int = 3) -> Depth:
    """The word's characters taken apart, and up to `examples` sentences from the library."""
    from tui.core.lexicon.examples import examples as library_examples
    from tui.core.lexicon.hanzi import decompose

    return {
        "decomposition": decompose(word),
        "examples": to_json(library_examples(word, examples)) if has_han(word) else [],
    }


def found_anything(result: Lookup) -> bool:
    chars = result["characters"]
    return bool(
        result["definitions"] or any(c["english"] for c in chars) or result["glossary"] or result["occurrences"]
    )
