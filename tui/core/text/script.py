"""Script conversion with OpenCC, script detection, and alignment back to source offsets."""

from __future__ import annotations

import difflib
import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING, Literal

from tui.errors import UserError

if TYPE_CHECKING:
    import opencc

# Named targets. The phrase-level configs (s2twp, tw2sp) change string length and
# make phrase mistakes, so they are reachable only by --config.
TARGETS: dict[str, str] = {
    "simplified": "tw2s",
    "traditional": "s2t",
    "taiwan": "s2tw",
    "hongkong": "s2hk",
}


def config_names() -> list[str]:
    import opencc

    return sorted(name.removesuffix(".json") for name in opencc.CONFIGS)


@cache
def converter(config: str) -> opencc.OpenCC:
    import opencc

    if config not in config_names():
        raise UserError(f"unknown OpenCC config {config!r}; known: {', '.join(config_names())}")
    return opencc.OpenCC(config)


def config_for(target: str) -> str:
    if target in TARGETS:
        return TARGETS[target]
    if target in config_names():
        return target
    raise UserError(f"unknown target {target!r}; use one of {', '.join(TARGETS)} or an OpenCC config")


@dataclass(frozen=True, slots=True)
class Segment:
    src_start: int
    src_end: int
    dst_start: int
    dst_end: int


@dataclass(frozen=True, slots=True)
class Alignment:
    """Maps offsets between a source text and its converted form."""

    segments: tuple[Segment, ...]
    src_len: int
    dst_len: int

    @classmethod
    def identity(cls, length: int) -> Alignment:
        return cls((Segment(0, length, 0, length),), length, length)

    @property
    def is_identity(self) -> bool:
        return len(self.segments) == 1 and self.src_len == self.dst_len

    def to_source(self, dst: int) -> int:
        return self._map(dst, by_source=False)

    def to_target(self, src: int) -> int:
        return self._map(src, by_source=True)

    def _map(self, offset: int, by_source: bool) -> int:
        if self.is_identity:
            return offset
        starts = [s.src_start if by_source else s.dst_start for s in self.segments]
        i = max(0, bisect_right(starts, offset) - 1)
        seg = self.segments[i]
        a0, a1, b0, b1 = (
            (seg.src_start, seg.src_end, seg.dst_start, seg.dst_end)
            if by_source
            else (seg.dst_start, seg.dst_end, seg.src_start, seg.src_end)
        )
        if a1 - a0 == b1 - b0:
            return min(b0 + (offset - a0), b1)
        return b0 if offset < a1 else b1


@dataclass(frozen=True, slots=True)
class Conversion:
    text: str
    alignment: Alignment


# Where a text is cut to be converted and aligned piece by piece: after punctuation and
# whitespace, which no OpenCC phrase spans, so the pieces convert as the whole would; a run
# longer than _PIECE without any is cut there (a phrase across that cut converts by its parts).
_BREAKS = re.compile("[。！？；，、：…\n\r\t !?;,.:]+")
_PIECE = 200


def _pieces(text: str) -> list[str]:
    out: list[str] = []
    start = 0
    for m in _BREAKS.finditer(text):
        end = m.end()
        while end - start > _PIECE:
            out.append(text[start : start + _PIECE])
            start += _PIECE
        out.append(text[start:end])
        start = end
    while start < len(text):
        out.append(text[start : start + _PIECE])
        start += _PIECE
    return out


def convert(text: str, target: str) -> Conversion:
    """Convert `text` to a named target or OpenCC config, with an alignment to `text`.

    Linear in the text: the whole converted at once when that keeps the length, else piece by
    piece, and only the pieces whose length changed are aligned (a diff, quadratic in a piece).
    """
    conv = converter(config_for(target))
    out = conv.convert(text)
    if len(out) == len(text):
        return Conversion(out, Alignment.identity(len(text)))
    parts: list[str] = []
    segments: list[Segment] = []
    src = dst = 0
    for piece in _pieces(text):
        converted = str(conv.convert(piece))
        parts.append(converted)
        if len(converted) == len(piece):
            found = [Segment(0, len(piece), 0, len(piece))]
        else:
            found = list(_align(piece, converted, conv).segments)
        for seg in found:
            seg = Segment(seg.src_start + src, seg.src_end + src, seg.dst_start + dst, seg.dst_end + dst)
            last = segments[-1] if segments else None
            linear = seg.src_end - seg.src_start == seg.dst_end - seg.dst_start
            if last and linear and last.src_end - last.src_start == last.dst_end - last.dst_start:
                segments[-1] = Segment(last.src_start, seg.src_end, last.dst_start, seg.dst_end)
            elif seg.src_end > seg.src_start or seg.dst_end > seg.dst_start:
                segments.append(seg)
        src += len(piece)
        dst += len(converted)
    return Conversion("".join(parts), Alignment(tuple(segments), len(text), dst))


