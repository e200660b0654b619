"""The outline at scale: sections found by bisect, and a 4 MB article in bounded memory."""

from __future__ import annotations

import tracemalloc
from array import array
from pathlib import Path

import pytest

from tui.core.jsonable import to_json
from tui.core.lexicon.glossary import Match
from tui.core.library.articles import Article, Library
from tui.core.library.outline import build_outline
from tui.core.library.outline_claims import sentences_by_section, textrank
from tui.core.library.outline_sections import detect_sections
from tui.core.text.analysis import KINDS, Analysis, PackedTokens, Words
from tui.core.text.cleaning import Cleaned
from tui.core.text.tokens import Token

SEEDS = ("000", "001", "002", "003", "004")


def _old_scan(sentences: list[tuple[int, int]], body: list[tuple[int, int]]) -> list[tuple[int, int, int]]:
    """The assignment the outline used before: every sentence against every line of the section."""
    return [(k, s, e) for k, (s, e) in enumerate(sentences) if any(bs <= s and e <= be for bs, be in body)]


def test_sections_from_bisect_equal_the_old_scan(library: Library) -> None:
    for ref in SEEDS:
        article = library.resolve(ref)
        sections, _, _ = detect_sections(article)
        flat = [s for top in sections for s in top.walk()]
        sentences = [(s, e) for s, e in article.sentences if e - s >= 8]
        found = sentences_by_section(sentences, flat)
        assert found == [_old_scan(sentences, sec.body) for sec in flat], ref
        assert sum(map(len, found)) > 0


def test_textrank_of_disjoint_sentences_is_flat() -> None:
    # No shared words: every sentence keeps the same score, whatever the window.
    words = [{f"词{i}", f"字{i}"} for i in range(1200)]
    assert set(textrank(words)) == {1.0}


def test_textrank_favours_the_sentence_that_links_the_others() -> None:
    words = [{"甲", "乙", "丙"}, {"甲"}, {"乙"}, {"丙"}, {"丁"}]
    scores = textrank(words)
    assert scores[0] == max(scores) == 1.0
    assert scores[4] < scores[1]


def _tiled(library, target_chars: int) -> tuple[Article, Analysis]:  # type: ignore[no-untyped-def]
    """A long article made of the seeds' reading texts one after another, with its analysis
    tiled from theirs (offsets shifted per copy), so no 4 MB analysis has to run here."""
    from tui.core.text.analysis import Analyzer

    analyzer = Analyzer()
    unit = "\n".join(library.resolve(ref).text for ref in SEEDS) + "\n"
    one = analyzer.analyse(unit)
    copies = target_chars // len(unit) + 1
    text = unit * copies
    tokens: list[Token] = []
    pinyin: list[tuple[str, ...]] = []
    matches: list[Match] = []
    # The unit's tokens and readings unpacked once, not once per copy (2 s of the test).
    unit_tokens, unit_pinyin = [(t.text, t.start, t.end, t.kind) for t in one.tokens], list(one.pinyin)
    for n in range(copies):
        shift = n * len(unit)
        tokens += [Token(text, start + shift, end + shift, kind) for text, start, end, kind in unit_tokens]
        pinyin += unit_pinyin
        matches += [Match(m.start + shift, m.end + shift, m.entry) for m in one.glossary]
    lines, pos = [], 0
    for line in text.split("\n"):
        lines.append((pos, pos + len(line)))
        pos += len(line) + 1
    # Cleaning would keep each repeated line once: the article is built from its parts.
    cleaned = Cleaned(text, tuple((s, e) for s, e in lines if e > s), ())
    article = Article("tiled", Path("tiled.txt"), text, "file", cleaned)
    analysis = Analysis(text, one.simplified * copies, tuple(tokens), tuple(pinyin), tuple(matches))
    return article, analysis


def _packed(analysis: Analysis) -> Words:
    """The words as `yuedu outline` reads them from the cache: arrays, no Token objects."""
    kinds = bytes(KINDS.index(t.kind) for t in analysis.tokens)
    ends = array("I", (t.end for t in analysis.tokens))
    return Words(analysis.text, analysis.simplified, PackedTokens(analysis.text, ends, kinds), analysis.glossary)


@pytest.mark.long
def test_outline_of_4mb_in_bounded_memory(library: Library) -> None:
    article, analysis = _tiled(library, 1_450_000)  # 1.45 M characters: 4 MB of UTF-8
    assert len(article.text.encode("utf-8")) >= 4_000_000
    sentences = len(article.sentences)
    words = _packed(analysis)
    tracemalloc.start()
    try:
        outline = build_outline(article, words)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    # The ranking holds one window of 500 sentences at a time (a 500 × 500 float matrix is
    # 2 MB; its edge arrays are a few times that), plus one small set of words per sentence
    # (~40k of them, ~1 KB each). The quadratic ranking it replaced needed 383 MB for a
    # tenth of this text, and ran out of memory on the whole of it.
    assert peak < 150 * 1024 * 1024, f"peak {peak / 1e6:.0f} MB for {sentences} sentences"
    claims = [c for s in outline.all_sections() for c in s.claims]
    assert claims and all(article.text[c.start : c.end] == c.text for c in claims)
    assert len({c.text for c in claims}) == len(claims)  # a repeated sentence counts once


def test_words_from_packed_arrays_rank_as_from_tokens(library: Library) -> None:
    # Over several ranking windows of 500 sentences (the 4 MB text above has ~80 of them).
    article, analysis = _tiled(library, 150_000)
    assert len(article.sentences) > 3 * 500
    assert to_json(build_outline(article, _packed(analysis))) == to_json(build_outline(article, analysis))
