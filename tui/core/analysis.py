"""Analysis of a text: tokens, pinyin and glossary matches, cached on disk by content hash."""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING

from tui.core.chars import is_han
from tui.core.glossary import Glossary, Match, syllables_of
from tui.core.script import to_simplified_same_length
from tui.core.tokens import HAN, Segmenter, Token, tokenize

if TYPE_CHECKING:
    from tui.core.dictionary import Entry

# Bump when segmentation or pinyin logic changes: old cache rows are then ignored.
ANALYSER_VERSION = "4"


@dataclass(frozen=True, slots=True)
class Analysis:
    text: str
    simplified: str
    tokens: tuple[Token, ...]
    pinyin: tuple[tuple[str, ...], ...]  # per token, one tone-number syllable per character
    glossary: tuple[Match, ...]


class Analyzer:
    """Holds the heavy resources (jieba, CC-CEDICT, glossary), loaded lazily and once."""

    def __init__(self, glossary: Glossary | None = None, fixes: dict[str, tuple[str, ...]] | None = None) -> None:
        self._glossary = glossary
        self.fixes = fixes or {}
        self._lock = threading.Lock()

    @cached_property
    def glossary(self) -> Glossary:
        return self._glossary or Glossary.load()

    @cached_property
    def segment_fixes(self) -> dict[str, tuple[str, ...]]:
        """The user's split and merge fixes, from the study DB."""
        from tui.store.study import Study

        return Study().segment_fixes()

    @cached_property
    def segmenter(self) -> Segmenter:
        return Segmenter(self.glossary.han_forms(), self.segment_fixes)

    @cached_property
    def overrides(self) -> dict[str, tuple[str, ...]]:
        """Glossary readings for forms with one syllable per character, then the user's fixes."""
        from tui.core.errors import UserError
        from tui.core.glossary import normalise

        out: dict[str, tuple[str, ...]] = {}
        for entry in self.glossary.entries:
            try:
                syllables = tuple(syllables_of(entry))
            except UserError:
                continue
            for form in (entry.term, entry.traditional):
                key = normalise(form)
                if len(key) == len(syllables) and all(is_han(ch) for ch in key):
                    out[key] = syllables
        out.update(self.fixes)
        return out

    @cached_property
    def fingerprint(self) -> str:
        h = hashlib.sha256(ANALYSER_VERSION.encode())
        for word in self.segmenter_words():
            h.update(word.encode() + b"\0")
        for word, syllables in sorted(self.overrides.items()):
            h.update(f"{word}={' '.join(syllables)}\0".encode())
        for word, parts in sorted(self.segment_fixes.items()):
            h.update(f"{word}|{' '.join(parts)}\0".encode())
        return h.hexdigest()[:16]

    def segmenter_words(self) -> list[str]:
        return self.glossary.han_forms()

    def cedict_readings(self, words: Iterable[str]) -> dict[str, str]:
        from tui.core.dictionary import Dictionary

        dictionary = Dictionary()
        words = [w for w in words if len(w) > 1]
        out = _single_readings(dictionary.entries_by_simplified(words))
        # Words CC-CEDICT does not settle (日本首相, which jieba joined): the words inside them.
        inner = {w[i:j] for w in words if w not in out for i in range(len(w)) for j in range(i + 2, len(w) + 1)}
        inner -= set(words)
        out.update(_single_readings(dictionary.entries_by_simplified(inner)))
        return out

    def _split_compounds(
        self, tokens: list[Token], words: list[str], cedict: dict[str, str]
    ) -> tuple[list[Token], list[str]]:
        """Cut words jieba joined that CC-CEDICT lacks but whose parts it has (日本首相: 日本 首相).

        The parts are what a learner looks up, and GB/T 16159 writes them apart (Rìběn
        shǒuxiàng). Glossary terms and words the user kept whole stay whole.
        """
        from tui.core.pinyin import dictionary_cover

        out_tokens: list[Token] = []
        out_words: list[str] = []
        for token, word in zip(tokens, words):
            spans = []
            if len(word) >= 4 and token.kind == HAN and word not in cedict and word not in self.overrides:
                if self.segment_fixes.get(word) != (word,):
                    spans = dictionary_cover(word, cedict)
            if len(spans) < 2:
                out_tokens.append(token)
                out_words.append(word)
                continue
            for a, b in spans:
                out_tokens.append(Token(token.text[a:b], token.start + a, token.start + b, HAN))
                out_words.append(word[a:b])
        return out_tokens, out_words

    def cached(self, text: str) -> Analysis | None:
        """The analysis if it is in the cache, without running jieba."""
        key = hashlib.sha256(text.encode("utf-8")).hexdigest() + ":" + self.fingerprint
        return _load(key, text, self.glossary)

    def analyse(self, text: str, use_cache: bool = True) -> Analysis:
        key = hashlib.sha256(text.encode("utf-8")).hexdigest() + ":" + self.fingerprint
        if use_cache:
            cached = _load(key, text, self.glossary)
            if cached is not None:
                return cached
        with self._lock:
            analysis = self._analyse(text)
        if use_cache:
            _store(key, analysis)
        return analysis

    def _analyse(self, text: str) -> Analysis:
        from tui.core.pinyin import readings

        simplified = to_simplified_same_length(text)
        tokens = tokenize(text, simplified, self.segmenter)
        words = [simplified[t.start : t.end] for t in tokens]
        han_words = {w for w, t in zip(words, tokens) if t.kind == HAN}
        cedict = self.cedict_readings(han_words)
        tokens, words = self._split_compounds(tokens, words, cedict)
        pinyin = readings(words, self.overrides, cedict)
        matches = self.glossary.matches(text, simplified)
        return Analysis(text, simplified, tuple(tokens), tuple(pinyin), tuple(matches))


