"""Tone sandhi as a view: citation readings turned into the tones people say."""

from __future__ import annotations

from collections.abc import Sequence

_NUMERAL_CHARS = frozenset("零〇一二两三四五六七八九十百千万亿第初")


def spoken(words: Sequence[str], pinyin: Sequence[Sequence[str]]) -> list[tuple[str, ...]]:
    """Citation readings turned into spoken tones: the view `--sandhi` and the reader's key show.

    不 before a fourth tone is bú (búshì); 一 is yí before a fourth tone and yì before
    the others (yíge, yìtiān), but stays yī as a number (第一, 一月, 十一, 统一 at a
    word's end); of a run of third tones all but the last are said as second (nǐhǎo ->
    níhǎo, zhǎnlǎnguǎn -> zhánlánguǎn). A run stops at anything that is not Han.
    """
    flat: list[str] = [s for p in pinyin for s in p]
    chars = "".join(words)
    out = list(flat)

    def tone(i: int) -> str:
        return flat[i][-1:] if 0 <= i < len(flat) and flat[i] else ""

    ends = set()  # offsets that end a word
    offset = 0
    for word in words:
        offset += len(word)
        ends.add(offset - 1)
    for i, syllable in enumerate(flat):
        low = syllable.lower()
        if chars[i] == "不" and low == "bu4" and tone(i + 1) == "4":
            out[i] = _with_tone(syllable, "2")
        elif chars[i] == "一" and low == "yi1" and tone(i + 1) in ("1", "2", "3", "4"):
            numeric = (i and chars[i - 1] in _NUMERAL_CHARS) or chars[i + 1] in _NUMERAL_CHARS or chars[i + 1] == "月"
            if not numeric and (i not in ends or _word_is_yi(words, i)):
                out[i] = _with_tone(syllable, "2" if tone(i + 1) == "4" else "4")
    i = 0
    while i < len(flat):
        if tone(i) != "3" or out[i] != flat[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(flat) and tone(j + 1) == "3" and out[j + 1] == flat[j + 1]:
            j += 1
        for k in range(i, j):
            out[k] = _with_tone(flat[k], "2")
        i = j + 1
    result: list[tuple[str, ...]] = []
    k = 0
    for p in pinyin:
        result.append(tuple(out[k : k + len(p)]))
        k += len(p)
    return result


def _word_is_yi(words: Sequence[str], i: int) -> bool:
    """Whether the 一 at offset i is a word of its own (一 个), not the end of one (统一)."""
    offset = 0
    for word in words:
        if offset <= i < offset + len(word):
            return word == "一"
        offset += len(word)
    return False


def _with_tone(syllable: str, tone: str) -> str:
    return syllable.rstrip("012345") + tone
