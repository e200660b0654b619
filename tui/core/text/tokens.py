"""Tokens: jieba segmentation of the Simplified form, mapped back onto the original text."""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Final, Literal

from tui.core.text import prefix_dict
from tui.core.text.chars import _HAN, has_han
from tui.store import paths

# What a token is: these strings are also the `kind` of the CLI's JSON.
TokenKind = Literal["han", "latin", "number", "punct", "space"]
HAN: Final = "han"
LATIN: Final = "latin"
NUMBER: Final = "number"
PUNCT: Final = "punct"
SPACE: Final = "space"


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int
    kind: TokenKind


@lru_cache(maxsize=1 << 16)  # surfaces repeat: the same few thousand words and marks
def kind_of(surface: str) -> TokenKind:
    if has_han(surface):
        return HAN
    if surface.isspace():
        return SPACE
    stripped = surface.replace(".", "").replace(",", "").replace("%", "")
    if stripped and all(unicodedata.category(ch) == "Nd" for ch in stripped):
        return NUMBER
    if any(ch.isalnum() for ch in surface):
        return LATIN
    return PUNCT


class Segmenter:
    """A jieba tokenizer whose dictionary cache lives in our home, with our user words."""

    def __init__(self, user_words: Iterable[str] = (), fixes: dict[str, tuple[str, ...]] | None = None) -> None:
        jieba = _import_jieba()
        jieba.setLogLevel(logging.WARNING)
        self._jieba = jieba.Tokenizer()
        self._jieba.tmp_dir = str(paths.jieba_cache_dir())
        prefix_dict.initialize(self._jieba, jieba)
        self._lock = threading.Lock()
        # The user's fixes: a word kept whole maps to itself, a split word to its parts.
        self.fixes = dict(fixes or {})
        self.user_words = sorted(set(user_words) | {w for w, parts in self.fixes.items() if parts == (w,)})
        for word in self.user_words:
            self.add_word(word)
        # Joins jieba prefers that cut across a word more often than they are one: 性行为 in
        # 全域性行為 (global behaviour), 攻击性行为 (aggressive behaviour). Left to the user to merge.
        for parts in _SPLIT:
            self._jieba.suggest_freq(parts, tune=True)

    def add_word(self, word: str) -> None:
        with self._lock:
            freq = self._jieba.suggest_freq(word, tune=False)
            self._jieba.add_word(word, freq=max(int(freq), 10))

    def frequencies(self) -> tuple[dict[str, int], int]:
        """jieba's word frequencies and their total (what its routes are weighed by)."""
        return self._jieba.FREQ, self._jieba.total

    def cut(self, simplified: str) -> list[str]:
        with self._lock:
            pieces = [p for part in _bounded_runs(simplified) for p in self._jieba.cut(part, HMM=True)]
        return apply_fixes(pieces, self.fixes) if self.fixes else pieces


_SPLIT = (("性", "行为"),)


# jieba cuts a text at what is neither Han nor Latin, then builds a graph over each run: a run
# of a megabyte (one line of Han, one long "word") cost minutes and hundreds of MB. A run past
# RUN_MAX characters is cut into pieces of RUN_PIECE first (a word across a cut is two words);
# ordinary text has no such run and is cut exactly as before.
RUN_MAX = 4000
RUN_PIECE = 1000
_JIEBA_RUN = re.compile(f"[\u4e00-\u9fd5a-zA-Z0-9+#&._%\\-]{{{RUN_MAX + 1},}}")


def _bounded_runs(text: str) -> list[str]:
    if len(text) <= RUN_MAX or _JIEBA_RUN.search(text) is None:
        return [text]
    parts: list[str] = []
    at = 0
    for m in _JIEBA_RUN.finditer(text):
        if m.start() > at:
            parts.append(text[at : m.start()])
        parts += [text[i : min(i + RUN_PIECE, m.end())] for i in range(m.start(), m.end(), RUN_PIECE)]
        at = m.end()
    if at < len(text):
        parts.append(text[at:])
    return parts


