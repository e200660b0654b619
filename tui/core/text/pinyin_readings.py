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
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

from tui.core.text.chars import is_han
from tui.core.text.pinyin_parse import toneless
from tui.core.text.roles import RULES as ROLE_RULES


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


# Context rules for single characters. Each gets the character's `Context` and returns a
# reading only for a pattern it is sure of, else None to leave it to the context model.
# Two kinds: function words standing alone read as their grammatical role says (得 after
# a verb is de, before one děi; 为 before the one it is done for is wèi), which the model,
# trained on encyclopaedia text, gets wrong in speech (为人民服务 wéi at 0.9999); and a few
# collocations it gets confidently wrong (还钱 hái at 0.99).


@dataclass(frozen=True, slots=True)
class Context:
    prev: str  # the rest of the word before the character, else the word before
    nxt: str  # the rest of the word after it, else the word after
    clause: list[str]  # the words of the clause before it, nearest first
    after: str  # the words after `nxt`, a few characters of them
    alone: bool  # the character is a word of its own


Rule = Callable[[Context], "str | None"]

_DEGREE = ("很", "太", "更", "最", "真", "挺", "多", "么", "较", "够", "越", "不", "特别", "非常", "那样", "这样")
_PRONOUNS = frozenset(
    "我 你 他 她 它 您 咱 谁 这 那 我们 你们 他们 她们 它们 咱们 大家 自己 人家 别人".split()
    + "人民 国家 社会 此 之 何 什么".split()
)
# Adverbs that stand between a subject and 得 "must" (我们还得走, 这就得花钱).
_MODAL_ADVERBS = (
    "还",
    "就",
    "也",
    "都",
    "总",
    "可",
    "又",
    "才",
    "非",
    "必",
    "那",
    "恐怕",
    "一定",
    "肯定",
    "总是",
    "真",
)
_COUNTING = frozenset("一二两三四五六七八九十百千万几半每这那哪")


def _han(text: str) -> bool:
    return bool(text) and is_han(text[0])


def _rule_chang(c: Context) -> str | None:
    prev, nxt = c.prev, c.nxt
    if nxt[:1] in ("大", "成") or prev[-1:] in ("增", "成", "生", "助", "滋", "年", "部", "校", "家"):
        return "zhang3"
    if prev.endswith(_DEGREE) or nxt[:1] in ("久", "远", "短", "达", "于") or "长" in (prev[-1:], nxt[:1]):
        return "chang2"
    return None


def _rule_huan(c: Context) -> str | None:
    # 还 + what is paid or given back (还钱, 还书, 还给他) is huán; the adverb hái is the model's.
    if c.nxt[:1] in ("钱", "款", "债", "贷", "书", "给", "清", "账", "本", "礼", "手", "击", "价", "原", "乡"):
        return "huan2"
    if c.prev[-1:] in ("偿", "归", "退", "奉", "交", "返", "送"):
        return "huan2"
    return None


def _rule_zhong(c: Context) -> str | None:
    if c.nxt[:1] in ("新", "返", "申", "启", "建", "演", "复", "回", "组", "塑", "振"):
        return "chong2"
    return None


def _rule_xing(c: Context) -> str | None:
    if c.prev[-1:] in ("银", "同", "本", "内", "外") and c.nxt[:1] not in ("为", "动", "使"):
        return "hang2"
    return None


def _rule_chao(c: Context) -> str | None:
    if c.nxt[:1] in ("夕", "晖", "霞"):
        return "zhao1"
    if c.nxt[:1] in ("美", "日", "韩", "中", "俄"):
        return "Chao2"
    return None


def _rule_le(c: Context) -> str | None:
    # The particle, except as a complement of possibility (受不了, 吃得了): liǎo.
    if c.prev.endswith("不") or (c.prev == "得" and not _han(c.nxt)):
        return "liao3"
    return "le5" if c.alone else None


