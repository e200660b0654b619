"""The analyser: a text segmented into words, read in pinyin and matched to the glossary,
chunk by chunk, cached on disk by content hash."""

from __future__ import annotations

import hashlib
import threading
from bisect import bisect_right
from collections.abc import Callable, Iterable
from functools import cached_property
from itertools import accumulate, islice
from typing import TYPE_CHECKING

from tui.core.lexicon.glossary import Glossary, Match, syllables_of
from tui.core.lru import LRU
from tui.core.text.analysis_blob import forget, load_analysis, load_words, store_analysis, store_words, stored
from tui.core.text.analysis_packed import KINDS, Analysis, PackedPinyin, Packer, Words, words_of
from tui.core.text.chars import is_han
from tui.core.text.script import to_simplified_same_length
from tui.core.text.tokens import HAN, Segmenter, TokenKind, segment

if TYPE_CHECKING:
    from tui.core.lexicon.dictionary import Dictionary

# Bump when segmentation or pinyin logic changes: old cache rows are then ignored.
ANALYSER_VERSION = "13"


# Texts are analysed in chunks of whole lines this long, so progress can be shown and
# the work stopped between chunks. jieba never joins across a line break, so chunking
# there changes nothing in the result.
CHUNK = 20_000

Progress = Callable[[float], None]  # told the share done; may raise to stop the analysis

# Analyses kept in memory by cache key, with the glossary their matches point into: the
# reader reopening a text (back to the library and in again, a fix undone) takes the analysis
# it had, not the cache DB's blob read and checked again (or the text analysed again, where
# the DB lost it). Short texts only, and few characters in all (an analysis is ~15 bytes a
# character): a long one is read back from the DB, where a child process stored it.
KEPT_TEXT_CHARS = 100_000
KEPT_CHARS = 400_000
_kept: LRU[str, tuple[Analysis, Glossary]] = LRU(weigh=lambda _, kept: len(kept[0].text), max_weight=KEPT_CHARS)


def forget_kept() -> None:
    """Forget the analyses kept in memory (a new process's state, for tests)."""
    _kept.clear()


def _chunks(text: str, size: int = CHUNK) -> list[tuple[int, int]]:
    """[start, end) spans of whole lines, each about `size` characters."""
    spans = []
    start = 0
    while start < len(text):
        end = text.find("\n", min(len(text), start + size))
        end = len(text) if end < 0 else end + 1
        spans.append((start, end))
        start = end
    return spans


