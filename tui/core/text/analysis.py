"""Analysis of a text: tokens, pinyin and glossary matches, cached on disk by content hash."""

from __future__ import annotations

import hashlib
import json
import sys
import threading
from array import array
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import accumulate, islice
from typing import TYPE_CHECKING, TypeVar

from tui.core.lexicon.glossary import Glossary, Match, syllables_of
from tui.core.text.chars import is_han
from tui.core.text.indexed import Indexed
from tui.core.text.script import to_simplified_same_length
from tui.core.text.tokens import HAN, LATIN, NUMBER, PUNCT, SPACE, Segmenter, Token, TokenKind, kind_of, segment

if TYPE_CHECKING:
    from tui.core.lexicon.dictionary import Dictionary

# Bump when segmentation or pinyin logic changes: old cache rows are then ignored.
ANALYSER_VERSION = "12"


# Texts are analysed in chunks of whole lines this long, so progress can be shown and
# the work stopped between chunks. jieba never joins across a line break, so chunking
# there changes nothing in the result.
CHUNK = 20_000

Progress = Callable[[float], None]  # told the share done; may raise to stop the analysis


@dataclass(frozen=True, slots=True)
class Analysis:
    text: str
    simplified: str
    tokens: Sequence[Token]
    pinyin: Sequence[tuple[str, ...]]  # per token, one tone-number syllable per character
    glossary: Sequence[Match]

    @property
    def provisional(self) -> bool:
        """One token per character, before segmentation has run: see `provisional`."""
        return isinstance(self.tokens, CharTokens)


_T = TypeVar("_T")


class _SameAsTuple(Indexed[_T]):
    """A sequence made on demand that compares equal to the tuple it stands for."""

    def __eq__(self, other: object) -> bool:
        # Equal to any sequence of the same items, as the tuples it replaces were.
        if not isinstance(other, Sequence) or isinstance(other, str):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # type: ignore[assignment]


class CharTokens(_SameAsTuple[Token]):
    """One token per character, made on demand: what the reader moves over until words arrive."""

    def __init__(self, text: str) -> None:
        self.text = text

    def __len__(self) -> int:
        return len(self.text)

    def _item(self, i: int) -> Token:
        ch = self.text[i]
        return Token(ch, i, i + 1, kind_of(ch))

    def __iter__(self) -> Iterator[Token]:
        for i, ch in enumerate(self.text):
            yield Token(ch, i, i + 1, kind_of(ch))


class _NoPinyin(Indexed[tuple[str, ...]]):
    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    def _item(self, i: int) -> tuple[str, ...]:
        return ("",)


KINDS: tuple[TokenKind, ...] = (HAN, LATIN, NUMBER, PUNCT, SPACE)
_KIND_CODE = {k: n for n, k in enumerate(KINDS)}


class PackedTokens(_SameAsTuple[Token]):
    """Tokens as an array of end offsets and a byte of kind each: a Token is made only
    when asked for, so a 4 MB article holds two arrays, not 800,000 objects."""

    def __init__(self, text: str, ends: array[int], kinds: bytes) -> None:
        self.text = text
        self.ends = ends
        self.kinds = kinds

    def __len__(self) -> int:
        return len(self.ends)

    def start(self, i: int) -> int:
        return self.ends[i - 1] if i else 0

    def starts(self) -> array[int]:
        out = array("I", [0])
        out.extend(self.ends[:-1])
        return out[: len(self.ends)]

    def indices_of(self, kinds: Iterable[TokenKind]) -> list[int]:
        """Indices of the tokens of these kinds, read from the kind bytes alone."""
        codes = bytes(_KIND_CODE[k] for k in kinds)
        return [i for i, k in enumerate(self.kinds) if k in codes]

    def _item(self, i: int) -> Token:
        start, end = self.start(i), self.ends[i]
        return Token(self.text[start:end], start, end, KINDS[self.kinds[i]])

    def __iter__(self) -> Iterator[Token]:
        start = 0
        text, kinds = self.text, self.kinds
        for i, end in enumerate(self.ends):
            yield Token(text[start:end], start, end, KINDS[kinds[i]])
            start = end