def _rule_zhe(c: Context) -> str | None:
    if c.prev[-1:] in ("睡", "找", "猜", "着") or c.nxt[:1] in ("急", "火", "凉", "迷"):
        return "zhao2"
    if c.nxt[:1] in ("手", "力", "重", "眼", "陆", "装", "落"):
        return "zhuo2"
    return "zhe5" if c.alone and _han(c.prev) else None


def _rule_wei(c: Context) -> str | None:
    # 以…为… ("taking … as …") and 为 after a verb of becoming read wéi; "for" reads wèi:
    # before the one something is done for (为人民服务, 为此, 为了), or opening a clause.
    prev, nxt = c.prev, c.nxt
    if nxt[:1] == "了":
        return "wei4"
    if "以" in c.clause or prev[-1:] in (
        "成",
        "作",
        "视",
        "称",
        "认",
        "变",
        "转",
        "改",
        "分",
        "化",
        "被",
        "列",
        "定",
        "选",
    ):
        return "wei2"
    if c.alone and nxt in _PRONOUNS:
        return "wei4"
    if not c.clause and nxt[:1] not in ("首", "主", "止", "期", "人", "难"):
        return "wei4"
    return None


def _rule_di(c: Context) -> str | None:
    # 地 standing after an adverbial and before what it modifies (高兴地说) is the particle de;
    # inside a word (露营地, 所在地) it is dì, which the model hears. After a word that can only
    # be a verb (露营 of a cut 露营地) it is the place, not the particle: verbs take no 地.
    if (
        c.alone
        and len(c.prev) >= 2
        and _han(c.nxt)
        and c.prev not in ("土地", "各地", "当地", "本地", "基地", "两地", "领地", "营地", "外地", "内地")
        and not _only_a_verb(c.prev)
    ):
        return "de5"
    return None


@cache
def _counted(word: str, reading: str) -> bool:
    """Whether CC-CEDICT's entry of `word` read `reading` is a noun: it names a classifier (CL:)."""
    from tui.core.lexicon.dictionary import Dictionary

    entries = Dictionary().entries_by_simplified([word]).get(word, [])
    return any(e.pinyin.lower() == reading.lower() and any(s.startswith("CL:") for s in e.english) for e in entries)


@cache
def _only_a_verb(word: str) -> bool:
    """Whether CC-CEDICT gives `word` as a verb first ("to …") and nowhere as a manner ("…ly",
    "with all one's might")."""
    from tui.core.lexicon.dictionary import Dictionary

    entries = Dictionary().entries_by_simplified([word]).get(word, [])
    senses = [part.strip() for e in entries for s in e.english for part in s.split(";")]
    if not senses or not senses[0].startswith("to "):
        return False
    manner = re.compile(r"[a-z]ly\b|^(with|at|in an?|as if|by) ")
    return not any(manner.search(s) for s in senses)


def _rule_de(c: Context) -> str | None:
    # 得: dé "to obtain" before what is got (得了第一名), de after a verb (跑得快, 吃得了),
    # děi "must" between a subject (or an adverb) and a verb (他得走了, 我们还得想办法).
    if not c.alone:
        return None
    if c.nxt.startswith("了"):
        return "de2" if _han(c.after) or len(c.nxt) > 1 else "de5"
    if not _han(c.nxt):
        return None
    if not c.clause or c.prev in _PRONOUNS or c.prev.endswith(_MODAL_ADVERBS):
        return "dei3"
    if _han(c.prev):
        return "de5"
    return None


def _rule_dou(c: Context) -> str | None:
    if not c.alone:
        return None
    return "du1" if c.nxt.startswith(("督", "护", "尉", "统", "指挥")) else "dou1"


def _rule_mei(c: Context) -> str | None:
    if not c.alone:
        return None
    return "mo4" if c.nxt[:1] in ("收", "落", "入", "顶", "世", "齿") else "mei2"


def _rule_zhi(c: Context) -> str | None:
    # 只 after a numeral or a demonstrative is the classifier zhī (一只猫, 那只), else "only".
    if c.prev[-1:] in _COUNTING:
        return "zhi1"  # also inside jieba's joins CC-CEDICT lacks (一只, 两只)
    return "zhi3" if c.alone else None


