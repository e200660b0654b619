"""Glossary terms are found on word boundaries: a term the segmentation has as a word (or as
whole words, a suffix allowed), never a piece of other words, in either script."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tui.core.text.script import converter

if TYPE_CHECKING:
    from tui.core.library.articles import Library
    from tui.core.text.analysis import Analyzer


def _terms(analyzer: Analyzer, text: str) -> list[tuple[str, str]]:
    words = analyzer.words(text, use_cache=False)
    return [(text[m.start : m.end], m.entry.term) for m in words.glossary]


@pytest.mark.parametrize("script", ["simplified", "traditional"])
def test_reiwa_is_not_found_inside_command_and(analyzer: Analyzer, script: str) -> None:
    reiwa = analyzer.glossary.find("令和")
    assert reiwa is not None
    text = "在终端输入命令和参数，再把指令和数据分开。令和元年五月，日本改元。"
    if script == "traditional":
        text = str(converter("s2tw").convert(text))
    found = _terms(analyzer, text)
    assert [t for t in found if t[1] == reiwa.term] == [(text[text.index("令和元年") :][:2], reiwa.term)]


def test_a_term_inside_another_word_is_not_found(analyzer: Analyzer) -> None:
    china = analyzer.glossary.find("中国")
    assert china is not None
    found = _terms(analyzer, "发展中国家的声音越来越大，中国也是其中之一。")
    assert [t for t in found if t[1] == china.term] == [("中国", china.term)]


def test_seed_matches_lost_only_where_a_term_starts_inside_a_word(analyzer: Analyzer, library: Library) -> None:
    """Every match the plain string scan makes in the seeds stays, unless the term starts inside a
    word of the segmentation (中国 in 发展中国家) or ends more than a character before a word ends."""
    for article in library.articles:
        words = analyzer.words(article.text)
        starts = set(words.tokens.starts())
        ends = set(words.tokens.ends)
        kept = {(m.start, m.end) for m in words.glossary}
        scanned = analyzer.glossary.matches(article.text, words.simplified)
        assert scanned and kept
        for m in scanned:
            on_words = m.start in starts and (m.end in ends or m.end + 1 in ends)
            if on_words:
                # A match the scan makes on words is kept, or overlaps one kept (a longer one now on words).
                assert (m.start, m.end) in kept or any(s < m.end and m.start < e for s, e in kept), (
                    article.id,
                    article.text[m.start : m.end],
                )
            else:
                assert (m.start, m.end) not in kept
        lost = [m for m in scanned if (m.start, m.end) not in kept]
        assert len(lost) <= len(scanned) * 0.02, (article.id, [article.text[m.start : m.end] for m in lost])