class PackedPinyin(_SameAsTuple[tuple[str, ...]]):
    """Each token's syllables, space-separated in one string, cut out when asked for."""

    def __init__(self, joined: str, offsets: array[int], tokens: PackedTokens) -> None:
        self.joined = joined
        self.offsets = offsets  # len(tokens) + 1 of them
        self.tokens = tokens

    def __len__(self) -> int:
        return len(self.offsets) - 1

    def _item(self, i: int) -> tuple[str, ...]:
        part = self.joined[self.offsets[i] : self.offsets[i + 1]]
        if part:
            return tuple(part.split(" "))
        return ("",) * (self.tokens.ends[i] - self.tokens.start(i))

    def __iter__(self) -> Iterator[tuple[str, ...]]:
        joined, offsets, ends = self.joined, self.offsets, self.tokens.ends
        start = 0
        for i in range(len(offsets) - 1):
            part = joined[offsets[i] : offsets[i + 1]]
            yield tuple(part.split(" ")) if part else ("",) * (ends[i] - start)
            start = ends[i]


class TokenSpans(Indexed[tuple[int, int]]):
    """Tokens' (start, end) spans read from their end offsets, made when asked for: laying
    out a 4 MB text no longer builds 1.4M tuples (and Token objects to get them) first.
    A slice is a view over the same offsets."""

    def __init__(self, ends: Sequence[int] | None, lo: int, hi: int) -> None:
        self.ends = ends  # None: one token per character (the provisional analysis)
        self.lo = lo
        self.hi = hi

    def __len__(self) -> int:
        return self.hi - self.lo

    def _slice(self, start: int, stop: int, step: int) -> TokenSpans:
        if step != 1:
            raise ValueError("token spans slice with step 1 only")
        return TokenSpans(self.ends, self.lo + start, self.lo + max(start, stop))

    def _item(self, i: int) -> tuple[int, int]:
        k = self.lo + i
        if self.ends is None:
            return k, k + 1
        return (self.ends[k - 1] if k else 0), self.ends[k]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        if self.ends is None:
            for k in range(self.lo, self.hi):
                yield k, k + 1
            return
        start = self.ends[self.lo - 1] if self.lo else 0
        for k in range(self.lo, self.hi):
            end = self.ends[k]
            yield start, end
            start = end


def token_spans(tokens: Sequence[Token]) -> Sequence[tuple[int, int]]:
    """(start, end) of every token, without making Token objects where the tokens are packed."""
    if isinstance(tokens, CharTokens):
        return TokenSpans(None, 0, len(tokens))
    if isinstance(tokens, PackedTokens):
        return TokenSpans(tokens.ends, 0, len(tokens))
    return [(t.start, t.end) for t in tokens]


def pack(
    text: str, simplified: str, tokens: Iterable[Token], pinyin: Iterable[Sequence[str]], matches: Sequence[Match]
) -> Analysis:
    builder = _Packer()
    builder.add(tokens, pinyin)
    return builder.analysis(text, simplified, matches)


class _Packer:
    """Tokens and pinyin gathered chunk by chunk: arrays, and one pinyin string per chunk
    (not one per token: a 4 MB text held 800k of them until the end)."""

    def __init__(self) -> None:
        self.ends = array("I")
        self.kinds = bytearray()
        self.pinyin: list[str] = []
        self.offsets = array("I", [0])

    def add(self, tokens: Iterable[Token], pinyin: Iterable[Sequence[str]], shift: int = 0) -> None:
        pairs = list(zip(tokens, pinyin))
        self.add_words((t.end + shift for t, _ in pairs), (t.kind for t, _ in pairs))
        self.add_pinyin(p for _, p in pairs)

    def add_words(self, ends: Iterable[int], kinds: Iterable[TokenKind]) -> None:
        self.ends.extend(ends)
        self.kinds.extend(_KIND_CODE[k] for k in kinds)

    def add_pinyin(self, pinyin: Iterable[Sequence[str]]) -> None:
        parts = [" ".join(p) if any(p) else "" for p in pinyin]
        self.offsets.extend(islice(accumulate(map(len, parts), initial=self.offsets[-1]), 1, None))
        self.pinyin.append("".join(parts))

    def tokens(self, text: str) -> PackedTokens:
        return PackedTokens(text, self.ends, bytes(self.kinds))

    def analysis(self, text: str, simplified: str, matches: Sequence[Match]) -> Analysis:
        tokens = self.tokens(text)
        return Analysis(
            text, simplified, tokens, PackedPinyin("".join(self.pinyin), self.offsets, tokens), tuple(matches)
        )