def _rule_shu(c: Context) -> str | None:
    # 数 as the verb "to count" (数一数, 数不清, 数到十).
    if c.alone and (c.nxt == "数" or c.nxt.startswith(("一数", "不清", "不胜", "得", "着", "到", "一下"))):
        return "shu3"
    return None


def _alone(reading: str) -> Rule:
    return lambda c: reading if c.alone else None


CONTEXT_RULES: dict[str, Rule] = {
    "长": _rule_chang,
    "还": _rule_huan,
    "重": _rule_zhong,
    "行": _rule_xing,
    "朝": _rule_chao,
    "了": _rule_le,
    "着": _rule_zhe,
    "为": _rule_wei,
    "地": _rule_di,
    "得": _rule_de,
    "都": _rule_dou,
    "没": _rule_mei,
    "只": _rule_zhi,
    "数": _rule_shu,
    "的": _alone("de5"),
    "么": _alone("me5"),
    "发": _alone("fa1"),
    **ROLE_RULES,  # 弄, 应, 将, and 得 after a noun: tui/core/text/roles.py
}


_SENTENCE_END = frozenset("。！？!?；;\n")
_SENTENCE_END_RE = re.compile("[" + re.escape("".join(sorted(_SENTENCE_END))) + "]")


@dataclass(slots=True)
class _Plan:
    """A word's reading before the context model: its syllables, the characters the model
    should decide, and, for a word CC-CEDICT reads several ways, those readings."""

    syllables: tuple[str, ...]
    open: list[int]
    choices: tuple[tuple[str, ...], ...] = ()
    neutral_at: tuple[int, ...] = ()  # open characters whose dictionary reading is a neutral tone


def readings(
    words: Sequence[str],
    overrides: Mapping[str, Sequence[str]] | None = None,
    cedict: Mapping[str, str] | None = None,
    context_model: bool = True,
    several: Mapping[str, Sequence[str]] | None = None,
) -> list[tuple[str, ...]]:
    """Readings for segmented Simplified words: one syllable per character, "" for non-Han.

    `overrides` maps a word to its syllables (user fixes and glossary, already merged);
    `cedict` maps a word to its single CC-CEDICT reading, where it has one, and `several`
    a word to its readings where CC-CEDICT has more than one.

    Authority, highest first: an override; a word CC-CEDICT reads one way (命令行
    mìnglìngháng, 衣服 yīfu), kept whole; a word it reads several ways (地方, 朝阳),
    chosen whole by the context model's probabilities over its characters; a function
    word standing alone, by its grammatical role (CONTEXT_RULES); then the context model,
    run once over all sentences, for every character still open; then pypinyin.
    """
    overrides = overrides or {}
    cedict = cedict or {}
    several = several or {}
    plans: list[_Plan] = []
    # A word's plan depends on its neighbours only through the context rules: the others
    # are worked out once per text (a 4 MB text holds 800k words, far fewer different ones).
    known: dict[str, _Plan] = {}
    for i, word in enumerate(words):
        plan = known.get(word)
        if plan is None:
            plan = _plan(words, i, overrides, cedict, several)
            if not any(ch in CONTEXT_RULES for ch in word) and not plan.choices:
                known[word] = plan
        plans.append(plan)
    out = [p.syllables for p in plans]
    if any(p.open or p.choices for p in plans):
        guesses = _context_model(words, plans) if context_model else {}
        _decide(words, plans, out, guesses)
    return _citation_yi_bu(words, out)


def citation(word: str, syllables: Sequence[str]) -> tuple[str, ...]:
    """A word's syllables with 一 and 不 in their citation tones (see `_citation_yi_bu`)."""
    return _citation_yi_bu([word], [tuple(syllables)])[0]


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


