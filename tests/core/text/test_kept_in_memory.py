"""What the process keeps for a text opened again: its analysis (by cache key) and its
layouts' line counts (by what they are made of), each bounded, each dropped when what it
was made of changes."""

from __future__ import annotations

import dataclasses
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from tui.core.lexicon.glossary import Glossary
from tui.core.lru import LRU
from tui.core.reading import Reading
from tui.core.text import analyzer as analyzer_module
from tui.core.text import layout_lazy
from tui.core.text.analysis import Analyzer, token_spans
from tui.core.text.analyzer import _digest
from tui.core.text.layout_lazy import BLOCK_TOKENS, Block, LazyLayout
from tui.core.text.layout_tables import layout_document
from tui.store import blobs

if TYPE_CHECKING:
    from tui.core.library.articles import Article, Library
    from tui.core.text.analysis import Analysis


@pytest.fixture
def counted_analyses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The texts analysed for real (segmented and read), one entry per analysis."""
    done: list[str] = []
    real = Analyzer._analyse

    def spy(self: Analyzer, text: str, *args: object, **kwargs: object) -> Analysis:
        done.append(text)
        return real(self, text, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Analyzer, "_analyse", spy)
    return done


def test_a_text_analysed_again_is_the_analysis_kept(
    library: Library, fresh_home: Path, counted_analyses: list[str]
) -> None:
    text = library.resolve("001").text
    first = Analyzer().analyse(text)
    # Another analyser (another reader screen) with the same glossary and fixes: nothing done again.
    again = Analyzer(glossary=Analyzer().glossary)
    assert again.kept(text) is None  # its fingerprint is not made yet: no work on the caller's thread
    assert again.analyse(text) is first
    assert again.kept(text) is first and again.cached(text) is first
    assert counted_analyses == [text]


def test_the_cache_db_gets_the_kept_analysis_again_when_it_lost_it(library: Library, fresh_home: Path) -> None:
    text = library.resolve("002").text
    analyzer = Analyzer()
    analysis = analyzer.analyse(text)
    key = analyzer.cache_key(_digest(text))
    blobs.delete(key)  # the cache DB may be deleted at any time; the library's columns read it
    assert analyzer.cached(text) is analysis
    assert blobs.get(key) is not None


def test_changed_fixes_analyse_again(library: Library, fresh_home: Path, counted_analyses: list[str]) -> None:
    text = library.resolve("001").text
    word = next(w for w in ("同盟", "日本", "美国") if w in text)
    Analyzer(fixes={}).analyse(text)
    fixed = Analyzer(fixes={word: ("tong2",) * len(word)}).analyse(text)
    assert counted_analyses == [text, text]  # another fingerprint: not the kept one
    at = next(i for i, t in enumerate(fixed.tokens) if t.text == word)
    assert fixed.pinyin[at] == ("tong2",) * len(word)


def test_a_glossary_loaded_again_gives_its_own_entries(library: Library, fresh_home: Path) -> None:
    text = library.resolve("001").text
    glossary = Glossary.load()
    first = Analyzer(glossary=glossary).analyse(text)
    assert first.glossary, "001 has glossary terms"
    # The same terms (the same fingerprint) with another note: loaded again after an edit.
    edited = Glossary([dataclasses.replace(e, note=e.note + " (edited)") for e in glossary.entries])
    again = Analyzer(glossary=edited).analyse(text)
    assert again.tokens is first.tokens  # kept, not analysed again
    by_term = {e.term: e for e in edited.entries}
    assert [(m.start, m.end) for m in again.glossary] == [(m.start, m.end) for m in first.glossary]
    assert all(m.entry is by_term[m.entry.term] and m.entry.note.endswith("(edited)") for m in again.glossary)


def test_the_oldest_analysis_is_dropped_past_the_bound(
    library: Library, fresh_home: Path, counted_analyses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    texts = [library.resolve(r).text for r in ("000", "001", "002")]
    bound = sum(map(len, texts[1:]))  # room for the last two
    monkeypatch.setattr(analyzer_module, "_kept", LRU(weigh=lambda _, kept: len(kept[0].text), max_weight=bound))
    analyzer = Analyzer()
    for text in texts:
        analyzer.analyse(text)
    assert analyzer.kept(texts[0]) is None
    assert all(analyzer.kept(t) is not None for t in texts[1:])
    analyzer.analyse(texts[0])  # read back from the cache DB, not analysed again
    assert counted_analyses == texts


def test_a_long_text_is_not_kept(
    library: Library, fresh_home: Path, counted_analyses: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    text = library.resolve("001").text
    monkeypatch.setattr(analyzer_module, "KEPT_TEXT_CHARS", len(text) - 1)
    analyzer = Analyzer()
    analyzer.analyse(text)
    assert analyzer.kept(text) is None
    assert analyzer.cached(text) is not None  # from the cache DB
    assert analyzer.kept(text) is None


# --- line counts -------------------------------------------------------------------------------


def _layout(reading: Reading, width: int, laid: list[int], **settings: object) -> LazyLayout:
    spans = token_spans(reading.analysis.tokens)
    layout = LazyLayout(reading.article.text, spans, width, gaps=True, identity=reading.layout_identity, **settings)  # type: ignore[arg-type]
    real = layout.lay_out

    def spy(k: int) -> Block:
        laid.append(k)
        return real(k)

    layout.lay_out = spy  # type: ignore[method-assign]
    return layout


def _reading(article: Article, analyzer: Analyzer) -> Reading:
    return Reading(article, analyzer.analyse(article.text), analyzer.glossary)


def test_a_layout_made_again_takes_the_counts_and_lays_out_only_what_is_shown(
    library: Library, fresh_home: Path
) -> None:
    article = library.resolve("001")
    analyzer = Analyzer()
    reading = _reading(article, analyzer)
    laid: list[int] = []
    first = _layout(reading, 40, laid)
    assert len(first.counts) > 2 and not first.exact
    whole = list(first)  # every block laid out: the counts are known
    assert first.exact and sorted(laid) == list(range(len(first.counts)))
    assert whole == layout_document(article.text, token_spans(reading.analysis.tokens), 40, gaps=True)

    laid.clear()
    # Another reading of the same text and analysis (the article reopened).
    again = _layout(_reading(article, analyzer), 40, laid)
    assert again.exact and list(again.counts) == list(first.counts) and len(again) == len(whole)
    assert laid == []
    assert again[len(whole) - 1] == whole[-1]
    assert laid == [len(again.counts) - 1]  # the line asked for, its block only


def test_counts_are_not_taken_for_another_width_text_or_analysis(library: Library, fresh_home: Path) -> None:
    article, other = library.resolve("001"), library.resolve("002")
    analyzer = Analyzer()
    reading = _reading(article, analyzer)
    list(_layout(reading, 40, []))
    assert not _layout(reading, 41, []).exact
    assert not _layout(_reading(other, analyzer), 40, []).exact
    assert not _layout(reading, 40, [], joiner=" ").exact
    # Another word cut (a user's fix) lays out other lines: another identity.
    word = next(w for w in ("同盟", "日本", "美国") if w in article.text)
    fixed = Analyzer(fixes={word: ("tong2",) * len(word)})
    assert Reading(article, fixed.analyse(article.text), fixed.glossary).layout_identity != reading.layout_identity
    assert _layout(reading, 40, []).exact


def test_the_oldest_counts_are_dropped_past_the_bound(
    library: Library, fresh_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reading = _reading(library.resolve("001"), Analyzer())
    blocks = len(_layout(reading, 40, []).counts)
    assert blocks > 1 and len(reading.analysis.tokens) > BLOCK_TOKENS
    kept: LRU[object, object] = LRU(weigh=lambda _, counts: len(counts[0]), max_weight=2 * blocks)  # type: ignore[index]
    monkeypatch.setattr(layout_lazy, "_counted", kept)
    for width in (40, 41, 42):
        list(_layout(reading, width, []))
    assert len(kept) == 2 and kept.weight <= 2 * blocks
    assert not _layout(reading, 40, []).exact
    assert _layout(reading, 41, []).exact and _layout(reading, 42, []).exact


# --- outlines ----------------------------------------------------------------------------------


def test_an_outline_made_is_kept_and_the_cache_db_gets_it_again(library: Library, fresh_home: Path) -> None:
    from tui.core.jsonable import to_json
    from tui.core.library import outline as outline_module

    article = library.resolve("001")
    analyzer = Analyzer()
    assert outline_module.kept_outline(article, 3, analyzer) is None
    made = outline_module.outline(article, 3, analyzer)
    kept = outline_module.kept_outline(article, 3, analyzer)
    assert kept is not None and kept is not made and to_json(kept) == to_json(made)  # a copy of its own
    assert outline_module.kept_outline(article, 2, analyzer) is None  # another claim count
    key = outline_module._key(article, 3, analyzer)
    blobs.delete(key)
    assert to_json(outline_module.outline(article, 3, analyzer)) == to_json(made)
    assert blobs.get(key) is not None


def test_an_outline_is_not_kept_for_another_fingerprint(library: Library, fresh_home: Path) -> None:
    from tui.core.library import outline as outline_module

    article = library.resolve("001")
    outline_module.outline(article, 3, Analyzer(fixes={}))
    word = next(w for w in ("同盟", "日本", "美国") if w in article.text)
    fixed = Analyzer(fixes={word: ("tong2",) * len(word)})
    _ = fixed.fingerprint
    assert outline_module.kept_outline(article, 3, fixed) is None