def _align(src: str, dst: str, conv: opencc.OpenCC) -> Alignment:
    # Convert char by char (length-preserving almost always), then diff against the
    # phrase-level output: equal runs map one to one, the rest map span to span.
    charwise = _charwise(src, conv)
    matcher = difflib.SequenceMatcher(None, charwise, dst, autojunk=False)
    segments = [Segment(i1, i2, j1, j2) for _, i1, i2, j1, j2 in matcher.get_opcodes()]
    return Alignment(tuple(segments), len(src), len(dst))


_SURROGATE = re.compile("([\ud800-\udfff])")


def same_length(text: str, config: str) -> str:
    """Convert one character for one character, so offsets hold in every view.

    Whole-text conversion when it keeps the length; otherwise character by
    character, leaving any character whose conversion is not one character.
    """
    conv = converter(config)
    if _SURROGATE.search(text):
        # OpenCC takes UTF-8 only: convert around lone surrogates, keep them as they are.
        return "".join(p if _SURROGATE.fullmatch(p) else same_length(p, config) for p in _SURROGATE.split(text) if p)
    out = str(conv.convert(text))
    if len(out) == len(text):
        return out
    return _charwise(text, conv)


def _charwise(text: str, conv: opencc.OpenCC) -> str:
    return "".join(c if len(c := str(conv.convert(ch))) == 1 else ch for ch in text)


def to_simplified_same_length(text: str) -> str:
    """The Simplified form of `text`, one character for one character, for analysis."""
    return same_length(text, "tw2s")


_PASSAGE = re.compile(r"[^。！？!?\n]*[。！？!?\n]*")


# The script a text is detected to be written in.
Script = Literal["simplified", "traditional", "mixed"]


def other_script(script: str) -> Literal["simplified", "traditional"]:
    """The script a text is not written in: Simplified for Traditional text, else Traditional.

    The one place this rule is written: the reader's sentence line, a saved word's
    sentence in the other script and `vocab add --article` all follow it."""
    return "simplified" if script == "traditional" else "traditional"


def in_other_script(text: str, script: str) -> str:
    """`text` (written in `script`) as the reader shows it in the other script, character for character."""
    if other_script(script) == "simplified":
        return to_simplified_same_length(text)
    return traditional_view(text, script)


def in_view(text: str, view: str, script: str) -> str:
    """`text` of an article written in `script` (a section title, a claim) as the reader's view
    `view` (original, simplified or traditional) writes the article."""
    if view == "simplified":
        return to_simplified_same_length(text)
    if view == "traditional":
        return traditional_view(text, script)
    return text


def traditional_view(text: str, script: str) -> str:
    """The reader's Traditional view of `text`, one character for one character.

    Taiwan standard (s2tw: 為, 裡, 著, as the library's Traditional sources write),
    not OpenCC's own standard (爲, 裏, 着). What the source already writes in
    Traditional stays as written, and so, in a mixed text, does every passage
    written mostly in Traditional: there 台 stays 台 instead of becoming 臺.
    """
    if script == "traditional":
        return text
    simplified = to_simplified_same_length(text)
    converted = same_length(text, "s2tw")
    # A character that tw2s changes is Traditional already: keep it as written.
    out = [src if src != simp else conv for src, simp, conv in zip(text, simplified, converted, strict=True)]
    if script == "mixed":
        for m in _PASSAGE.finditer(text):
            a, b = m.span()
            traditional = sum(text[i] != simplified[i] for i in range(a, b))
            simplified_only = sum(text[i] == simplified[i] != converted[i] for i in range(a, b))
            if traditional > simplified_only:
                out[a:b] = text[a:b]
    return "".join(out)


def detect_script(text: str) -> Script:
    """simplified, traditional or mixed, by how many characters each direction would change."""
    trad = _changed(text, converter("t2s").convert(text))
    simp = _changed(text, converter("s2tw").convert(text))
    if trad + simp == 0:
        return "simplified"
    share = trad / (trad + simp)
    if share >= 0.9:
        return "traditional"
    if share <= 0.1:
        return "simplified"
    return "mixed"


def _changed(a: str, b: str) -> int:
    if len(a) != len(b):
        return sum(1 for x, y in zip(a, b) if x != y) + abs(len(a) - len(b))
    return sum(1 for x, y in zip(a, b) if x != y)
