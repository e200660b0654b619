"""Key claims, ranked per section. The score of a sentence is its TextRank centrality
(sentences linked by shared content words, on the Simplified form), plus bonuses:
cue phrases that introduce an argument (指出, 认为, 强调, 表明, 总的来看, ...),
density of glossary terms, and being the first sentence of its section.
Sentences repeated word for word count once.
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from typing import Any

from tui.core.library.articles import Article
from tui.core.library.outline import Claim, Section, Segmented
from tui.core.text.analysis import KINDS, PackedTokens
from tui.core.text.tokens import HAN, Token

CUES = ("指出", "认为", "强调", "表明", "本质上", "总的来看", "由此看来", "根本原因", "显然", "意味着", "关键", "核心")
SPEECH_VERBS = ("指出", "认为", "强调", "表示", "提醒称", "预计", "称", "说", "坦言", "提出")
SPEAKER_CATEGORIES = ("person", "organization", "country-region")


def _sentence_words(analysis: Segmented, spans: list[tuple[int, int]]) -> list[set[str]]:
    """The Han words of more than one character that start in each span (spans sorted, disjoint)."""
    simplified = analysis.simplified
    starts, ends = _long_han_words(analysis.tokens)
    words: list[set[str]] = []
    lo = 0
    for s, e in spans:
        lo = bisect_left(starts, s, lo)
        hi = bisect_left(starts, e, lo)
        words.append({simplified[a:b] for a, b in zip(starts[lo:hi], ends[lo:hi])})
        lo = hi
    return words


def _long_han_words(tokens: Sequence[Token]) -> tuple[list[int], list[int]]:
    """Starts and ends of the Han tokens of more than one character, in order."""
    if not isinstance(tokens, PackedTokens):
        han = [(t.start, t.end) for t in tokens if t.kind == HAN and t.end - t.start > 1]
        return [s for s, _ in han], [e for _, e in han]
    import numpy as np

    # From the packed arrays at once: no Token object for each of a long text's 800k tokens.
    ends = np.frombuffer(tokens.ends, dtype=f"u{tokens.ends.itemsize}").astype(np.int64)
    starts = np.concatenate((np.zeros(1, dtype=np.int64), ends[:-1]))
    kinds = np.frombuffer(tokens.kinds, dtype=np.uint8)
    keep = (kinds == KINDS.index(HAN)) & (ends - starts > 1)
    return starts[keep].tolist(), ends[keep].tolist()


# Sentences are ranked in windows of at most this many consecutive sentences: the
# graph inside a window is dense (a word like 日本 links nearly every sentence), so
# a window costs RANK_WINDOW² cells and the whole text grows linearly. Every seed
# fits in one window, so its ranking is the full graph's.
RANK_WINDOW = 500
COMMON_SHARE = 0.1


def textrank(words: list[set[str]], iterations: int = 30, damping: float = 0.85) -> list[float]:
    """TextRank centrality, each window normalised to its best sentence."""
    n = len(words)
    if n == 0:
        return []
    windows = math.ceil(n / RANK_WINDOW)
    size = math.ceil(n / windows)
    # Past one window, words found in a large share of a window's sentences (日本 in an
    # article about Japan) link nearly everything and say little: they are left out.
    share = COMMON_SHARE if windows > 1 else 1.0
    out: list[float] = []
    for lo in range(0, n, size):
        out.extend(_textrank_window(words[lo : lo + size], iterations, damping, share))
    return out


def _textrank_window(words: list[set[str]], iterations: int, damping: float, share: float = 1.0) -> list[float]:
    import numpy as np

    n = len(words)
    postings: dict[str, list[int]] = {}
    for i, bag in enumerate(words):
        for w in bag:
            postings.setdefault(w, []).append(i)
    # Shared word counts: each word found in two sentences or more adds one to every pair of
    # them. The pairs of all words are made at once and counted by bincount (a block added
    # per word cost a numpy call for each of a window's thousands of words).
    common = share * n
    kept = [found for found in postings.values() if 1 < len(found) and (share >= 1.0 or len(found) <= common)]
    members = np.array([i for found in kept for i in found], dtype=np.intp)
    sizes = np.array([len(found) for found in kept], dtype=np.intp)
    firsts = np.cumsum(sizes) - sizes  # where each word's sentences start in `members`
    squares = sizes * sizes
    pair = np.arange(int(squares.sum()), dtype=np.intp) - np.repeat(np.cumsum(squares) - squares, squares)
    size_of = np.repeat(sizes, squares)
    first_of = np.repeat(firsts, squares)
    rows = members[first_of + pair // size_of]
    cols = members[first_of + pair % size_of]
    shared = np.bincount(rows * n + cols, minlength=n * n).reshape(n, n).astype(np.float64)
    np.fill_diagonal(shared, 0.0)
    src, dst = np.nonzero(shared)  # edges j -> i, both ways: the graph is symmetric
    counts = shared[src, dst]
    del shared
    logs = np.log(np.array([len(b) for b in words], dtype=np.float64) + 1.0)
    denom = logs[src] + logs[dst]
    weights = np.divide(counts, denom, out=np.zeros_like(counts), where=denom > 0)
    totals = np.bincount(src, weights=weights, minlength=n)
    # Each sentence passes its score to its neighbours in proportion to the edge weights.
    # Sums by bincount, not a BLAS product: BLAS threads spin on a loaded machine.
    passed = np.divide(weights, totals[src], out=np.zeros_like(weights), where=totals[src] > 0)
    score: Any = np.ones(n, dtype=np.float64)
    for _ in range(iterations):
        score = (1 - damping) + damping * np.bincount(dst, weights=passed * score[src], minlength=n)
    top = float(score.max()) or 1.0
    return [float(x) / top for x in score]


def _speaker(
    article: Article, analysis: Segmented, start: int, end: int, glossary_starts: list[int] | None = None
) -> tuple[str | None, str | None]:
    text = analysis.simplified
    matches = analysis.glossary
    starts = glossary_starts if glossary_starts is not None else [m.start for m in matches]
    for k in range(bisect_left(starts, start), len(matches)):
        m = matches[k]
        if m.start >= end:
            break
        if m.end >= end or m.entry.category not in SPEAKER_CATEGORIES:
            continue
        after = re.sub(r"^[也还则曾亦]", "", text[m.end : m.end + 4])
        if any(after.startswith(v) for v in SPEECH_VERBS):
            return article.text[m.start : m.end], m.entry.term
    return None, None


def sentences_by_section(sentences: list[tuple[int, int]], sections: list[Section]) -> list[list[tuple[int, int, int]]]:
    """For each section, its own sentences (index, start, end): those inside one of its body lines.

    Body lines of different sections never overlap, so one sorted list of them and a
    bisect per sentence replace the scan of sections × sentences × lines.
    """
    lines = sorted((bs, be, n) for n, sec in enumerate(sections) for bs, be in sec.body)
    line_starts = [bs for bs, _, _ in lines]
    own: list[list[tuple[int, int, int]]] = [[] for _ in sections]
    for k, (s, e) in enumerate(sentences):
        i = bisect_right(line_starts, s) - 1
        if i >= 0 and e <= lines[i][1]:
            own[lines[i][2]].append((k, s, e))
    return own


def rank_claims(article: Article, analysis: Segmented, sections: list[Section], per_section: int) -> None:
    sentences = [(s, e) for s, e in article.sentences if e - s >= 8]
    words = _sentence_words(analysis, sentences)
    central = textrank(words)
    glossary_starts = [m.start for m in analysis.glossary]  # matches are sorted by start
    seen: set[str] = set()
    for section, own in zip(sections, sentences_by_section(sentences, sections)):
        scored = []
        for rank, (k, s, e) in enumerate(own):
            simplified = analysis.simplified[s:e]
            terms = bisect_left(glossary_starts, e) - bisect_left(glossary_starts, s)
            score = central[k]
            score += 0.3 * sum(1 for c in CUES if c in simplified)
            score += 0.1 * min(terms, 5) / max(1, (e - s) / 20)
            score += 0.2 if rank == 0 else 0.0
            scored.append((score, s, e))
        scored.sort(key=lambda x: -x[0])
        chosen = []
        for score, s, e in scored:
            key = article.text[s:e]
            if key in seen:
                continue
            seen.add(key)
            speaker, term = _speaker(article, analysis, s, e, glossary_starts)
            chosen.append(Claim(article.text[s:e], s, e, score, speaker, term))
            if len(chosen) == per_section:
                break
        section.claims = sorted(chosen, key=lambda c: c.start)