def _plan(
    words: Sequence[str],
    i: int,
    overrides: Mapping[str, Sequence[str]],
    cedict: Mapping[str, str],
    several: Mapping[str, Sequence[str]],
) -> _Plan:
    word = words[i]
    if not any(is_han(ch) for ch in word):
        return _Plan(("",) * len(word), [])
    fixed = overrides.get(word)
    if fixed is not None and len(fixed) == len(word):
        return _Plan(tuple(fixed), [])
    whole = all(is_han(ch) for ch in word)
    if len(word) > 1 and whole:
        reading = cedict.get(word)
        if reading is not None and len(reading.split()) == len(word):
            # Kept even where the model would read it otherwise: the dictionary entry shown
            # for the word must say what the reading line says (one reading per token).
            return _Plan(tuple(reading.split()), [])
        choices = tuple(tuple(r.split()) for r in several.get(word, ()) if len(r.split()) == len(word))
        if len(choices) > 1:
            return _Plan(choices[0], [], choices)
        # jieba joins a degree adverb to what it modifies (太大意): the adjective's reading.
        rest = tuple(tuple(r.split()) for r in several.get(word[1:], ()) if len(r.split()) == len(word) - 1)
        chosen = _neutral_choice([word[0], word[1:]], 1, rest) if word[0] in _DEGREE else None
        if chosen is not None:
            return _Plan((_pypinyin_word(word[0])[0], *chosen), [])
    phrase = _pypinyin_word(word)
    # A single-character word, or a word jieba joined that CC-CEDICT does not have
    # (协调者, 露营地): dictionary words inside it settle their characters, longest first.
    result = list(phrase)
    settled = [False] * len(word)
    neutral = []
    for k, end in dictionary_cover(word, cedict, whole=False):
        inner = cedict[word[k:end]].split()
        for j, (a, b) in enumerate(zip(inner, phrase[k:end]), k):
            result[j] = a
            # A part is a guess at the word's structure: where pypinyin, reading the whole
            # join with its phrases, reads it otherwise (在劫难逃 is not 劫难 jiénàn), the
            # model hears it again; a neutral tone is kept only if it hears that syllable.
            settled[j] = a.lower() == b.lower() and not a.endswith("5")
            if a.endswith("5"):
                neutral.append(j)
    undecided = []
    for k, ch in enumerate(word):
        if settled[k]:
            continue
        rule = CONTEXT_RULES.get(ch)
        ruled = None
        if rule is not None:
            ruled = rule(_context(words, i, k))
        if ruled is not None:
            result[k] = ruled
        elif is_han(ch):
            undecided.append(k)
    return _Plan(tuple(result), undecided, (), tuple(k for k in neutral if k in undecided))


def _context(words: Sequence[str], i: int, k: int) -> Context:
    word = words[i]
    prev = word[:k] or (words[i - 1] if i else "")
    nxt = word[k + 1 :] or (words[i + 1] if i + 1 < len(words) else "")
    after = "".join(words[i + 2 : i + 4]) if k + 1 >= len(word) else (words[i + 1] if i + 1 < len(words) else "")
    # 地说, 得很: jieba's joins of a particle with what follows it count as the particle alone.
    alone = len(word) == 1 or (k == 0 and word[0] in "地得的了着")
    if alone and len(word) > 1:
        nxt = word[1:]
    clause = _clause_before(words, i) if k == 0 else [word[:k]]
    return Context(prev, nxt, clause, after, alone)


# Of a word's readings that differ only in a neutral tone (东西 dōngxī / dōngxi, 地方,
# 大意), the model hears nothing. A degree adverb before it makes it the adjective
# (太大意了 dàyi); a determiner or a verb's object slot, the everyday noun (买了东西,
# 这个地方); a word it modifies after it, the full-toned compound sense (地方政府 dìfāng,
# 东西方向 dōngxī); else CC-CEDICT's first reading (土地 tǔdì).
_NOUN_BEFORE = (
    "的",
    "了",
    "个",
    "些",
    "种",
    "点",
    "这",
    "那",
    "么",
    "好",
    "有",
    "没",
    "买",
    "拿",
    "带",
    "找",
    "小",
    "新",
    "旧",
)


