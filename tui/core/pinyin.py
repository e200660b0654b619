"""Pinyin: one syllable per Han character, decided in context, in three styles.

Readings are kept as tone-number syllables with v for ü and 5 for the neutral
tone ("zhong4", "le5", "lv4"); capitals mark proper nouns ("Chao2").
Order of authority for a word: explicit overrides (the user's fixes, then the
glossary), then a CC-CEDICT word reading when every entry agrees, then
pypinyin's phrase data, then context rules for single characters.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache

from tui.core.chars import is_han
from tui.core.errors import UserError
from tui.core.pinyin_syllables import SYLLABLES

STYLES = ("marks", "numbers", "zhuyin")

_TONED = {
    "ā": ("a", 1), "á": ("a", 2), "ǎ": ("a", 3), "à": ("a", 4),
    "ē": ("e", 1), "é": ("e", 2), "ě": ("e", 3), "è": ("e", 4),
    "ī": ("i", 1), "í": ("i", 2), "ǐ": ("i", 3), "ì": ("i", 4),
    "ō": ("o", 1), "ó": ("o", 2), "ǒ": ("o", 3), "ò": ("o", 4),
    "ū": ("u", 1), "ú": ("u", 2), "ǔ": ("u", 3), "ù": ("u", 4),
    "ǖ": ("v", 1), "ǘ": ("v", 2), "ǚ": ("v", 3), "ǜ": ("v", 4), "ü": ("v", 0),
    "ń": ("n", 2), "ň": ("n", 3), "ǹ": ("n", 4), "ḿ": ("m", 2),
}  # fmt: skip


# --- rendering -----------------------------------------------------------------------


def render(syllable: str, style: str) -> str:
    """Render one tone-number syllable ("zhong4", "Chao2") in a style."""
    if not syllable:
        return ""
    if style == "numbers":
        return syllable.replace("v", "ü").replace("V", "Ü")
    if style == "marks":
        return _marks(syllable)
    if style == "zhuyin":
        return _zhuyin(syllable.lower())
    raise UserError(f"unknown pinyin style {style!r}; use one of {', '.join(STYLES)}")


_TONE_MARKS: dict[str, str | tuple[str, ...]] = {
    "a": "āáǎà", "e": "ēéěè", "i": "īíǐì", "o": "ōóǒò", "u": "ūúǔù", "ü": "ǖǘǚǜ",
    "n": ("n̄", "ń", "ň", "ǹ"), "m": ("m̄", "ḿ", "m̌", "m̀"),
}  # fmt: skip


@lru_cache(maxsize=4096)
def _marks(syllable: str) -> str:
    """zhong4 -> zhòng: the mark goes on a or e, on the o of ou, else on the last vowel."""
    tone = int(syllable[-1]) if syllable[-1:].isdigit() else 0
    body = (syllable[:-1] if syllable[-1:].isdigit() else syllable).replace("v", "ü").replace("V", "Ü")
    if tone not in (1, 2, 3, 4):
        return body
    lower = body.lower()
    if "a" in lower:
        i = lower.index("a")
    elif "e" in lower:
        i = lower.index("e")
    elif "ou" in lower:
        i = lower.index("o")
    else:
        vowels = [j for j, ch in enumerate(lower) if ch in "iouü"]
        if not vowels:
            vowels = [j for j, ch in enumerate(lower) if ch in "nm"]
        if not vowels:
            return body
        i = vowels[-1]
    marked = _TONE_MARKS[lower[i]][tone - 1]
    return body[:i] + (marked.upper() if body[i].isupper() else marked) + body[i + 1 :]


_INITIALS = {
    "zh": "ㄓ", "ch": "ㄔ", "sh": "ㄕ", "b": "ㄅ", "p": "ㄆ", "m": "ㄇ", "f": "ㄈ", "d": "ㄉ", "t": "ㄊ",
    "n": "ㄋ", "l": "ㄌ", "g": "ㄍ", "k": "ㄎ", "h": "ㄏ", "j": "ㄐ", "q": "ㄑ", "x": "ㄒ", "r": "ㄖ",
    "z": "ㄗ", "c": "ㄘ", "s": "ㄙ",
}  # fmt: skip
_FINALS = {
    "a": "ㄚ", "o": "ㄛ", "e": "ㄜ", "ê": "ㄝ", "ai": "ㄞ", "ei": "ㄟ", "ao": "ㄠ", "ou": "ㄡ", "an": "ㄢ",
    "en": "ㄣ", "ang": "ㄤ", "eng": "ㄥ", "ong": "ㄨㄥ", "er": "ㄦ", "i": "ㄧ", "ia": "ㄧㄚ", "ie": "ㄧㄝ",
    "iao": "ㄧㄠ", "iu": "ㄧㄡ", "ian": "ㄧㄢ", "in": "ㄧㄣ", "iang": "ㄧㄤ", "ing": "ㄧㄥ", "iong": "ㄩㄥ",
    "io": "ㄧㄛ", "u": "ㄨ", "ua": "ㄨㄚ", "uo": "ㄨㄛ", "uai": "ㄨㄞ", "ui": "ㄨㄟ", "uan": "ㄨㄢ", "un": "ㄨㄣ",
    "uang": "ㄨㄤ", "ueng": "ㄨㄥ", "uei": "ㄨㄟ", "uen": "ㄨㄣ", "iou": "ㄧㄡ", "uong": "ㄨㄥ", "v": "ㄩ",
    "ve": "ㄩㄝ", "van": "ㄩㄢ", "vn": "ㄩㄣ", "m": "ㄇ", "n": "ㄋ",
    "ng": "ㄫ", "r": "ㄦ",
}  # fmt: skip
_TONE_ZHUYIN = {1: "", 2: "ˊ", 3: "ˇ", 4: "ˋ", 5: "˙", 0: ""}


@lru_cache(maxsize=4096)
def _zhuyin(syllable: str) -> str:
    """zhong4 -> ㄓㄨㄥˋ (the neutral-tone dot follows, as pypinyin writes it)."""
    tone = int(syllable[-1]) if syllable[-1:].isdigit() else 0
    body = syllable.rstrip("012345").replace("ü", "v")
    if body.startswith("y"):
        rest = body[1:]
        body = ("v" + rest[1:]) if rest.startswith("u") else ("i" + rest if not rest.startswith("i") else rest)
    elif body.startswith("w"):
        rest = body[1:]
        body = rest if rest.startswith("u") else "u" + rest
    initial = next((i for i in _INITIALS if body.startswith(i) and body != i), "")
    final = body[len(initial) :]
    if initial in ("j", "q", "x") and final.startswith("u"):
        final = "v" + final[1:]
    if initial in ("zh", "ch", "sh", "r", "z", "c", "s") and final == "i":
        zhuyin = _INITIALS[initial]
    else:
        zhuyin = _INITIALS.get(initial, "") + _FINALS.get(final, final)
    return zhuyin + _TONE_ZHUYIN[tone]


def join_word(syllables: Sequence[str], style: str) -> str:
    """A word's syllables joined the way each style is written: marks run together."""
    parts = [render(s, style) for s in syllables if s]
    return ("" if style == "marks" else " ").join(parts)


