"""Pinyin: one syllable per Han character, decided in context, in three styles.

Readings are kept as tone-number syllables with v for ü and 5 for the neutral
tone ("zhong4", "le5", "lv4"); capitals mark proper nouns ("Chao2").
Order of authority: explicit overrides (the user's fixes, then the glossary), then a
multi-character word's reading where CC-CEDICT (every entry) and pypinyin's phrase
data agree, then the context model (tui/core/text/polyphone.py) for the characters left,
then context rules for single characters and pypinyin.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Callable, Mapping, Sequence
from functools import cache, lru_cache
from itertools import accumulate

from tui.core.text.chars import is_han
from tui.core.text.pinyin_syllables import SYLLABLES
from tui.errors import UserError

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


@cache
def _forms() -> dict[str, tuple[str, ...]]:
    """Syllable -> its marks for tones 1-4 and neutral, then its zhuyin likewise (pypinyin's own)."""
    from pathlib import Path

    # Written by pinyin_forms_build.py from pypinyin's own rendering (see there why a table).
    lines = Path(__file__).with_name("pinyin_forms.tsv").read_text(encoding="utf-8").splitlines()
    return {base: tuple(forms) for base, *forms in (line.split("\t") for line in lines)}


def _split(syllable: str) -> tuple[str, int]:
    tone = int(syllable[-1]) if syllable[-1:].isdigit() else 0
    return syllable.rstrip("012345"), tone


@lru_cache(maxsize=4096)
def _marks(syllable: str) -> str:
    """zhong4 -> zhòng, Chao2 -> Cháo; neutral and untoned syllables carry no mark."""
    body, tone = _split(syllable)
    forms = _forms().get(body.lower().replace("ü", "v"))
    if forms is None or tone not in (1, 2, 3, 4):
        return body.replace("v", "ü").replace("V", "Ü")  # not a syllable (a letter, xx), or no tone
    marked = forms[tone - 1]
    return marked[0].upper() + marked[1:] if body[:1].isupper() else marked


@lru_cache(maxsize=4096)
def _zhuyin(syllable: str) -> str:
    """zhong4 -> ㄓㄨㄥˋ (the neutral-tone dot follows, as pypinyin writes it); untoned: no mark."""
    body, tone = _split(syllable)
    forms = _forms().get(body.replace("ü", "v"))
    if forms is None:
        return body
    return forms[5 + (tone - 1 if tone in (1, 2, 3, 4, 5) else 0)]


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


# Context rules for single characters: each gets the text before and after it (the rest
# of its word, else the neighbouring word) and the clause so far, and returns a reading
# only for a pattern it is sure of, else None to leave the character to the context
# model. They sit above the model because each fixes a case it gets confidently wrong
# (还钱 read hái at 0.99, 为日本提供 wéi at 0.9999).
_DEGREE = ("很", "太", "更", "最", "真", "挺", "多", "么", "较", "够", "越", "不", "特别", "非常", "那样", "这样")


def _rule_chang(prev: str, nxt: str, clause: list[str]) -> str | None:
    if nxt[:1] in ("大", "成") or prev[-1:] in ("增", "成", "生", "助", "滋", "年", "部", "校", "家"):
        return "zhang3"
    if prev.endswith(_DEGREE) or nxt[:1] in ("久", "远", "短", "达", "于") or "长" in (prev[-1:], nxt[:1]):
        return "chang2"
    return None


def _rule_huan(prev: str, nxt: str, clause: list[str]) -> str | None:
    # 还 + what is paid or given back (还钱, 还书, 还给他) is huán; the adverb hái is the model's.
    if nxt[:1] in ("钱", "款", "债", "贷", "书", "给", "清", "账", "本", "礼", "手", "击", "价", "原", "乡"):
        return "huan2"
    if prev[-1:] in ("偿", "归", "退", "奉", "交", "返", "送"):
        return "huan2"
    return None


def _rule_zhong(prev: str, nxt: str, clause: list[str]) -> str | None:
    if nxt[:1] in ("新", "返", "申", "启", "建", "演", "复", "回", "组", "塑", "振"):
        return "chong2"
    return None


def _rule_xing(prev: str, nxt: str, clause: list[str]) -> str | None:
    if prev[-1:] in ("银", "同", "本", "内", "外") and nxt[:1] not in ("为", "动", "使"):
        return "hang2"
    return None


def _rule_chao(prev: str, nxt: str, clause: list[str]) -> str | None:
    if nxt[:1] in ("夕", "阳", "晖", "霞"):
        return "zhao1"
    if nxt[:1] in ("美", "日", "韩", "中", "俄"):
        return "Chao2"
    return None


def _rule_le(prev: str, nxt: str, clause: list[str]) -> str | None:
    if nxt[:1] in ("解", "结", "如", "然", "却") or nxt.startswith("不起"):
        return "liao3"
    return None


def _rule_zhe(prev: str, nxt: str, clause: list[str]) -> str | None:
    if prev[-1:] in ("睡", "找", "猜", "着") or nxt[:1] in ("急", "火", "凉", "迷"):
        return "zhao2"
    if nxt[:1] in ("手", "力", "重", "眼", "陆", "装", "落"):
        return "zhuo2"
    return None


def _rule_wei(prev: str, nxt: str, clause: list[str]) -> str | None:
    # 以…为… ("taking … as …") and 为 after a verb of becoming read wéi; "for" reads wèi,
    # as does 为 opening a clause (为日本提供保护).
    if nxt[:1] == "了":
        return "wei4"
    if "以" in clause or prev[-1:] in ("成", "作", "视", "称", "认", "变", "转", "改", "分", "化", "被", "列", "定"):
        return "wei2"
    if not clause and nxt[:1] not in ("首", "主", "止", "期", "人", "难"):
        return "wei4"
    return None


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
    "还": _rule_huan,
    "重": _rule_zhong,
    "行": _rule_xing,
    "朝": _rule_chao,
    "了": _rule_le,
    "着": _rule_zhe,
    "为": _rule_wei,
    "地": _rule_de,
}


