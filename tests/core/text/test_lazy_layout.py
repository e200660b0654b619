"""Block by block: the lines of a lazily laid-out text are the whole layout's, in bounded memory."""

from __future__ import annotations

import gc
import tracemalloc
from typing import TYPE_CHECKING

import pytest

from tui.core.text.analysis import TokenSpans
from tui.core.text.layout_lazy import BLOCK_TOKENS, BlockCache, LazyLayout
from tui.core.text.layout_tables import TableCells, layout_document, table_cells

if TYPE_CHECKING:
    from collections.abc import Callable

    from tui.core.library.articles import Library
    from tui.core.text.analysis import Analyzer

Seed = tuple[str, list[tuple[int, int]], list[list[str]], list[tuple[int, int]]]


@pytest.fixture(scope="module")
def seeds(analyzer: Analyzer, library: Library) -> list[Seed]:
    out = []
    for article in library.articles:
        analysis = analyzer.analyse(article.text)
        spans = [(t.start, t.end) for t in analysis.tokens]
        out.append((article.text, spans, [list(p) for p in analysis.pinyin], list(article.paragraphs)))
    return out


def _slicer(pinyin: list[list[str]]) -> Callable[[int, int], list[list[str]]]:
    return lambda a, b: pinyin[a:b]


@pytest.mark.parametrize("with_pinyin", [False, True])
@pytest.mark.parametrize("gaps", [False, True])
def test_blocks_together_are_the_whole_layout(seeds: list[Seed], with_pinyin: bool, gaps: bool) -> None:
    for text, spans, pinyin, _ in seeds:
        for width in (24, 61, 118):
            whole = layout_document(text, spans, width, pinyin if with_pinyin else None, gaps=gaps)
            lazy = LazyLayout(text, spans, width, _slicer(pinyin) if with_pinyin else None, gaps=gaps)
            assert len(lazy.firsts) > 2  # more than one block, or nothing is tested
            assert list(lazy) == whole
            assert lazy.exact and len(lazy) == len(whole)
            for token in range(0, len(spans), 97):
                expected = next((n for n, line in enumerate(whole) if any(p.token == token for p in line.pieces)), -1)
                assert lazy.line_of_token(token) == expected