@dataclass(frozen=True, slots=True)
class Words:
    """An analysis without its pinyin: the words and glossary matches, what the outline reads.
    Cached like the analysis, and read by the analysis when it runs later."""

    text: str
    simplified: str
    tokens: PackedTokens
    glossary: Sequence[Match]


def _words_of(analysis: Analysis) -> Words:
    tokens = analysis.tokens
    if not isinstance(tokens, PackedTokens):
        packer = _Packer()
        packer.add_words((t.end for t in tokens), (t.kind for t in tokens))
        tokens = packer.tokens(analysis.text)
    return Words(analysis.text, analysis.simplified, tokens, tuple(analysis.glossary))


def provisional(text: str) -> Analysis:
    """The text as characters, at once and without any resource loaded: the reader shows
    this while the real analysis runs, and the cursor moves over characters."""
    return Analysis(text, text, CharTokens(text), _NoPinyin(len(text)), ())


# Past this many characters the reader analyses in a child process: a thread would hold
# the GIL for seconds at a time and keys would wait for it.
SUBPROCESS_CHARS = 100_000


def analyse_in_child(text: str, progress: Progress | None = None) -> None:
    """Analyse `text` in a child process that stores the result in the cache DB.

    `progress` is told the share done; when it raises, the child is stopped and the
    exception goes on."""
    import os
    import subprocess

    code = "from tui.core.text.analysis import _child_main; _child_main()"
    child = subprocess.Popen(
        [sys.executable, "-c", code],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=os.environ.copy(),
    )
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(text.encode("utf-8"))
        child.stdin.close()
        for line in child.stdout:
            if progress is not None and line.startswith(b"progress "):
                progress(float(line.split()[1]))
        child.wait()
    except BaseException:
        child.kill()
        child.wait()
        raise
    if child.returncode != 0:
        error = child.stderr.read().decode("utf-8", "replace").strip().splitlines() if child.stderr else []
        raise RuntimeError(error[-1] if error else f"the analysis stopped ({child.returncode})")


def _child_main() -> None:
    text = sys.stdin.buffer.read().decode("utf-8")

    def progress(share: float) -> None:
        print(f"progress {share:.4f}", flush=True)

    Analyzer().analyse(text, progress=progress)


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
        return _load(self._key(_digest(text)), text, self.glossary)

    def words(self, text: str, use_cache: bool = True, progress: Progress | None = None) -> Words:
        """The words and glossary matches without the pinyin (no pypinyin, no context model):
        from the cached analysis or words when there, else segmented and cached by content."""
        digest = _digest(text)
        if use_cache:
            found = _load_words(self._words_key(digest), text, self.glossary)
            if found is not None:
                return found
            full = _load(self._key(digest), text, self.glossary)
            if full is not None:
                return _words_of(full)
        with self._lock:
            words = self._words(text, progress)
        if use_cache:
            _store_words(self._words_key(digest), words)
        return words

    def analyse(self, text: str, use_cache: bool = True, progress: Progress | None = None) -> Analysis:
        digest = _digest(text)
        key = self._key(digest)
        words = None
        if use_cache:
            cached = _load(key, text, self.glossary)
            if cached is not None:
                return cached
            words = _load_words(self._words_key(digest), text, self.glossary)  # an outline's, before
        with self._lock:
            analysis = self._analyse(text, progress, words)
        if use_cache:
            _store(key, analysis)
            if words is not None:
                _forget(self._words_key(digest))  # the analysis holds them now
        return analysis

    def _words(self, text: str, progress: Progress | None = None) -> Words:
        simplified = to_simplified_same_length(text)
        packer = _Packer()
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
        packer = _Packer()
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


# The cached form: a JSON header (its length first, 4 bytes), then the token end offsets
# (uint32), one kind byte per token, the pinyin offsets (uint32) and the pinyin as UTF-8.
_FORMAT = 2