_SENTENCE_END = frozenset("。！？!?；;\n")
_SENTENCE_END_RE = re.compile("[" + re.escape("".join(sorted(_SENTENCE_END))) + "]")


def readings(
    words: Sequence[str],
    overrides: Mapping[str, Sequence[str]] | None = None,
    cedict: Mapping[str, str] | None = None,
    context_model: bool = True,
) -> list[tuple[str, ...]]:
    """Readings for segmented Simplified words: one syllable per character, "" for non-Han.

    `overrides` maps a word to its syllables (user fixes and glossary, already merged);
    `cedict` maps a word to its single CC-CEDICT reading, where it has one.

    A character is settled by an override, or by a multi-character word whose
    CC-CEDICT reading and pypinyin's phrase data agree on it. Every other polyphone
    goes to the context model, run once over all sentences; rules and pypinyin
    answer where the model has nothing to say. (Measured on CPP's dev split: letting
    CC-CEDICT alone settle a word scores 97.0%, the model alone 97.3%, agreement 97.5%;
    see bench/cpp.py.)
    """
    overrides = overrides or {}
    cedict = cedict or {}
    out: list[tuple[str, ...]] = []
    open_chars: list[int] = []  # offsets of characters the model should decide
    offset = 0
    # A word's reading depends on its neighbours only through the context rules: the others
    # are worked out once per text (a 4 MB text holds 800k words, far fewer different ones).
    known: dict[str, tuple[tuple[str, ...], list[int]]] = {}
    for i, word in enumerate(words):
        found = known.get(word)
        if found is None:
            found = _reading_without_context(words, i, overrides, cedict)
            if not any(ch in CONTEXT_RULES for ch in word):
                known[word] = found
        result, undecided = found
        out.append(result)
        open_chars.extend(offset + k for k in undecided)
        offset += len(word)
    if context_model and open_chars:
        _apply_context_model(words, out, open_chars)
    return _citation_yi_bu(words, out)


def _citation_yi_bu(words: Sequence[str], out: list[tuple[str, ...]]) -> list[tuple[str, ...]]:
    """CC-CEDICT writes some words with 一 and 不 already changed (不是 bu2 shi4): back to
    the citation tones yī and bù, so that sandhi is one view (`spoken`) and not half in the data."""
    for i, word in enumerate(words):
        if "一" not in word and "不" not in word:
            continue
        syllables = list(out[i])
        for k, ch in enumerate(word):
            low = syllables[k].lower() if k < len(syllables) else ""
            if (ch == "一" and low in ("yi2", "yi4")) or (ch == "不" and low == "bu2"):
                syllables[k] = syllables[k][:-1] + ("1" if ch == "一" else "4")
        out[i] = tuple(syllables)
    return out


