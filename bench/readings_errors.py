"""Where the engine's readings go wrong on CPP's development split, grouped by cause.

    python bench/readings_errors.py [--examples N]

For each marked polyphone the engine reads otherwise than CPP, the cause is what decided it:
  dictionary word      a word CC-CEDICT reads one way, kept whole (the issue's rule); CPP
                       labels it otherwise (勃艮第 gěn / gèn)
  dictionary neutral   the same, where the difference is only CC-CEDICT's neutral tone (衣服 fu)
  cut from a join      a dictionary word cut out of a jieba join CC-CEDICT lacks (在劫难逃: 劫难)
  several readings     a word CC-CEDICT reads several ways, chosen whole (土地, 多少)
  role rule            a function word's rule (CONTEXT_RULES)
  model                the context model (g2pM), on a character left open
and whether g2pM alone, on the same sentence, is right. Both halves of the split (by sentence
hash, as bench/language.py splits them) are shown apart. The last line is the ceiling the
issue's rules leave: the share right if every error not made by a rule were fixed.
"""

from __future__ import annotations

import argparse
import bisect
import os
import sys
import tempfile
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

MANDATED = ("dictionary word", "dictionary neutral")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--examples", type=int, default=8, help="sentences shown per cause")
    args = parser.parse_args()
    os.environ.setdefault("YUEDU_HOME", tempfile.mkdtemp(prefix="yuedu-bench-"))

    import language

    from tui.core.text import pinyin, pinyin_readings
    from tui.core.text.analysis import Analyzer
    from tui.core.text.analyzer import _CedictReadings

    where = language.cpp_dir()
    if where is None:
        print("CPP dev split not found (set CPP_DEV)", file=sys.stderr)
        return 1
    items = language.load_cpp(where)
    model = language.g2pm_alone(items)
    analyzer = Analyzer()
    text = "\n".join(t for t, _, _ in items)
    analysis = analyzer.analyse(text, use_cache=False)
    simple = analysis.simplified
    tokens = analysis.tokens
    starts = [tokens[i].start for i in range(len(tokens))]
    words = [simple[t.start : t.end] for t in tokens]
    cedict = _CedictReadings()
    cedict.of(w for w in set(words) if len(w) > 1)
    syllables = [s.lower() for p in analysis.pinyin for s in p]

    table: Counter[tuple[str, bool, int]] = Counter()
    examples: defaultdict[tuple[str, bool], list[str]] = defaultdict(list)
    n = [0, 0]
    offset = 0
    for (sentence, pos, label), alone in zip(items, model):
        at = offset + pos
        offset += len(sentence) + 1
        part = language.half(sentence)
        n[part] += 1
        got = syllables[at]
        if got == label:
            continue
        i = bisect.bisect_right(starts, at) - 1
        word, k = words[i], at - starts[i]
        jieba = analyzer.segmenter.cut(pinyin_sentence(simple, at))
        if len(word) > 1 and cedict.known.get(word) is not None:
            neutral = got.endswith("5") and got[:-1] == label[:-1]
            cause = "dictionary neutral" if neutral else "dictionary word"
            if word not in jieba:
                cause = "cut from a join"
        elif len(word) > 1 and word in cedict.several:
            cause = "several readings"
        elif (rule := pinyin.CONTEXT_RULES.get(word[k])) and rule(pinyin_readings._context(words, i, k)) is not None:
            cause = "role rule"
        else:
            cause = "model"
        g2pm_right = alone == label
        table[(cause, g2pm_right, part)] += 1
        context = sentence[max(0, pos - 12) : pos] + "[" + sentence[pos] + "]" + sentence[pos + 1 : pos + 12]
        examples[(cause, g2pm_right)].append(f"{word} {got} (CPP {label}, g2pM {alone})  {context}")

    total = sum(n)
    print(f"CPP dev: {total} polyphones ({n[0]} tuned half, {n[1]} held-out half); engine errors by cause")
    print(f"  {'cause':<20}{'g2pM':<7}{'tuned':>7}{'held out':>10}")
    causes = ("dictionary word", "dictionary neutral", "cut from a join", "several readings", "role rule", "model")
    for cause in causes:
        for g2pm_right in (True, False):
            a, b = table[(cause, g2pm_right, 0)], table[(cause, g2pm_right, 1)]
            if a or b:
                print(f"  {cause:<20}{'right' if g2pm_right else 'wrong':<7}{a:>7}{b:>10}")
    errors = sum(table.values())
    mandated = sum(v for (cause, _, _), v in table.items() if cause in MANDATED)
    print(f"  engine strict {1 - errors / total:.2%}; ceiling under the rules {1 - mandated / total:.2%}")
    for (cause, g2pm_right), lines in sorted(examples.items()):
        print(f"== {cause}, g2pM {'right' if g2pm_right else 'wrong'} ({len(lines)})")
        for line in lines[: args.examples]:
            print("   " + line)
    return 0


def pinyin_sentence(simple: str, at: int) -> str:
    """The line of `simple` around offset `at`."""
    start = simple.rfind("\n", 0, at) + 1
    end = simple.find("\n", at)
    return simple[start : end if end >= 0 else len(simple)]


if __name__ == "__main__":
    sys.exit(main())
