"""Words without pinyin: what the outline reads, cached, and read again by the full analysis."""

from __future__ import annotations

import random
import tracemalloc
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tui.core.jsonable import to_json
from tui.core.library.articles import Article
from tui.core.library.outline import build_outline, outline
from tui.core.text.analyzer import CHUNK, Analyzer, _digest
from tui.core.text.tokens import Segmenter
from tui.store import blobs

if TYPE_CHECKING:
    from tui.core.library.articles import Library

SEEDS = ("000", "001", "002", "003", "004")


def _generated(library: Library, chars: int, seed: int = 7) -> str:
    """Lines of the seeds' sentences drawn at random until `chars`: many chunks, lines unlike the seeds'."""
    sentences = [a.text[s:e] for a in (library.resolve(r) for r in SEEDS) for s, e in a.sentences if e - s >= 8]
    rng = random.Random(seed)
    lines: list[str] = []
    size = 0
    while size < chars:
        line = "".join(rng.choice(sentences) for _ in range(rng.randint(2, 6)))
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines) + "\n"


def _articles(library: Library) -> list[Article]:
    generated = _generated(library, 3 * CHUNK)  # chunks of both kinds of line end
    return [library.resolve(r) for r in SEEDS] + [
        Article.from_text("generated", Path("generated.txt"), generated, "file")
    ]


def test_words_outline_equals_the_full_analysis_outline(library: Library, fresh_home: Path) -> None:
    analyzer = Analyzer()
    for article in _articles(library):
        words = analyzer.words(article.text, use_cache=False)
        analysis = analyzer.analyse(article.text, use_cache=False)
        assert list(words.tokens) == list(analysis.tokens), article.id
        assert words.simplified == analysis.simplified
        assert list(words.glossary) == list(analysis.glossary)
        from_words = to_json(build_outline(article, words))
        assert from_words == to_json(build_outline(article, analysis)), article.id
        assert any(s["claims"] for s in from_words["sections"]), article.id  # something was ranked


def test_analysis_from_cached_words_equals_a_fresh_one(library: Library, fresh_home: Path) -> None:
    text = _generated(library, 3 * CHUNK, seed=11)
    analyzer = Analyzer()
    analyzer.words(text)  # cached
    later = analyzer.analyse(text)
    fresh = Analyzer().analyse(text, use_cache=False)
    assert list(later.tokens) == list(fresh.tokens)
    assert list(later.pinyin) == list(fresh.pinyin)
    assert list(later.glossary) == list(fresh.glossary)


def test_the_analysis_after_an_outline_does_not_segment_again(
    library: Library, fresh_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cuts: list[str] = []
    real_cut = Segmenter.cut

    def counting_cut(self: Segmenter, simplified: str) -> list[str]:
        cuts.append(simplified)
        return real_cut(self, simplified)

    monkeypatch.setattr(Segmenter, "cut", counting_cut)
    # A text of its own: the home's cache copied from the session's may hold a seed's analysis.
    text = _generated(library, 2 * CHUNK, seed=5)
    article = Article.from_text("unseen", Path("unseen.txt"), text, "file")
    analyzer = Analyzer()
    assert analyzer.cached(article.text) is None
    outline(article, analyzer=analyzer)
    assert "".join(cuts) == analyzer.words(article.text).simplified  # the whole text, once
    cuts.clear()
    analysis = analyzer.analyse(article.text)
    assert cuts == []
    # The analysis holds the words now: the outline's copy is dropped, and words come from it.
    assert blobs.get(analyzer._words_key(_digest(article.text))) is None
    assert list(analyzer.words(article.text).tokens) == list(analysis.tokens)
    assert cuts == []
    fresh = Analyzer().analyse(article.text, use_cache=False)
    assert list(analysis.pinyin) == list(fresh.pinyin) and any(any(p) for p in fresh.pinyin)


def _transient_peak(analyzer: Analyzer, text: str) -> int:
    """Bytes the analysis of `text` held at its peak beyond what it left allocated (its result)."""
    tracemalloc.start()
    try:
        analysis = analyzer.analyse(text, use_cache=False)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(analysis.tokens) > len(text) // 3
    return peak - kept


@pytest.mark.long
def test_analysis_memory_does_not_grow_with_the_text(library: Library, fresh_home: Path) -> None:
    analyzer = Analyzer()
    analyzer.analyse(library.resolve("001").text, use_cache=False)  # resources loaded: not counted
    small = _transient_peak(analyzer, _generated(library, 2 * CHUNK, seed=1))
    large = _transient_peak(analyzer, _generated(library, 4 * CHUNK, seed=2))
    # Chunks are analysed one at a time and packed as they go: beyond its result, a twice as
    # long text needs about the same memory, one chunk's work. Measured: 7.0 then 7.3 MB (2 then 4 chunks;
    # 6.7 then 7.2 MB for 3 then 6);
    # with a pinyin string kept per token until the end it was 21.1 then 23.7 MB (+2.6), and
    # with the context model keeping every step's hidden state, 13.0 then 16.9 MB (a batch's
    # longest sentence set the peak, and a longer text has longer ones).
    assert large < small + 1.5 * 2**20, f"{small / 2**20:.1f} MB, then {large / 2**20:.1f} MB"
    # One chunk's work (20k characters): its ~12k words, kinds and readings, CC-CEDICT's answers,
    # and the context model's state for a batch of 256 sentences. Gathering each direction's
    # input projections for the whole batch ([batch, time, 128] float32) took ~8 MB more.
    assert large < 12 * 2**20, f"{large / 2**20:.1f} MB"