def _reading_without_context(
    words: Sequence[str], i: int, overrides: Mapping[str, Sequence[str]], cedict: Mapping[str, str]
) -> tuple[tuple[str, ...], list[int]]:
    """A word's reading from the dictionaries and rules, and the indices of its unsettled characters."""
    word = words[i]
    if not any(is_han(ch) for ch in word):
        return ("",) * len(word), []
    fixed = overrides.get(word)
    if fixed is not None and len(fixed) == len(word):
        return tuple(fixed), []
    phrase = _pypinyin_word(word)
    reading = cedict.get(word)
    if reading is not None and len(word) > 1:
        syllables = reading.split()
        if len(syllables) == len(word) and all(is_han(ch) for ch in word):
            undecided = [k for k, (a, b) in enumerate(zip(syllables, phrase)) if a.lower() != b.lower()]
            return tuple(syllables), undecided
    # A single-character word, or a word jieba joined that CC-CEDICT does not have
    # (协调者, 太长): dictionary words inside it settle their characters, longest first.
    result = list(phrase)
    settled = [False] * len(word)
    for k, end in dictionary_cover(word, cedict, whole=False):
        inner = cedict[word[k:end]].split()
        for j, (a, b) in enumerate(zip(inner, _pypinyin_word(word[k:end])), k):
            result[j] = a
            # A neutral tone inside a longer word is a convention that may not hold there
            # (刘姥姥, 姥姥家): the context model hears it again. +0.02 points on CPP dev.
            settled[j] = a.lower() == b.lower() and not a.endswith("5")
    undecided = []
    for k, ch in enumerate(word):
        if settled[k]:
            continue
        rule = CONTEXT_RULES.get(ch)
        ruled = None
        if rule is not None:
            prev = word[:k] or (words[i - 1] if i else "")
            nxt = word[k + 1 :] or (words[i + 1] if i + 1 < len(words) else "")
            ruled = rule(prev, nxt, _clause_before(words, i) if k == 0 else [word[:k]])
        if ruled is not None:
            result[k] = ruled
        elif is_han(ch):
            undecided.append(k)
    return tuple(result), undecided


# CC-CEDICT's longest headword is 19 characters (中央人民政府驻香港特别行政区联络办公室); room to spare.
LONGEST_DICTIONARY_WORD = 32


def dictionary_cover(word: str, cedict: Mapping[str, str], whole: bool = True) -> list[tuple[int, int]]:
    """Spans of dictionary words (two characters or more) inside `word`, longest first.

    With `whole`, only a cover of the entire word counts (else []); without, the
    characters no such word covers are simply left out (协调者: 协调).
    """
    spans = []
    k = 0
    while k < len(word):
        # No span longer than a dictionary word is asked: linear, not quadratic, in a long word.
        for end in range(min(len(word) - (k == 0), k + LONGEST_DICTIONARY_WORD), k + 1, -1):
            inner = cedict.get(word[k:end])
            if inner is not None and len(inner.split()) == end - k:
                spans.append((k, end))
                k = end
                break
        else:
            if whole:
                return []
            k += 1
    return spans


def _apply_context_model(words: Sequence[str], out: list[tuple[str, ...]], open_chars: list[int]) -> None:
    from tui.core.text import polyphone

    if not polyphone.available():
        return
    model = polyphone.model()
    text = "".join(words)
    open_chars = [o for o in open_chars if model.knows(text[o])]
    if not open_chars:
        return
    # Sentences: the model was trained on one sentence at a time. Their ends are found by a
    # regex (in C), not by a Python loop over every character of the text.
    jobs: list[tuple[str, list[int]]] = []
    starts: list[int] = []
    start = 0
    k = 0
    ends = [m.start() for m in _SENTENCE_END_RE.finditer(text)]
    ends.append(len(text))
    for end in ends:
        positions = []
        while k < len(open_chars) and open_chars[k] <= end:
            positions.append(open_chars[k] - start)
            k += 1
        if positions:
            jobs.append((text[start : end + 1], positions))
            starts.append(start)
        start = end + 1
    word_starts = list(accumulate((len(word) for word in words), initial=0))  # offset -> word by bisect
    for (_, positions), base, guesses in zip(jobs, starts, model.predict(jobs)):
        for pos, guess in zip(positions, guesses):
            if guess is None:
                continue
            w = bisect_right(word_starts, base + pos) - 1
            j = base + pos - word_starts[w]
            syllables = list(out[w])
            old = syllables[j]
            # A capital marks a proper noun (Cháo in 朝美): keep it on the model's syllable.
            syllables[j] = guess.syllable.capitalize() if old[:1].isupper() else guess.syllable
            out[w] = tuple(syllables)


# --- tone sandhi: the spoken view ------------------------------------------------------

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