# --- parsing pinyin typed by people ---------------------------------------------------


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

    @cache
    def cut(start: int) -> tuple[int, ...] | None:
        if start == len(word):
            return ()
        for end in range(min(len(word), start + 6), start, -1):
            syllable = word[start:end]
            if syllable not in SYLLABLES:
                continue
            # Written pinyin puts an apostrophe before a, o, e inside a word (Xī'ān), so
            # a vowel-initial syllable, or a bare nasal, can only start a piece.
            if start and (syllable[0] in "aoe" or syllable in ("m", "n", "ng")):
                continue
            if any(start <= i < end - 1 for i in explicit):
                continue
            rest = cut(end)
            if rest is not None:
                return (end, *rest)
        return None

    result = cut(0)
    return list(result) if result is not None else None


def toneless(syllable: str) -> str:
    return syllable.rstrip("012345").lower()


# --- readings in context --------------------------------------------------------------


@lru_cache(maxsize=65536)
def _pypinyin_word(word: str) -> tuple[str, ...]:
    from pypinyin import Style, lazy_pinyin

    if all(is_han(ch) for ch in word):
        out = lazy_pinyin(word, style=Style.TONE3, neutral_tone_with_five=True, v_to_u=False)
        if len(out) == len(word):
            return tuple(out)
    return tuple(_pypinyin_word(ch)[0] if is_han(ch) else "" for ch in word)


def _clause_before(words: Sequence[str], i: int) -> list[str]:
    out = []
    for w in reversed(words[max(0, i - 12) : i]):
        if w and w[-1] in "，,。；;：:！？!?\n":
            break
        out.append(w)
    return out


