"""More context rules for single characters, by the role the character plays (see
`pinyin.CONTEXT_RULES`, which takes these in): a rule returns a reading only for a pattern it is
sure of, else None to leave the character to the context model.

Each was found by reading the engine's errors on CPP's development split (bench/readings_errors.py)
and is written for the grammatical role, not for the sentences: 弄 as the verb "to make, to get"
before its result (弄干, 弄清楚, 弄不好) is nòng, lòng being the Shanghai lane (40弄); 应 before a
verb is the modal yīng "should" (应追溯); 将 after a rank or an army is the noun jiàng (参将, 副将);
得 after a noun is not the complement particle de (诗得释).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING

from tui.core.text.chars import is_han

if TYPE_CHECKING:
    from tui.core.text.pinyin import Context

# What follows 弄 "to get (sth) into a state": a result or a complement of possibility.
_RESULTS = frozenset("干清好坏懂明丢错成脏湿乱死瞎伤哭醒得不了到完碎断糊")
# What stands before 将 the noun "general": a rank, or the side he fights for.
_RANKS = frozenset("参副主大名猛武良偏裨守敌战宿骁")


@cache
def verb_first(word: str) -> bool:
    """Whether CC-CEDICT gives `word` a verb's sense ("to …", "lit. to …") in any of its readings."""
    from tui.core.lexicon.dictionary import Dictionary

    entries = Dictionary().entries_by_simplified([word]).get(word, [])
    return any(_VERB.match(sense) for entry in entries for sense in entry.english)


_VERB = re.compile(r"(?:lit\. |\([^)]*\) )?to [a-z]")


@cache
def noun_only(word: str) -> bool:
    """Whether CC-CEDICT makes `word` a noun (it names a classifier) and nowhere a verb."""
    from tui.core.lexicon.dictionary import Dictionary

    senses = [s for e in Dictionary().entries_by_simplified([word]).get(word, []) for s in e.english]
    return any(s.startswith("CL:") or "; CL:" in s for s in senses) and not any(_VERB.match(s) for s in senses)


def rule_de(c: Context) -> str | None:
    # 得 the complement particle follows a verb or an adjective (跑得快, 好得很); after a noun
    # (诗得释 "the poem won his release") it is dé, which the rule for 得 cannot tell: the model's.
    from tui.core.text.pinyin_readings import _rule_de

    ruled = _rule_de(c)
    if ruled == "de5" and c.alone and _han(c.nxt) and noun_only(c.prev):
        return None
    return ruled


def rule_nong(c: Context) -> str | None:
    if not c.alone:
        return None
    if c.nxt[:1] in _RESULTS or c.prev[-1:] in ("把", "被", "别"):
        return "nong4"
    return None


def rule_ying(c: Context) -> str | None:
    # The modal before a verb: 应追溯 "should be traced back"; 应邀, 应用 are words of their own.
    if c.alone and c.nxt and all(is_han(ch) for ch in c.nxt) and verb_first(c.nxt):
        return "ying1"
    return None


def rule_jiang(c: Context) -> str | None:
    # 将 after a rank, with no verb after it (参将。 副将，): the general; 已将, 并将 stay "will".
    if c.alone and c.prev[-1:] in _RANKS and not (_han(c.nxt) and verb_first(c.nxt)):
        return "jiang4"
    return None


def _han(text: str) -> bool:
    return bool(text) and is_han(text[0])


RULES: dict[str, Callable[[Context], str | None]] = {
    "弄": rule_nong,
    "应": rule_ying,
    "将": rule_jiang,
    "得": rule_de,
}
