"""An analysis in memory: `Analysis` and `Words`, and the packed sequences that hold a long
text's tokens and pinyin as arrays instead of objects."""

from __future__ import annotations

from array import array
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, islice
from typing import TypeVar

from tui.core.lexicon.glossary import Match
from tui.core.text.indexed import Indexed
from tui.core.text.tokens import HAN, LATIN, NUMBER, PUNCT, SPACE, Token, TokenKind, kind_of


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

    def word(self, token: Token) -> str:
        """A token's characters in Simplified, the form words are kept and looked up under."""
        return self.simplified[token.start : token.end]


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
    builder = Packer()
    builder.add(tokens, pinyin)
    return builder.analysis(text, simplified, matches)


class Packer:
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


def words_of(analysis: Analysis) -> Words:
    tokens = analysis.tokens
    if not isinstance(tokens, PackedTokens):
        packer = Packer()
        packer.add_words((t.end for t in tokens), (t.kind for t in tokens))
        tokens = packer.tokens(analysis.text)
    return Words(analysis.text, analysis.simplified, tokens, tuple(analysis.glossary))


def provisional(text: str) -> Analysis:
    """The text as characters, at once and without any resource loaded: the reader shows
    this while the real analysis runs, and the cursor moves over characters."""
    return Analysis(text, text, CharTokens(text), _NoPinyin(len(text)), ())