def written_tokens(analysis: Analysis, style: str = "marks", sandhi: bool = False) -> list[list[str]]:
    """Every token's pinyin as written (GB/T 16159-2012), one string per character.

    The one grouping used by the CLI, the reader's pinyin row and side panel, and
    exports: a glossary term is spelled the way the glossary writes it. `sandhi`
    gives spoken tones instead of citation tones.
    """
    from bisect import bisect_right

    from tui.core.glossary import normalise
    from tui.core.pinyin import spoken, written_syllables

    pinyin: Sequence[Sequence[str]] = analysis.pinyin
    if sandhi:
        pinyin = spoken([analysis.simplified[t.start : t.end] for t in analysis.tokens], analysis.pinyin)

    starts = [m.start for m in analysis.glossary]
    out = []
    for tok, syllables in zip(analysis.tokens, pinyin):
        spelled = None
        i = bisect_right(starts, tok.start) - 1  # matches are sorted and do not overlap
        if i >= 0 and tok.end <= analysis.glossary[i].end:
            match = analysis.glossary[i]
            # The term itself, or a word of a longer alias that is the term (印太 in 印太地区).
            if (tok.start, tok.end) == (match.start, match.end) or normalise(tok.text) in (
                normalise(match.entry.term),
                normalise(match.entry.traditional),
            ):
                spelled = match.entry.pinyin
        out.append(written_syllables(syllables, style, spelled))
    return out


def _single_readings(found: dict[str, list[Entry]]) -> dict[str, str]:
    from tui.core.dictionary import single_reading

    out = {}
    for word, entries in found.items():
        reading = single_reading(entries)
        if reading is not None:
            out[word] = reading
    return out


def _store(key: str, analysis: Analysis) -> None:
    from tui.store.cache import cache_db

    data = {
        "ends": [t.end for t in analysis.tokens],
        "kinds": [t.kind for t in analysis.tokens],
        "pinyin": [" ".join(p) for p in analysis.pinyin],
        "glossary": [[m.start, m.end, m.entry.term] for m in analysis.glossary],
    }
    blob = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    cache_db().execute("INSERT OR REPLACE INTO analysis (key, data) VALUES (?, ?)", (key, blob))


def _load(key: str, text: str, glossary: Glossary) -> Analysis | None:
    from tui.store.cache import cache_db

    row = cache_db().execute("SELECT data FROM analysis WHERE key = ?", (key,)).fetchone()
    if row is None:
        return None
    data = json.loads(row[0])
    tokens = []
    start = 0
    for end, kind in zip(data["ends"], data["kinds"]):
        tokens.append(Token(text[start:end], start, end, kind))
        start = end
    pinyin = tuple(
        tuple(p.split(" ")) if p.strip() else ("",) * (t.end - t.start) for p, t in zip(data["pinyin"], tokens)
    )
    by_term = {e.term: e for e in glossary.entries}
    matches = tuple(Match(s, e, by_term[term]) for s, e, term in data["glossary"] if term in by_term)
    return Analysis(text, to_simplified_same_length(text), tuple(tokens), pinyin, matches)