def written_tokens(
    analysis: Analysis,
    style: str = "marks",
    sandhi: bool = False,
    first: int = 0,
    last: int | None = None,
    glossary_starts: Sequence[int] | None = None,
) -> list[list[str]]:
    """Tokens first..last (all by default): pinyin as written (GB/T 16159-2012), one string per character.

    The one grouping used by the CLI, the reader's pinyin row and side panel, and
    exports: a glossary term is spelled the way the glossary writes it. `sandhi`
    gives spoken tones instead of citation tones (decided within the range given).
    """
    from bisect import bisect_right

    from tui.core.lexicon.glossary import normalise
    from tui.core.text.pinyin import spoken, written_syllables

    tokens = analysis.tokens
    last = len(tokens) if last is None else last
    whole = first == 0 and last == len(tokens)  # read in order: no item made by index
    part = list(tokens) if whole else [tokens[i] for i in range(first, last)]
    pinyin: Sequence[Sequence[str]] = (
        list(analysis.pinyin) if whole else [analysis.pinyin[i] for i in range(first, last)]
    )
    if sandhi:
        pinyin = spoken([analysis.simplified[t.start : t.end] for t in part], pinyin)

    starts = glossary_starts if glossary_starts is not None else [m.start for m in analysis.glossary]
    out = []
    memo: dict[tuple[tuple[str, ...], str | None], list[str]] = {}  # a pure function of the two
    for tok, syllables in zip(part, pinyin):
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
        key = (tuple(syllables), spelled)
        made = memo.get(key)
        if made is None:
            made = memo[key] = written_syllables(syllables, style, spelled)
        out.append(list(made))
    return out


def _store(key: str, analysis: Analysis) -> None:
    from tui.store import blobs

    tokens = analysis.tokens
    pinyin = analysis.pinyin
    if not isinstance(tokens, PackedTokens) or not isinstance(pinyin, PackedPinyin):
        analysis = pack(analysis.text, analysis.simplified, tokens, pinyin, analysis.glossary)
        tokens, pinyin = analysis.tokens, analysis.pinyin
    if not isinstance(tokens, PackedTokens) or not isinstance(pinyin, PackedPinyin):
        raise TypeError("pack() gives packed tokens and pinyin")  # not an assert: -O would drop it
    joined = pinyin.joined.encode("utf-8")
    simplified = _simplified_bytes(analysis.text, analysis.simplified)
    header = _header(_FORMAT, tokens, simplified, analysis.glossary, pinyin_bytes=len(joined))
    ends, offsets = _little(tokens.ends), _little(pinyin.offsets)
    blobs.put_parts(key, (header, ends, tokens.kinds, offsets, joined, simplified))


# The words' cached form: the same header, then the token end offsets, one kind byte per
# token and the Simplified text (empty when it is the text).
_WORDS_FORMAT = "words-1"


def _store_words(key: str, words: Words) -> None:
    from tui.store import blobs

    simplified = _simplified_bytes(words.text, words.simplified)
    header = _header(_WORDS_FORMAT, words.tokens, simplified, words.glossary)
    blobs.put_parts(key, (header, _little(words.tokens.ends), words.tokens.kinds, simplified))


def _forget(key: str) -> None:
    from tui.store import blobs

    blobs.delete(key)


def _simplified_bytes(text: str, simplified: str) -> bytes:
    # Stored as well: converting 4 MB to Simplified again costs more than reading it.
    return simplified.encode("utf-8") if simplified != text else b""