# Context rules for a character that stands as a word on its own. Each gets the
# neighbouring words and returns a reading, or None to keep the default.
def _rule_chang(prev: str, nxt: str, clause: list[str]) -> str | None:
    if nxt[:1] in ("大", "成") or prev[-1:] in ("增", "成", "生", "助", "滋", "年"):
        return "zhang3"
    return "chang2"


def _rule_zhong(prev: str, nxt: str, clause: list[str]) -> str | None:
    if nxt[:1] in ("新", "返", "申", "启", "建", "演", "复", "回", "组", "塑", "振"):
        return "chong2"
    return "zhong4"


def _rule_xing(prev: str, nxt: str, clause: list[str]) -> str | None:
    if prev[-1:] in ("银", "同", "本", "内", "外") and nxt[:1] not in ("为", "动", "使"):
        return "hang2"
    return "xing2"


def _rule_chao(prev: str, nxt: str, clause: list[str]) -> str | None:
    if nxt[:1] in ("夕", "阳", "晖", "霞"):
        return "zhao1"
    if nxt[:1] in ("美", "日", "韩", "中", "俄"):
        return "Chao2"
    return "chao2"


def _rule_le(prev: str, nxt: str, clause: list[str]) -> str | None:
    if nxt[:1] in ("解", "结", "如", "然", "却") or nxt.startswith("不起"):
        return "liao3"
    return "le5"


def _rule_zhe(prev: str, nxt: str, clause: list[str]) -> str | None:
    if prev[-1:] in ("睡", "找", "猜", "着") or nxt[:1] in ("急", "火", "凉", "迷"):
        return "zhao2"
    if nxt[:1] in ("手", "力", "重", "眼", "陆", "装", "落"):
        return "zhuo2"
    return "zhe5"


def _rule_wei(prev: str, nxt: str, clause: list[str]) -> str | None:
    # 以…为… ("taking … as …") and 为 after a verb of becoming read wéi; "for" reads wèi.
    if nxt[:1] == "了":
        return "wei4"
    if "以" in clause or prev[-1:] in ("成", "作", "视", "称", "认", "变", "转", "改", "分", "化", "被", "列", "定"):
        return "wei2"
    return "wei4"


def _rule_de(prev: str, nxt: str, clause: list[str]) -> str | None:
    # 地 after an adverbial (…地 + verb) is the particle de.
    if (
        len(prev) >= 2
        and nxt
        and is_han(nxt[0])
        and prev not in ("土地", "各地", "当地", "本地", "基地", "两地", "领地")
    ):
        return "de5"
    return None


CONTEXT_RULES: dict[str, Callable[[str, str, list[str]], str | None]] = {
    "长": _rule_chang,
    "重": _rule_zhong,
    "行": _rule_xing,
    "朝": _rule_chao,
    "了": _rule_le,
    "着": _rule_zhe,
    "为": _rule_wei,
    "地": _rule_de,
}


def readings(
    words: Sequence[str],
    overrides: Mapping[str, Sequence[str]] | None = None,
    cedict: Mapping[str, str] | None = None,
) -> list[tuple[str, ...]]:
    """Readings for segmented Simplified words: one syllable per character, "" for non-Han.

    `overrides` maps a word to its syllables (user fixes and glossary, already merged);
    `cedict` maps a word to its single CC-CEDICT reading, where it has one.
    """
    overrides = overrides or {}
    cedict = cedict or {}
    out: list[tuple[str, ...]] = []
    for i, word in enumerate(words):
        if not any(is_han(ch) for ch in word):
            out.append(("",) * len(word))
            continue
        fixed = overrides.get(word)
        if fixed is not None and len(fixed) == len(word):
            out.append(tuple(fixed))
            continue
        reading = cedict.get(word)
        if reading is not None and len(word) > 1:
            syllables = reading.split()
            if len(syllables) == len(word) and all(is_han(ch) for ch in word):
                out.append(tuple(syllables))
                continue
        if len(word) == 1 and word in CONTEXT_RULES:
            prev = words[i - 1] if i else ""
            nxt = words[i + 1] if i + 1 < len(words) else ""
            ruled = CONTEXT_RULES[word](prev, nxt, _clause_before(words, i))
            if ruled is not None:
                out.append((ruled,))
                continue
        out.append(_pypinyin_word(word))
    return out
