"""Pinyin as it is written per GB/T 16159-2012: words joined, apostrophes, capitals, punctuation."""

from __future__ import annotations

import re
from collections.abc import Sequence

from tui.core.text.pinyin_forms import render
from tui.core.text.pinyin_parse import parse
from tui.errors import UserError


def join_word(syllables: Sequence[str], style: str, spelled: str | None = None) -> str:
    """A word's pinyin as it is written: see `written_syllables`."""
    return "".join(written_syllables(syllables, style, spelled)).strip()


def written_syllables(syllables: Sequence[str], style: str = "marks", spelled: str | None = None) -> list[str]:
    """One word's syllables rendered and written per GB/T 16159-2012, one string per character.

    Each string is a syllable with what the written word puts before or after it, so
    that joining them gives the written word and each still sits over its character:
    an apostrophe before a, o, e inside a word (Xī'ān, Tiān'ānmén), a space before a
    proper noun's capital inside a compound, and the spaces and hyphens of `spelled`,
    the way the glossary writes the term (Shípò Mào, Rì-Měi tóngméng). Marks run a
    word's syllables together; numbers and zhuyin are spaced syllable by syllable.
    "" stays "" (a character without a reading).
    """
    rendered = [render(s, style) for s in syllables]
    if style != "marks":
        last = max((i for i, r in enumerate(rendered) if r), default=-1)
        return [r + " " if r and i != last else r for i, r in enumerate(rendered)]
    after = _separators(spelled) if spelled else None
    if after is None or len(after) != len([s for s in syllables if s]):
        after = None
    out: list[str] = []
    previous = ""  # what ended the last syllable written: "" means we are inside a word
    n = 0
    for syllable, text in zip(syllables, rendered):
        if not syllable:
            out.append("")
            continue
        if n and after is None and previous == "" and syllable[:1].isupper():
            out[-1] += " "  # 美国国会 Měiguó Guóhuì: CC-CEDICT capitalises each name word
            previous = " "
        if n and previous == "" and syllable[:1].lower() in "aoe":
            text = "'" + text
        sep = after[n] if after is not None else ""
        out.append(text + sep)
        previous = sep
        n += 1
    if out and after is not None:
        last = max(i for i, s in enumerate(out) if s)
        out[last] = out[last].rstrip(" -")
    return out


def written_line(pieces: Sequence[tuple[str, str, Sequence[str]]]) -> str:
    """Running pinyin for a stretch of text: (kind, surface, written syllables) per token.

    Words are separated by spaces, punctuation takes its Western form and sticks to
    the word before it, Latin and numbers stay as they are, and a sentence begins
    with a capital (GB/T 16159-2012, 6.2 and 7).
    """
    out: list[str] = []
    sentence_start = True
    for kind, surface, syllables in pieces:
        word = "".join(syllables).strip()
        if kind == "han" and word:
            if sentence_start:
                word = word[:1].upper() + word[1:]
            out.append(" " + word if out else word)
            sentence_start = False
        elif kind in ("latin", "number"):
            out.append(" " + surface if out else surface)
            sentence_start = False
        elif kind == "punct":
            mark = "".join(_PUNCT.get(ch, ch) for ch in surface)
            if mark.startswith(("(", "“", "‘", "《")) and out:
                mark = " " + mark
            out.append(mark)
            if any(ch in "。！？!?" for ch in surface):
                sentence_start = True
        elif "\n" in surface:
            out.append("\n")
            sentence_start = True
    return "".join(out).replace("\n ", "\n").strip()


_PUNCT = {
    "，": ",", "。": ".", "、": ",", "；": ";", "：": ":", "！": "!", "？": "?",
    "（": "(", "）": ")", "《": "“", "》": "”", "「": "“", "」": "”", "『": "‘", "』": "’", "…": "…", "—": "—",
}  # fmt: skip


def _separators(written: str) -> list[str] | None:
    """What follows each syllable of written pinyin: "" inside a word, else " " or "-"."""
    parts = re.split(r"(\s+|-)", written.strip())
    out: list[str] = []
    for i in range(0, len(parts), 2):
        try:
            count = sum(len(w) for w in parse(parts[i]))
        except UserError:
            return None
        if count == 0:
            return None
        after = parts[i + 1] if i + 1 < len(parts) else ""
        out += [""] * (count - 1) + [" " if after.isspace() else after]
    return out
