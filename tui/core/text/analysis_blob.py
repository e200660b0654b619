"""The cached form of an analysis and of its words: written to and read from the cache DB's
blobs, every size and offset checked, since the cache is data and never trusted."""

from __future__ import annotations

import json
import sys
from array import array
from collections.abc import Callable, Sequence
from typing import TypeVar

from tui.core.lexicon.glossary import Glossary, Match
from tui.core.text.analysis_packed import KINDS, Analysis, PackedPinyin, PackedTokens, Words, pack

# The cached form: a JSON header (its length first, 4 bytes), then the token end offsets
# (uint32), one kind byte per token, the pinyin offsets (uint32) and the pinyin as UTF-8.
_FORMAT = 2


def store_analysis(key: str, analysis: Analysis) -> None:
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


def store_words(key: str, words: Words) -> None:
    from tui.store import blobs

    simplified = _simplified_bytes(words.text, words.simplified)
    header = _header(_WORDS_FORMAT, words.tokens, simplified, words.glossary)
    blobs.put_parts(key, (header, _little(words.tokens.ends), words.tokens.kinds, simplified))


def stored(key: str) -> bool:
    """Whether the cache DB holds a blob under `key` (not read)."""
    from tui.store import blobs

    return bool(blobs.present([key]))


def forget(key: str) -> None:
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


def load_analysis(key: str, text: str, glossary: Glossary) -> Analysis | None:
    return _read(key, text, glossary, _unpack)


def load_words(key: str, text: str, glossary: Glossary) -> Words | None:
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
