"""Analysis of a text: tokens, pinyin and glossary matches, cached on disk by content hash."""

from __future__ import annotations

import hashlib
import json
import sys
import threading
from array import array
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar, overload

from tui.core.lexicon.glossary import Glossary, Match, syllables_of
from tui.core.text.chars import is_han
from tui.core.text.script import to_simplified_same_length
from tui.core.text.tokens import HAN, LATIN, NUMBER, PUNCT, SPACE, Segmenter, Token, TokenKind, kind_of, tokenize

if TYPE_CHECKING:
    from tui.core.lexicon.dictionary import Entry

# Bump when segmentation or pinyin logic changes: old cache rows are then ignored.
ANALYSER_VERSION = "5"


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


class _SameAsTuple(Sequence[_T]):
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

    @overload
    def __getitem__(self, i: int) -> Token: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Token]: ...
    def __getitem__(self, i: int | slice) -> Token | Sequence[Token]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.text)))]
        if i < 0:
            i += len(self.text)
        ch = self.text[i]
        return Token(ch, i, i + 1, kind_of(ch))

    def __iter__(self) -> Iterator[Token]:
        for i, ch in enumerate(self.text):
            yield Token(ch, i, i + 1, kind_of(ch))


class _NoPinyin(Sequence[tuple[str, ...]]):
    def __init__(self, n: int) -> None:
        self.n = n

    def __len__(self) -> int:
        return self.n

    @overload
    def __getitem__(self, i: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[tuple[str, ...]]: ...
    def __getitem__(self, i: int | slice) -> tuple[str, ...] | Sequence[tuple[str, ...]]:
        if isinstance(i, slice):
            return [("",)] * len(range(*i.indices(self.n)))
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

    @overload
    def __getitem__(self, i: int) -> Token: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[Token]: ...
    def __getitem__(self, i: int | slice) -> Token | Sequence[Token]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self.ends)))]
        if i < 0:
            i += len(self.ends)
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

    @overload
    def __getitem__(self, i: int) -> tuple[str, ...]: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[tuple[str, ...]]: ...
    def __getitem__(self, i: int | slice) -> tuple[str, ...] | Sequence[tuple[str, ...]]:
        if isinstance(i, slice):
            return [self[k] for k in range(*i.indices(len(self)))]
        if i < 0:
            i += len(self)
        part = self.joined[self.offsets[i] : self.offsets[i + 1]]
        if part:
            return tuple(part.split(" "))
        return ("",) * (self.tokens.ends[i] - self.tokens.start(i))


class TokenSpans(Sequence[tuple[int, int]]):
    """Tokens' (start, end) spans read from their end offsets, made when asked for: laying
    out a 4 MB text no longer builds 1.4M tuples (and Token objects to get them) first.
    A slice is a view over the same offsets."""

    def __init__(self, ends: Sequence[int] | None, lo: int, hi: int) -> None:
        self.ends = ends  # None: one token per character (the provisional analysis)
        self.lo = lo
        self.hi = hi

    def __len__(self) -> int:
        return self.hi - self.lo

    @overload
    def __getitem__(self, i: int) -> tuple[int, int]: ...
    @overload
    def __getitem__(self, i: slice) -> TokenSpans: ...
    def __getitem__(self, i: int | slice) -> tuple[int, int] | TokenSpans:
        n = self.hi - self.lo
        if isinstance(i, slice):
            a, b, step = i.indices(n)
            if step != 1:
                raise ValueError("token spans slice with step 1 only")
            return TokenSpans(self.ends, self.lo + a, self.lo + max(a, b))
        if i < 0:
            i += n
        if not 0 <= i < n:
            raise IndexError(i)
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
    def __init__(self) -> None:
        self.ends = array("I")
        self.kinds = bytearray()
        self.pinyin: list[str] = []
        self.offsets = array("I", [0])
        self.length = 0

    def add(self, tokens: Iterable[Token], pinyin: Iterable[Sequence[str]], shift: int = 0) -> None:
        for t, p in zip(tokens, pinyin):
            self.ends.append(t.end + shift)
            self.kinds.append(_KIND_CODE[t.kind])
            joined = " ".join(p) if any(p) else ""
            self.pinyin.append(joined)
            self.length += len(joined)
            self.offsets.append(self.length)

    def analysis(self, text: str, simplified: str, matches: Sequence[Match]) -> Analysis:
        tokens = PackedTokens(text, self.ends, bytes(self.kinds))
        return Analysis(
            text, simplified, tokens, PackedPinyin("".join(self.pinyin), self.offsets, tokens), tuple(matches)
        )


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
        return self.glossary.han_forms()

    def cedict_readings(self, words: Iterable[str]) -> dict[str, str]:
        from tui.core.lexicon.dictionary import Dictionary

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
        from tui.core.text.pinyin import dictionary_cover

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

    def cache_key(self, text_hash: str) -> str:
        """The key of the cached analysis of a text whose SHA-256 is `text_hash` (as `cached` builds it)."""
        return text_hash + ":" + self.fingerprint

    def cached(self, text: str) -> Analysis | None:
        """The analysis if it is in the cache, without running jieba."""
        key = self.cache_key(hashlib.sha256(text.encode("utf-8")).hexdigest())
        return _load(key, text, self.glossary)

    def analyse(self, text: str, use_cache: bool = True, progress: Progress | None = None) -> Analysis:
        key = self.cache_key(hashlib.sha256(text.encode("utf-8")).hexdigest())
        if use_cache:
            cached = _load(key, text, self.glossary)
            if cached is not None:
                return cached
        with self._lock:
            analysis = self._analyse(text, progress)
        if use_cache:
            _store(key, analysis)
        return analysis

    def _analyse(self, text: str, progress: Progress | None = None) -> Analysis:
        """Chunk by chunk of whole lines, so memory for the work in flight stays small."""
        simplified = to_simplified_same_length(text)
        packer = _Packer()
        matches: list[Match] = []
        for start, end in _chunks(text, CHUNK):
            part_tokens, part_pinyin, part_matches = self._analyse_part(text[start:end], simplified[start:end])
            packer.add(part_tokens, part_pinyin, start)
            matches += (Match(m.start + start, m.end + start, m.entry) for m in part_matches) if start else part_matches
            if progress is not None:
                progress(end / len(text))
        return packer.analysis(text, simplified, matches)

    def _analyse_part(self, text: str, simplified: str) -> tuple[list[Token], list[tuple[str, ...]], list[Match]]:
        """Tokens, their pinyin and the glossary matches of one chunk (offsets from its start)."""
        from tui.core.text.pinyin import readings

        tokens = tokenize(text, simplified, self.segmenter)
        words = [simplified[t.start : t.end] for t in tokens]
        han_words = {w for w, t in zip(words, tokens) if t.kind == HAN}
        cedict = self.cedict_readings(han_words)
        tokens, words = self._split_compounds(tokens, words, cedict)
        pinyin = readings(words, self.overrides, cedict)
        return tokens, pinyin, self.glossary.matches(text, simplified)


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
    part = [tokens[i] for i in range(first, last)]
    pinyin: Sequence[Sequence[str]] = [analysis.pinyin[i] for i in range(first, last)]
    if sandhi:
        pinyin = spoken([analysis.simplified[t.start : t.end] for t in part], pinyin)

    starts = glossary_starts if glossary_starts is not None else [m.start for m in analysis.glossary]
    out = []
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
        out.append(written_syllables(syllables, style, spelled))
    return out