def test_laid_out_in_any_order_the_lines_are_the_same(seeds: list[Seed]) -> None:
    text, spans, _, _ = max(seeds, key=lambda s: len(s[1]))
    whole = layout_document(text, spans, 50, gaps=True)
    lazy = LazyLayout(text, spans, 50, gaps=True, cache=BlockCache(BLOCK_TOKENS))  # a block or two kept
    last = len(lazy.firsts) - 2
    lazy.ensure(lazy.firsts[last], 3, 3)  # from the end first: estimates above
    assert not lazy.exact
    for k in (last, 0, last // 2, 1):
        lazy.block(k)
    assert list(lazy) == whole  # blocks dropped from the cache come back the same
    assert len(lazy.cache) <= 2


def test_tables_stay_whole_in_one_block() -> None:
    # A table of 2 columns and as many rows as it takes to pass a block's size.
    rows = BLOCK_TOKENS // 3
    cells = ["表题", "甲", "乙"] + [f"{r}行" for r in range(2 * rows)]
    text = "前文一段。\n" * 300 + "\n".join(cells) + "\n" + "后文一段。\n" * 300
    spans = [(i, i + 1) for i in range(len(text))]
    paragraphs, start = [], 0
    for line in text.split("\n")[:-1]:
        paragraphs.append((start, start + len(line)))
        start += len(line) + 1
    table_start = text.index("表题")
    table_end = text.index("后文")
    table = table_cells(paragraphs, table_start, table_end - 1, 2, rows)
    assert isinstance(table, TableCells)
    whole = layout_document(text, spans, 40, tables=[table], gaps=True)
    lazy = LazyLayout(text, spans, 40, tables=[table], gaps=True)
    assert not any(table_start < spans[t][0] < table_end - 1 for t in lazy.firsts[1:-1])
    assert list(lazy) == whole
    assert any(line.decor for line in whole)


def test_raw_characters_as_tokens(seeds: list[Seed]) -> None:
    text = seeds[0][0] * 3
    spans = TokenSpans(None, 0, len(text))
    whole = layout_document(text, spans, 70)
    lazy = LazyLayout(text, spans, 70)
    assert list(lazy) == whole
    for offset in range(0, len(text), 301):
        n = lazy.line_at(offset)
        assert whole[n].start <= offset and (n + 1 == len(whole) or whole[n + 1].start > offset)


@pytest.mark.long
def test_memory_follows_what_is_laid_out_not_the_text(seeds: list[Seed]) -> None:
    """A text 40 times the longest seed, laid out around three places with pinyin: what is
    held is the blocks laid out, bounded by the cache, not the whole layout."""
    text, spans, pinyin, _ = max(seeds, key=lambda s: len(s[1]))
    copies = 40
    big = text * copies
    big_spans = [(s + k * len(text), e + k * len(text)) for k in range(copies) for s, e in spans]
    big_pinyin = pinyin * copies
    kept = 20_000  # pieces: ten screens of 120x40 or so
    whole_pieces = 0  # the whole layout's: its blocks' (test_blocks_together_are_the_whole_layout)
    tracemalloc.start()
    try:
        lazy = LazyLayout(big, big_spans, 100, lambda a, b: big_pinyin[a:b], gaps=True, cache=BlockCache(kept))
        for token in (0, len(big_spans) // 2, len(big_spans) - 1):
            lazy.ensure(token, 40, 40)
        for k in range(len(lazy.counts)):  # every block laid out once: the cache drops the old
            whole_pieces += sum(len(line.pieces) for line in lazy.block(k).lines)
        # What is held, not what the collector has yet to sweep: when it last ran depends on
        # the tests before (a reader freezes the heap), and evicted blocks' cycles went to it.
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert lazy.cache.pieces <= kept < whole_pieces / 4
    # A piece with its share of line and token index is under 250 bytes (its ints, its pinyin
    # label, the Line's tuple): the blocks held cost at most that for each piece kept, plus
    # the per-block counts. The whole layout would be over four times as much.
    assert held < 250 * kept + 200 * len(lazy.counts)


def test_a_line_past_an_estimate_that_was_over_is_empty_not_an_error(seeds: list[Seed]) -> None:
    text, spans, _, _ = seeds[0]
    lazy = LazyLayout(text, spans, 60, gaps=True)
    lazy._rough = [r * 3 for r in lazy._rough]  # estimates well over the lines to come
    estimated = len(lazy)
    line = lazy[estimated - 1]  # lays out the last blocks: fewer lines than estimated
    assert len(lazy) < estimated
    assert line.pieces == () and line.start == len(text)
    with pytest.raises(IndexError):
        lazy[len(lazy)]


def test_rows_with_pinyin_are_the_whole_layouts_in_any_order(seeds: list[Seed]) -> None:
    # A line with words has its pinyin row above it; a gap or a table's rule has none.
    text, spans, pinyin, _ = max(seeds, key=lambda s: len(s[1]))
    whole = layout_document(text, spans, 50, pinyin, gaps=True)
    expected: list[tuple[int, bool]] = []
    text_rows = []
    for n, line in enumerate(whole):
        if line.pieces:
            expected.append((n, True))
        text_rows.append(len(expected))
        expected.append((n, False))
    assert any(not line.pieces for line in whole), "gaps, or a row per line is not tested"
    lazy = LazyLayout(text, spans, 50, _slicer(pinyin), gaps=True, cache=BlockCache(BLOCK_TOKENS))
    last = len(lazy.firsts) - 2
    lazy.ensure(lazy.firsts[last], 3, 3)  # from the end first: the rows above are estimates
    assert not lazy.exact
    found = []
    y = 0
    while y < lazy.rows():  # the count firms up as the blocks are laid out from the top
        found.append(lazy.row_at(y))
        y += 1
    assert found == expected and lazy.rows() == len(expected)
    assert [lazy.text_row(n) for n in range(len(whole))] == text_rows
    with pytest.raises(IndexError):
        lazy.row_at(lazy.rows())


def test_code_blocks_across_block_cuts_are_the_whole_layout() -> None:
    """Code lines (no gaps between them) lie across the lazy layout's block cuts as in the whole."""
    lines = []
    code: list[tuple[int, int]] = []
    pos = 0
    for n in range(BLOCK_TOKENS // 8):
        para = f"第{n}段，阅读文档。"
        block = [f"  line {n} {k}" for k in range(6)]
        lines.append(para)
        start = pos + len(para) + 1
        code.append((start, start + len("\n".join(block))))
        lines += block
        pos = start + len("\n".join(block)) + 1
    text = "\n".join([*lines, "完。"])
    assert all(text[a:b].startswith("  line") and text[b] == "\n" for a, b in code)
    spans = TokenSpans(None, 0, len(text))
    whole = layout_document(text, spans, 30, gaps=True, preformatted=code)
    lazy = LazyLayout(text, spans, 30, gaps=True, preformatted=code)
    assert len(lazy.firsts) > 3
    assert list(lazy) == whole
    gaps = sum(1 for line in whole if not line.pieces)
    assert gaps == 2 * len(code)  # before and after each code block, never inside one