def _header(
    format: int | str, tokens: PackedTokens, simplified: bytes, glossary: Sequence[Match], **sizes: int
) -> bytes:
    """The JSON header, its length first (4 bytes)."""
    header = json.dumps(
        {
            "format": format,
            "tokens": len(tokens),
            **sizes,
            "simplified_bytes": len(simplified),
            "glossary": [[m.start, m.end, m.entry.term] for m in glossary],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    return len(header).to_bytes(4, "little") + header


def _little(values: array[int]) -> bytes:
    if sys.byteorder == "little":
        return values.tobytes()
    swapped = array(values.typecode, values)
    swapped.byteswap()
    return swapped.tobytes()


def _from_little(data: bytes) -> array[int]:
    values = array("I")
    values.frombytes(data)
    if sys.byteorder != "little":
        values.byteswap()
    return values


_Cached = TypeVar("_Cached", Analysis, Words)


def _load(key: str, text: str, glossary: Glossary) -> Analysis | None:
    return _read(key, text, glossary, _unpack)


def _load_words(key: str, text: str, glossary: Glossary) -> Words | None:
    return _read(key, text, glossary, _unpack_words)


def _read(key: str, text: str, glossary: Glossary, unpack: Callable[[bytes, str, Glossary], _Cached]) -> _Cached | None:
    from tui.store import blobs

    data = blobs.get(key)
    if data is None:
        return None
    try:
        return unpack(data, text, glossary)
    except (ValueError, KeyError, IndexError, TypeError, OverflowError, RecursionError):
        return None  # an older format, a damaged or a crafted row: worked out again and stored anew


class _Reader:
    """Reads a cached form's header and parts in order."""

    def __init__(self, blob: bytes, format: int | str) -> None:
        # The cache is data, never trusted: every size and offset is checked before it is used.
        size = int.from_bytes(blob[:4], "little")
        header = json.loads(blob[4 : 4 + size])
        if not isinstance(header, dict) or header.get("format") != format:
            raise ValueError("not this format")
        for name in ("tokens", "simplified_bytes", "pinyin_bytes"):
            if name in header and (type(header[name]) is not int or not 0 <= header[name] <= len(blob)):
                raise ValueError(f"bad {name}")
        if not isinstance(header.get("glossary"), list):
            raise ValueError("bad glossary")
        self.blob = blob
        self.header = header
        self.at = 4 + size

    def take(self, size: int) -> bytes:
        part = self.blob[self.at : self.at + size]
        if len(part) != size:
            raise ValueError("truncated")
        self.at += size
        return part

    def tokens(self, text: str) -> PackedTokens:
        n = self.header["tokens"]
        ends = _from_little(self.take(4 * n))
        kinds = self.take(n)
        if len(ends) != n or len(kinds) != n or (n and ends[-1] != len(text)) or (not n and text):
            raise ValueError("truncated")
        # In order (sorted() of a sorted run is one pass in C) and of known kinds.
        if n and (ends != array("I", sorted(ends)) or max(kinds) >= len(KINDS)):
            raise ValueError("not tokens")
        return PackedTokens(text, ends, kinds)

    def simplified(self, text: str) -> str:
        size = self.header["simplified_bytes"]
        simplified = self.take(size).decode("utf-8") if size else text
        if len(simplified) != len(text):
            raise ValueError("truncated")
        return simplified

    def matches(self, glossary: Glossary) -> tuple[Match, ...]:
        by_term = {e.term: e for e in glossary.entries}
        out = []
        for s, e, term in self.header["glossary"]:
            if type(s) is not int or type(e) is not int or not isinstance(term, str) or not 0 <= s <= e:
                raise ValueError("bad match")
            if term in by_term:
                out.append(Match(s, e, by_term[term]))
        return tuple(out)


def _unpack(blob: bytes, text: str, glossary: Glossary) -> Analysis:
    reader = _Reader(blob, _FORMAT)
    tokens = reader.tokens(text)
    offsets = _from_little(reader.take(4 * (len(tokens) + 1)))
    if len(offsets) != len(tokens) + 1:
        raise ValueError("truncated")
    joined = reader.take(reader.header["pinyin_bytes"]).decode("utf-8")
    if offsets[0] != 0 or offsets[-1] > len(joined) or offsets != array("I", sorted(offsets)):
        raise ValueError("not pinyin offsets")
    simplified = reader.simplified(text)
    return Analysis(text, simplified, tokens, PackedPinyin(joined, offsets, tokens), reader.matches(glossary))


def _unpack_words(blob: bytes, text: str, glossary: Glossary) -> Words:
    reader = _Reader(blob, _WORDS_FORMAT)
    tokens = reader.tokens(text)
    return Words(text, reader.simplified(text), tokens, reader.matches(glossary))