def _single_readings(found: dict[str, list[Entry]]) -> dict[str, str]:
    from tui.core.lexicon.dictionary import single_reading

    out = {}
    for word, entries in found.items():
        reading = single_reading(entries)
        if reading is not None:
            out[word] = reading
    return out


def _store(key: str, analysis: Analysis) -> None:
    from tui.store import blobs

    tokens = analysis.tokens
    pinyin = analysis.pinyin
    if not isinstance(tokens, PackedTokens) or not isinstance(pinyin, PackedPinyin):
        analysis = pack(analysis.text, analysis.simplified, tokens, pinyin, analysis.glossary)
        tokens, pinyin = analysis.tokens, analysis.pinyin
    assert isinstance(tokens, PackedTokens) and isinstance(pinyin, PackedPinyin)
    joined = pinyin.joined.encode("utf-8")
    # Stored as well: converting 4 MB to Simplified again costs more than reading it.
    simplified = analysis.simplified.encode("utf-8") if analysis.simplified != analysis.text else b""
    header = json.dumps(
        {
            "format": _FORMAT,
            "tokens": len(tokens),
            "pinyin_bytes": len(joined),
            "simplified_bytes": len(simplified),
            "glossary": [[m.start, m.end, m.entry.term] for m in analysis.glossary],
        },
        ensure_ascii=False,
        separators=(",", ":"),
    ).encode("utf-8")
    ends, offsets = _little(tokens.ends), _little(pinyin.offsets)
    blob = b"".join((len(header).to_bytes(4, "little"), header, ends, tokens.kinds, offsets, joined, simplified))
    blobs.put(key, blob)


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


def _load(key: str, text: str, glossary: Glossary) -> Analysis | None:
    from tui.store import blobs

    data = blobs.get(key)
    if data is None:
        return None
    try:
        return _unpack(data, text, glossary)
    except (ValueError, KeyError, IndexError, UnicodeDecodeError):
        return None  # an older format or a damaged row: analysed again and stored anew


def _unpack(blob: bytes, text: str, glossary: Glossary) -> Analysis:
    size = int.from_bytes(blob[:4], "little")
    header = json.loads(blob[4 : 4 + size])
    if not isinstance(header, dict) or header.get("format") != _FORMAT:
        raise ValueError("not this format")
    n = header["tokens"]
    at = 4 + size
    ends = _from_little(blob[at : at + 4 * n])
    at += 4 * n
    kinds = blob[at : at + n]
    at += n
    offsets = _from_little(blob[at : at + 4 * (n + 1)])
    at += 4 * (n + 1)
    joined = blob[at : at + header["pinyin_bytes"]].decode("utf-8")
    at += header["pinyin_bytes"]
    simplified = blob[at : at + header["simplified_bytes"]].decode("utf-8") if header["simplified_bytes"] else text
    if len(ends) != n or len(kinds) != n or len(offsets) != n + 1 or (n and ends[-1] != len(text)):
        raise ValueError("truncated")
    tokens = PackedTokens(text, ends, kinds)
    by_term = {e.term: e for e in glossary.entries}
    matches = tuple(Match(s, e, by_term[term]) for s, e, term in header["glossary"] if term in by_term)
    if len(simplified) != len(text):
        raise ValueError("truncated")
    return Analysis(text, simplified, tokens, PackedPinyin(joined, offsets, tokens), matches)