def _neutral_choice(words: Sequence[str], i: int, choices: Sequence[tuple[str, ...]]) -> tuple[str, ...] | None:
    neutral = [c for c in choices if any(s.endswith("5") for s in c)]
    full = [c for c in choices if not any(s.endswith("5") for s in c)]
    if not neutral or not full:
        return None
    prev = words[i - 1] if i else ""
    nxt = words[i + 1] if i + 1 < len(words) else ""
    if prev.endswith(_DEGREE):
        return neutral[0]
    counted = [c for c in neutral if _counted(words[i], " ".join(c))]
    if counted and prev.endswith(_NOUN_BEFORE) and not (len(nxt) >= 2 and all(is_han(ch) for ch in nxt)):
        return counted[0]  # the noun (CC-CEDICT gives it a classifier): 这个东西, not 这不是
    if len(nxt) >= 2 and all(is_han(ch) for ch in nxt):
        return full[0]
    return None


def _context_model(words: Sequence[str], plans: Sequence[_Plan]) -> dict[int, Any]:
    """The model's guess for each text offset that needs one (open characters, and the
    characters where a word's readings differ)."""
    from tui.core.text import polyphone

    if not polyphone.available():
        return {}
    model = polyphone.model()
    text = "".join(words)
    wanted: list[int] = []
    offset = 0
    for word, plan in zip(words, plans):
        wanted.extend(offset + k for k in plan.open)
        if plan.choices:
            wanted.extend(offset + k for k in range(len(word)) if len({c[k].lower() for c in plan.choices}) > 1)
        offset += len(word)
    wanted = [o for o in sorted(set(wanted)) if model.knows(text[o])]
    if not wanted:
        return {}
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
        while k < len(wanted) and wanted[k] <= end:
            positions.append(wanted[k] - start)
            k += 1
        if positions:
            # A line break is no character the model knows (it read it as unknown, which
            # moved its guesses at a line's end: 季节啦 lā): a line ends as its training
            # sentences do, with a full stop.
            jobs.append((text[start:end] + "。" if text[end : end + 1] == "\n" else text[start : end + 1], positions))
            starts.append(start)
        start = end + 1
    found: dict[int, Any] = {}
    for (_, positions), base, guesses in zip(jobs, starts, model.predict(jobs)):
        for pos, guess in zip(positions, guesses):
            if guess is not None:
                found[base + pos] = guess
    return found


def _decide(
    words: Sequence[str], plans: Sequence[_Plan], out: list[tuple[str, ...]], guesses: Mapping[int, Any]
) -> None:
    """Settle each open character by the model, and each word with several readings by the
    reading the model finds likeliest over its characters."""
    offset = 0
    for i, (word, plan) in enumerate(zip(words, plans)):
        if plan.choices:
            out[i] = _choose(words, i, plan.choices, [guesses.get(offset + k) for k in range(len(word))])
        elif plan.open:
            syllables = list(plan.syllables)
            for k in plan.open:
                guess = guesses.get(offset + k)
                if guess is None:
                    continue
                old = syllables[k]
                if k in plan.neutral_at and toneless(guess.syllable) == toneless(old):
                    continue  # the dictionary's neutral tone, on the syllable the model hears
                # A capital marks a proper noun (Cháo in 朝美): keep it on the model's syllable.
                syllables[k] = guess.syllable.capitalize() if old[:1].isupper() else guess.syllable
            out[i] = tuple(syllables)
        offset += len(word)


def _choose(
    words: Sequence[str], i: int, choices: Sequence[tuple[str, ...]], guesses: Sequence[Any]
) -> tuple[str, ...]:
    import math

    def score(choice: tuple[str, ...]) -> float:
        total = 0.0
        for k, syllable in enumerate(choice):
            guess = guesses[k]
            if guess is not None and len({c[k].lower() for c in choices}) > 1:
                total += math.log(max(guess.prob(syllable), 1e-9))
        return total

    scores = [score(c) for c in choices]
    best = max(scores)
    tied = [c for c, s in zip(choices, scores) if s >= best - 1e-9]
    if len(tied) > 1:
        return _neutral_choice(words, i, tied) or tied[0]
    return tied[0]


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
