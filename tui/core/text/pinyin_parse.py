"""Parsing pinyin typed by people (marks, numbers or no tones) into tone-number syllables."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping

from tui.core.text.pinyin_syllables import SYLLABLES
from tui.errors import UserError

_TONED = {
    "ā": ("a", 1), "á": ("a", 2), "ǎ": ("a", 3), "à": ("a", 4),
    "ē": ("e", 1), "é": ("e", 2), "ě": ("e", 3), "è": ("e", 4),
    "ī": ("i", 1), "í": ("i", 2), "ǐ": ("i", 3), "ì": ("i", 4),
    "ō": ("o", 1), "ó": ("o", 2), "ǒ": ("o", 3), "ò": ("o", 4),
    "ū": ("u", 1), "ú": ("u", 2), "ǔ": ("u", 3), "ù": ("u", 4),
    "ǖ": ("v", 1), "ǘ": ("v", 2), "ǚ": ("v", 3), "ǜ": ("v", 4), "ü": ("v", 0),
    "ń": ("n", 2), "ň": ("n", 3), "ǹ": ("n", 4), "ḿ": ("m", 2),
}  # fmt: skip


def parse(text: str) -> list[list[str]]:
    """Parse pinyin with marks, numbers or no tones into words of tone-number syllables.

    Toneless syllables get tone 0 ("tong0"). Raises UserError if it is not pinyin.
    "Shípò Mào" -> [["Shi2", "po4"], ["Mao4"]]; "tong2 meng2" -> [["tong2"], ["meng2"]].
    """
    words = []
    for group in re.split(r"[\s\-]+", unicodedata.normalize("NFC", text.strip())):
        if not group:
            continue
        syllables: list[str] = []
        for piece in group.split("'"):
            if piece:
                syllables.extend(_parse_piece(piece, text))
        words.append(syllables)
    return words


def _parse_piece(piece: str, whole: str) -> list[str]:
    letters: list[str] = []
    tones: list[int] = []  # tone per letter position (0 = none) from marks
    explicit: dict[int, int] = {}  # letter index -> tone number typed after a syllable
    for ch in piece.replace("u:", "v").replace("U:", "V"):
        low = ch.lower()
        if low in _TONED:
            base, tone = _TONED[low]
            letters.append(base.upper() if ch.isupper() else base)
            tones.append(tone)
        elif ch.isdigit() and letters:
            explicit[len(letters) - 1] = int(ch)
        elif ch.isascii() and ch.isalpha():
            letters.append(ch)
            tones.append(0)
        else:
            raise UserError(f"not pinyin: {whole!r}")
    word = "".join(letters)
    cuts = _segment(word.lower(), explicit)
    if cuts is None:
        raise UserError(f"not pinyin: {whole!r}")
    out = []
    start = 0
    for end in cuts:
        tone = explicit.get(end - 1) or max(tones[start:end], default=0)
        out.append(f"{word[start:end]}{tone}")
        start = end
    return out


def _segment(word: str, explicit: Mapping[int, int]) -> list[int] | None:
    """Cut toneless letters into syllables, longest first; a typed tone number ends one."""

    # From the end back, the first (longest) syllable at each start whose rest can be cut: the
    # choice a longest-first search makes, without recursion ('tóng' × 500 overflowed the stack).
    n = len(word)
    following: list[int | None] = [None] * (n + 1)
    cuttable = [False] * (n + 1)
    cuttable[n] = True
    for start in range(n - 1, -1, -1):
        for end in range(min(n, start + 6), start, -1):
            syllable = word[start:end]
            if syllable not in SYLLABLES or not cuttable[end]:
                continue
            # Written pinyin puts an apostrophe before a, o, e inside a word (Xī'ān), so
            # a vowel-initial syllable, or a bare nasal, can only start a piece.
            if start and (syllable[0] in "aoe" or syllable in ("m", "n", "ng")):
                continue
            if any(start <= i < end - 1 for i in explicit):
                continue
            following[start], cuttable[start] = end, True
            break
    if not cuttable[0]:
        return None
    cuts, at = [], 0
    while at < n:
        at = following[at] or n  # set wherever the text from there can be cut
        cuts.append(at)
    return cuts


def toneless(syllable: str) -> str:
    return syllable.rstrip("012345").lower()
