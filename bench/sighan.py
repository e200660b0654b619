"""Segmentation figures: word F1 of our segmentation and of jieba alone on SIGHAN 2005 (icwb2-data).

The gold is not in the repository (its licence is the Bakeoff's own, for research use): point
$ICWB2_DATA, or the first argument, at a copy of icwb2-data, the folder that holds gold/ and
testing/ (public copies are on GitHub, e.g. the repository yuikns/icwb2-data).

    python bench/sighan.py [ICWB2_DIR]

Scored the way the Bakeoff's score script does: a word is right where its span (start and end
in the line, spaces left out) is a gold word's span; F1 over the words of every line. Our
segmentation is what the reader shows: `Analyzer.words` (jieba, then words CC-CEDICT lacks cut
into words it has), every token but spaces.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Iterable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CORPORA = ("pku", "msr")
WHERE = "get icwb2-data (gold/ and testing/) from a public copy, e.g. github.com/yuikns/icwb2-data, and set $ICWB2_DATA"


def data_dir(argv: Sequence[str]) -> Path | None:
    for candidate in (*argv[:1], os.environ.get("ICWB2_DATA")):
        if candidate and (Path(candidate) / "gold").is_dir():
            return Path(candidate)
    return None


def spans(words: Iterable[str]) -> set[tuple[int, int]]:
    """The (start, end) of each word, offsets counted without spaces."""
    out = set()
    at = 0
    for word in words:
        word = "".join(word.split())
        if word:
            out.add((at, at + len(word)))
            at += len(word)
    return out


def f1(gold: Sequence[Sequence[str]], ours: Sequence[Sequence[str]]) -> tuple[float, float, float]:
    """(precision, recall, F1) of `ours` against `gold`, line by line."""
    right = found = wanted = 0
    for g, o in zip(gold, ours, strict=True):
        gs, os_ = spans(g), spans(o)
        right += len(gs & os_)
        found += len(os_)
        wanted += len(gs)
    p, r = right / found, right / wanted
    return p, r, 2 * p * r / (p + r)


def ours(lines: Sequence[str]) -> list[list[str]]:
    """Our segmentation of each line, as the reader has it (one text, a line each)."""
    from tui.core.text.analysis import Analyzer

    text = "\n".join(lines)
    words = Analyzer().words(text, use_cache=False)
    tokens = words.tokens
    out: list[list[str]] = [[]]
    for i in range(len(tokens)):
        piece = text[tokens.start(i) : tokens.ends[i]]
        if piece == "\n":
            out.append([])
        elif not piece.isspace():
            out[-1].append(piece)
    return out


def jieba_alone(lines: Sequence[str]) -> list[list[str]]:
    import jieba

    jieba.setLogLevel(60)
    tokenizer = jieba.Tokenizer()
    return [[w for w in tokenizer.lcut(line) if not w.isspace()] for line in lines]


def main(argv: Sequence[str]) -> int:
    where = data_dir(argv)
    if where is None:
        print(f"SIGHAN 2005 data not found: {WHERE}", file=sys.stderr)
        return 1
    os.environ.setdefault("YUEDU_HOME", tempfile.mkdtemp(prefix="yuedu-bench-"))
    print("SIGHAN 2005 word F1 (precision / recall)")
    for corpus in CORPORA:
        gold_lines = (where / "gold" / f"{corpus}_test_gold.utf8").read_text(encoding="utf-8-sig").splitlines()
        test_lines = (where / "testing" / f"{corpus}_test.utf8").read_text(encoding="utf-8-sig").splitlines()
        gold = [line.split() for line in gold_lines]
        lines = [line.strip() for line in test_lines]
        start = time.process_time()
        mine = ours(lines)
        elapsed = time.process_time() - start
        for name, got in (("ours", mine), ("jieba", jieba_alone(lines))):
            p, r, f = f1(gold, got)
            note = f"   ({elapsed:.1f} s CPU)" if name == "ours" else ""
            print(f"  {corpus.upper():<4}{name:<6} F1 {f:6.2%}  ({p:.1%} / {r:.1%}){note}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main(sys.argv[1:]))