class Analyzer:
    """Holds the heavy resources (jieba, CC-CEDICT, glossary), loaded lazily and once."""

    def __init__(self, glossary: Glossary | None = None, fixes: dict[str, tuple[str, ...]] | None = None) -> None:
        self._glossary = glossary
        self._fixes = fixes
        self._lock = threading.Lock()

    @cached_property
    def fixes(self) -> dict[str, tuple[str, ...]]:
        """Your reading fixes (Simplified word -> syllables), the top authority: `overrides`
        applies them last, and the segmenter keeps their words whole (tui/core/lexicon/fixes.py)."""
        if self._fixes is not None:
            return self._fixes
        from tui.core.lexicon import fixes

        return {word: fix.syllables for word, fix in fixes.load().items()}

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
        return Segmenter(self.segmenter_words(), self.segment_fixes)

    @cached_property
    def overrides(self) -> dict[str, tuple[str, ...]]:
        """Glossary readings for forms with one syllable per character, then the user's fixes."""
        from tui.core.lexicon.glossary import normalise
        from tui.errors import UserError

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
        """Words never to split: the glossary's, and the words you fixed the reading of."""
        fixed = [w for w in self.fixes if len(w) > 1]
        return sorted({*self.glossary.han_forms(), *fixed}) if fixed else self.glossary.han_forms()

    def _split_compounds(
        self, words: list[str], kinds: list[TokenKind], cedict: _CedictReadings
    ) -> tuple[list[str], list[TokenKind]]:
        """Cut words jieba joined that CC-CEDICT lacks into words it has (日本首相: 日本 首相;
        一个: 一 个; 我会: 我 会; 很漂亮: 很 漂亮), so every word shown has a meaning.

        The parts are what a learner looks up, and GB/T 16159 writes them apart (Rìběn
        shǒuxiàng). Among the ways to cut, jieba's own word frequencies choose (待在家里:
        待 在 家里). Glossary terms and words the user kept whole stay whole.
        """
        fixes, overrides = self.segment_fixes, self.overrides
        candidates = {
            w for w, k in zip(words, kinds) if len(w) >= 2 and k == HAN and w not in overrides and fixes.get(w) != (w,)
        }
        if not candidates:
            return words, kinds
        cedict.of(candidates)  # asks for the candidates and, for those not found, the words inside
        absent = {w for w in candidates if not cedict.has(w)}
        if not absent:
            return words, kinds
        freq, total = self.segmenter.frequencies()
        out_words: list[str] = []
        out_kinds: list[TokenKind] = []
        for word, kind in zip(words, kinds):
            spans = _dictionary_route(word, cedict, freq, total) if word in absent else []
            if len(spans) < 2:
                out_words.append(word)
                out_kinds.append(kind)
                continue
            for a, b in spans:
                # A part the user split (x on 首相 of 日本首相) is cut as it is standing alone.
                parts = fixes.get(word[a:b], ())
                for part in parts if len(parts) > 1 else (word[a:b],):
                    out_words.append(part)
                    out_kinds.append(HAN)
        return out_words, out_kinds

    def _key(self, digest: str) -> str:
        return self.cache_key(digest)

    def _words_key(self, digest: str) -> str:
        return "words:" + digest + ":" + self.fingerprint

    def cache_key(self, text_hash: str) -> str:
        """The key of the cached analysis of a text whose SHA-256 is `text_hash` (as `cached` builds it)."""
        return text_hash + ":" + self.fingerprint

    def cached(self, text: str) -> Analysis | None:
        """The analysis if it is in the cache, without running jieba."""
        key = self._key(_digest(text))
        return self._kept_analysis(key) or self._keep(key, load_analysis(key, text, self.glossary))

    def kept(self, text: str) -> Analysis | None:
        """The analysis of `text` if this process keeps it in memory (nothing read but a check
        that the cache DB holds it): the reader opens a text it had open with its words at once.
        None while the fingerprint is not made: that loads the glossary and the fixes."""
        if "fingerprint" not in self.__dict__:  # the cached_property not computed yet
            return None
        return self._kept_analysis(self._key(_digest(text)))

    def _kept_analysis(self, key: str) -> Analysis | None:
        """The analysis kept in memory under `key`, its matches in this analyser's glossary; the
        cache DB given it again if it lost it (the library's columns read the DB)."""
        kept = _kept.get(key)
        if kept is None:
            return None
        analysis, glossary = kept
        if glossary is not self.glossary:  # an equal glossary loaded again: the same terms
            by_term = {e.term: e for e in self.glossary.entries}
            matches = tuple(
                Match(m.start, m.end, by_term[m.entry.term]) for m in analysis.glossary if m.entry.term in by_term
            )
            analysis = Analysis(analysis.text, analysis.simplified, analysis.tokens, analysis.pinyin, matches)
            _kept.put(key, (analysis, self.glossary))
        if not stored(key):
            store_analysis(key, analysis)
        return analysis

    def _keep(self, key: str, analysis: Analysis | None) -> Analysis | None:
        if analysis is not None and len(analysis.text) <= KEPT_TEXT_CHARS:
            _kept.put(key, (analysis, self.glossary))
        return analysis

    def words(self, text: str, use_cache: bool = True, progress: Progress | None = None) -> Words:
        """The words and glossary matches without the pinyin (no pypinyin, no context model):
        from the cached analysis or words when there, else segmented and cached by content."""
        digest = _digest(text)
        if use_cache:
            found = load_words(self._words_key(digest), text, self.glossary)
            if found is not None:
                return found
            full = load_analysis(self._key(digest), text, self.glossary)
            if full is not None:
                return words_of(full)
        with self._lock:
            words = self._words(text, progress)
        if use_cache:
            store_words(self._words_key(digest), words)
        return words

    def analyse(self, text: str, use_cache: bool = True, progress: Progress | None = None) -> Analysis:
        digest = _digest(text)
        key = self._key(digest)
        words = None
        if use_cache:
            cached = self._kept_analysis(key) or self._keep(key, load_analysis(key, text, self.glossary))
            if cached is not None:
                return cached
            words = load_words(self._words_key(digest), text, self.glossary)  # an outline's, before
        with self._lock:
            analysis = self._analyse(text, progress, words)
        if use_cache:
            store_analysis(key, analysis)
            self._keep(key, analysis)
            if words is not None:
                forget(self._words_key(digest))  # the analysis holds them now
        return analysis

    def _words(self, text: str, progress: Progress | None = None) -> Words:
        simplified = to_simplified_same_length(text)
        packer = Packer()
        matches: list[Match] = []
        cedict = _CedictReadings()
        for start, end in _chunks(text, CHUNK):
            words, kinds = self._words_part(text[start:end], simplified[start:end], cedict)
            packer.add_words(islice(accumulate(map(len, words), initial=start), 1, None), kinds)
            matches += self._matches_part(text, simplified, start, end, words)
            if progress is not None:
                progress(end / len(text))
        return Words(text, simplified, packer.tokens(text), tuple(matches))

    def _analyse(self, text: str, progress: Progress | None = None, words: Words | None = None) -> Analysis:
        """Chunk by chunk of whole lines, so memory for the work in flight stays small.
        With `words` (segmented before, for an outline), only the pinyin is worked out."""
        simplified = to_simplified_same_length(text) if words is None else words.simplified
        packer = Packer()
        matches: list[Match] = []
        cedict = _CedictReadings()
        first = 0  # the chunk's first token in `words`
        for start, end in _chunks(text, CHUNK):
            if words is None:
                part, kinds = self._words_part(text[start:end], simplified[start:end], cedict)
                packer.add_words(islice(accumulate(map(len, part), initial=start), 1, None), kinds)
                matches += self._matches_part(text, simplified, start, end, part)
            else:
                # Chunks end at line ends, and tokens never cross one: the chunk's tokens are whole.
                last = bisect_right(words.tokens.ends, end, lo=first)
                ends = words.tokens.ends
                part = [simplified[(ends[i - 1] if i else 0) : ends[i]] for i in range(first, last)]
                kinds = [KINDS[k] for k in words.tokens.kinds[first:last]]
                first = last
            packer.add_pinyin(self._pinyin_part(part, kinds, cedict))
            if progress is not None:
                progress(end / len(text))
        if words is None:
            return packer.analysis(text, simplified, matches)
        pinyin = PackedPinyin("".join(packer.pinyin), packer.offsets, words.tokens)
        return Analysis(text, simplified, words.tokens, pinyin, words.glossary)

    def _words_part(self, text: str, simplified: str, cedict: _CedictReadings) -> tuple[list[str], list[TokenKind]]:
        """The words of one chunk (Simplified) and their kinds."""
        words, kinds = segment(text, simplified, self.segmenter)
        return self._split_compounds(words, kinds, cedict)

    def _matches_part(self, text: str, simplified: str, start: int, end: int, words: list[str]) -> list[Match]:
        """Glossary terms in the chunk that are words of it, or span whole words."""
        boundaries = set(accumulate(map(len, words), initial=0))
        found = self.glossary.matches(text[start:end], simplified[start:end], boundaries)
        return [Match(m.start + start, m.end + start, m.entry) for m in found] if start else found

    def _pinyin_part(self, words: list[str], kinds: list[TokenKind], cedict: _CedictReadings) -> list[tuple[str, ...]]:
        from tui.core.text.pinyin import readings

        single = cedict.of(w for w, k in zip(words, kinds) if k == HAN)
        return readings(words, self.overrides, single, several=cedict.several)


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _dictionary_route(word: str, cedict: _CedictReadings, freq: dict[str, int], total: int) -> list[tuple[int, int]]:
    """The most probable cut of `word` into CC-CEDICT words and single characters, as
    jieba weighs a route (the product of its word frequencies), or [] if none."""
    from math import log

    from tui.core.text.pinyin import LONGEST_DICTIONARY_WORD

    n = len(word)
    log_total = log(total or 1)
    best: list[float | None] = [0.0] + [None] * n
    back = [0] * (n + 1)
    for end in range(1, n + 1):
        for start in range(max(0, end - LONGEST_DICTIONARY_WORD), end):
            before = best[start]
            piece = word[start:end]
            if before is None or piece == word or (end - start > 1 and not cedict.has(piece)):
                continue
            score = before + log(freq.get(piece) or 1) - log_total
            current = best[end]
            if current is None or score > current:
                best[end], back[end] = score, start
    if best[n] is None:
        return []
    spans = []
    end = n
    while end:
        spans.append((back[end], end))
        end = back[end]
    return spans[::-1]