def _import_jieba() -> Any:
    """jieba, imported without pkg_resources (35 ms of imports for one file path):
    without it, jieba opens its dictionary by path, which is all we need."""
    import sys

    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba

        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes the import fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def apply_fixes(pieces: list[str], fixes: dict[str, tuple[str, ...]]) -> list[str]:
    """Cut the words the user split, then join runs of pieces into the words the user kept whole."""
    split: list[str] = []
    for piece in pieces:
        parts = fixes.get(piece)
        split.extend(parts if parts and len(parts) > 1 else (piece,))
    whole = {w for w, parts in fixes.items() if len(parts) == 1}
    longest = max((len(w) for w in whole), default=0)
    out: list[str] = []
    i = 0
    while i < len(split):
        joined = split[i]
        end = i + 1
        for j in range(i + 2, len(split) + 1):
            candidate = "".join(split[i:j])
            if len(candidate) > longest:
                break
            if candidate in whole:
                joined, end = candidate, j
        out.append(joined)
        i = end
    return out


def tokenize(text: str, simplified: str, segmenter: Segmenter) -> list[Token]:
    """Tokens over `text` whose concatenation is exactly `text`.

    `simplified` is `text` converted character for character, so offsets carry over.
    """
    words, kinds = segment(text, simplified, segmenter)
    tokens: list[Token] = []
    pos = 0
    for word, kind in zip(words, kinds):
        end = pos + len(word)
        tokens.append(Token(text[pos:end], pos, end, kind))
        pos = end
    return tokens


def segment(text: str, simplified: str, segmenter: Segmenter) -> tuple[list[str], list[TokenKind]]:
    """The words of `simplified` (which concatenate to it) and the kind of each over `text`:
    what `tokenize` gives, without a Token object per word (a 4 MB text is 800k of them)."""
    if len(simplified) != len(text):
        raise ValueError("the simplified form must keep the text's length")
    words: list[str] = []
    kinds: list[TokenKind] = []
    pos = 0  # the end of the pieces seen
    done = 0  # the end of the words given

    def give(start: int, end: int) -> None:
        words.append(simplified[start:end])
        kinds.append(kind_of(text[start:end]))

    for piece in segmenter.cut(simplified):
        for part in _split_mixed(piece):
            end = pos + len(part)
            if _HAN.match(part):
                for m in _OTHER.finditer(simplified, done, pos):
                    give(m.start(), m.end())
                give(pos, end)
                done = end
            pos = end
    for m in _OTHER.finditer(simplified, done, pos):
        give(m.start(), m.end())
    if pos != len(text):  # jieba dropped something: never lose text
        words.append(simplified[pos:])
        kinds.append(kind_of(text[pos:]))
    return words, kinds


_HAN_CLASS = _HAN.pattern[1:-1]
# What jieba cuts too finely outside Han text, re-cut as a reader sees it: one token per
# space (as jieba gives them); a word, number or name with its joiners (ls(1), 1.6.3,
# F1—F6, VT100, １９９６, 1,000, 3.5%); a run of one mark (———, ……); else a character.
# A word is cut every MAX_WORD characters: the group's repeat keeps a frame per character in
# re's stack, and one "word" of 8 MB (no space in it) took 1 GB.
MAX_WORD = 1000
_OTHER = re.compile(
    r"\r\n|\s"
    rf"|[^\W_](?:\w|[.\-+#—–](?=[^\W_])|,(?=\d{{3}})){{0,{MAX_WORD - 1}}}(?:\([0-9A-Za-z]\w*\))?%?"
    r"|([^\w\s])\1*"
    r"|.",
    re.S,
)
# Runs of Han and runs of anything else: one regex in C, not a loop per character (a 4 MB
# text is 800k pieces).
_RUNS = re.compile(f"[{_HAN_CLASS}]+|[^{_HAN_CLASS}]+")


def _split_mixed(piece: str) -> list[str]:
    """Split a jieba piece where it runs Han into Latin or digits ("G20峰会" stays whole only if all Han)."""
    if len(piece) <= 1:
        return [piece]
    return _RUNS.findall(piece)