class _CedictReadings:
    """CC-CEDICT's single readings, each word asked of the store once per analysis: the
    chunks of a long text share most of their words."""

    def __init__(self) -> None:
        self.known: dict[str, str | None] = {}
        self.several: dict[str, tuple[str, ...]] = {}  # words CC-CEDICT reads more than one way
        self.present: set[str] = set()  # the words asked that CC-CEDICT has, with any reading
        self._dictionary: Dictionary | None = None

    def _fetch(self, words: Iterable[str]) -> None:
        new = [w for w in words if w not in self.known]
        if not new:
            return
        if self._dictionary is None:
            from tui.core.lexicon.dictionary import Dictionary

            self._dictionary = Dictionary()
        entries = self._dictionary.entries_by_simplified(new)
        self.present.update(entries)
        found = entries
        from tui.core.lexicon.dictionary import distinct_readings
        from tui.core.lexicon.senses import most_common_first

        for w in new:
            distinct = distinct_readings(found.get(w, []))
            self.known[w] = distinct[0] if len(distinct) == 1 else None
            if len(distinct) > 1:
                self.several[w] = most_common_first(distinct, found.get(w, []))

    def has(self, word: str) -> bool:
        """Whether CC-CEDICT has `word` (asked before through `of`)."""
        return word in self.present

    def of(self, words: Iterable[str]) -> dict[str, str]:
        """The readings of these words (two characters or more) and, for those CC-CEDICT does
        not settle (日本首相, which jieba joined), of the words inside them."""
        asked = [w for w in dict.fromkeys(words) if len(w) > 1]
        self._fetch(asked)
        known = self.known
        out = {w: r for w in asked if (r := known[w]) is not None}
        inner = {w[i:j] for w in asked if w not in out for i in range(len(w)) for j in range(i + 2, len(w) + 1)}
        inner.difference_update(asked)
        self._fetch(inner)
        out.update((w, r) for w in inner if (r := known[w]) is not None)
        return out
