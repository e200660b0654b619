"""The lazy layout shows what the whole layout shows, wherever the reader goes and however the
blocks were estimated: generated documents x sizes x toggles x actions (hypothesis). The long
run is bench/layout_property.py; here a fixed seed and a few hundred examples."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from unittest import mock

import pytest
from hypothesis import HealthCheck, given, seed, settings
from hypothesis import strategies as st

from tests.documents import chapter, paragraphs, tokens
from tui.core.text import layout_lazy as layout_module
from tui.core.text.analysis import TokenSpans
from tui.core.text.layout import Line
from tui.core.text.layout_lazy import BlockCache, LazyLayout
from tui.core.text.layout_tables import TableCells, layout_document, table_cells

SYLLABLES = ("a", "er", "zhuang", "shi", "lü")


def _pinyin(text: str, spans: Sequence[tuple[int, int]]) -> Callable[[int, int], list[list[str]]]:
    def rows(a: int, b: int) -> list[list[str]]:
        out = []
        for s, e in spans[a:b]:
            out.append([SYLLABLES[ord(c) % 5] if "\u4e00" <= c <= "\u9fff" else "" for c in text[s:e]])
        return out

    return rows


def _traditional(text: str) -> str:
    return text.translate(str.maketrans("们设环变录户这说", "們設環變錄戶這說"))


# Whole layouts made, by what they are made of (most of an example's time): a jump, a find or a
# reopen lays out the same text again, a toggle turned back gives an earlier layout, and
# hypothesis mutates an example into its neighbours. A pure function of the key: same checks.
_WHOLES: OrderedDict[tuple[object, ...], list[Line]] = OrderedDict()


@dataclass
class Doc:
    """One text as the reader holds it: its tokens, tables and the toggles that make its layout."""

    text: str
    spans: Sequence[tuple[int, int]]
    tables: tuple[TableCells, ...]
    width: int
    height: int
    pinyin: bool = False
    raw: bool = False
    cache: BlockCache = field(default_factory=lambda: BlockCache(3000))

    def lazy(self) -> LazyLayout:
        if self.raw:
            spans = TokenSpans(None, 0, len(self.text))
            return LazyLayout(self.text, spans, self.width, cache=self.cache, token_at=lambda o: o)
        py = _pinyin(self.text, self.spans) if self.pinyin else None
        return LazyLayout(self.text, self.spans, self.width, py, self.tables, gaps=True, cache=self.cache)

    def whole(self) -> list[Line]:
        # The raw view is made of the text and the width alone.
        key = (
            (self.text, self.width)
            if self.raw
            else (self.text, tuple(self.spans), self.tables, self.width, self.pinyin)
        )
        if key in _WHOLES:
            _WHOLES.move_to_end(key)
        else:
            _WHOLES[key] = self._whole()
            if len(_WHOLES) > 24:
                _WHOLES.popitem(last=False)
        return _WHOLES[key]

    def _whole(self) -> list[Line]:
        if self.raw:
            return layout_document(self.text, TokenSpans(None, 0, len(self.text)), max(self.width, 4))
        py = _pinyin(self.text, self.spans)(0, len(self.spans)) if self.pinyin else None
        return layout_document(self.text, self.spans, max(self.width, 4), py, self.tables, gaps=True)


def _rows(whole: list[Line], pinyin: bool) -> list[tuple[int, bool]]:
    rows: list[tuple[int, bool]] = []
    for n, line in enumerate(whole):
        if pinyin and line.pieces:
            rows.append((n, True))
        rows.append((n, False))
    return rows


def check_screen(doc: Doc, lazy: LazyLayout, offset: int, whole: list[Line], third: bool = True) -> None:
    """Place the cursor's line on the screen as the view does, lay out the screen, draw it
    (nothing may move while it is drawn) and compare it with the whole layout's rows there."""
    pinyin_rows = doc.pinyin and not doc.raw
    token = offset if doc.raw else max(0, next(i for i, (s, e) in enumerate(doc.spans) if e > offset))
    lazy.ensure(token, doc.height, doc.height)
    line = lazy.line_at(offset) if doc.raw else lazy.line_of_token(token)
    if line < 0:
        return  # a line break token: drawn on no line
    row = lazy.text_row(line) if pinyin_rows else line
    top = max(0, row - (doc.height // 3 if third else 0))
    lazy.ensure_lines(top, doc.height, pinyin_rows)
    generation = lazy.generation
    shown = []
    total = lazy.rows() if pinyin_rows else len(lazy)
    for y in range(top, min(top + doc.height, total)):
        n, is_pinyin = lazy.row_at(y) if pinyin_rows else (y, False)
        shown.append((lazy[n], is_pinyin))
    assert lazy.generation == generation, "a row drawn moved the screen"
    # The same rows in the whole layout: the cursor's line there is the first holding it.
    if doc.raw:
        expected_line = max(n for n, x in enumerate(whole) if x.start <= offset or n == 0)
    else:
        expected_line = next(n for n, x in enumerate(whole) if any(p.token == token for p in x.pieces))
    assert whole[expected_line] == lazy[line]
    rows = _rows(whole, pinyin_rows)
    expected_row = rows.index((expected_line, False))
    first = expected_row - (row - top)
    expected = [(whole[n], p) for n, p in rows[first : first + len(shown)]]
    assert shown == expected
    assert len(shown) == min(doc.height, len(rows) - first) or not lazy.exact


def make_doc(doc_seed: int, parts: int, width: int, height: int, with_tables: bool) -> Doc:
    text = chapter(doc_seed, parts)
    spans = tokens(text)
    tables: list[TableCells] = []
    if with_tables:
        paras = paragraphs(text)
        for k, (s, _) in enumerate(paras):
            if text.startswith("表", s) and k + 9 <= len(paras):
                cells = table_cells(paras, s, paras[k + 8][1], 2, 3)
                if cells is not None and (not tables or tables[-1].end < cells.start):
                    tables.append(cells)
    return Doc(text, spans, tuple(tables), width, height)


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["jump", "find", "resize", "pinyin", "script", "raw", "split", "merge", "reopen", "count"]),
        st.floats(0, 1),
        st.integers(0, 10**6),
    ),
    min_size=1,
    max_size=6,
)


def run_actions(
    doc_seed: int, parts: int, size: tuple[int, int], tables: bool, start: float, actions: list[tuple[str, float, int]]
) -> None:
    doc = make_doc(doc_seed, parts, size[0], size[1], tables)
    offset = int(start * (len(doc.text) - 1))  # the saved position
    lazy, whole = doc.lazy(), doc.whole()
    check_screen(doc, lazy, offset, whole)
    for kind, where, n in actions:
        if kind in ("jump", "find"):
            offset = int(where * (len(doc.text) - 1))
            if kind == "find":  # the next occurrence of the text at a point, as find goes there
                needle = doc.text[offset : offset + 2]
                found = doc.text.find(needle, offset + 1)
                offset = found if found >= 0 and needle.strip() else offset
        elif kind == "resize":
            doc.width, doc.height = 20 + n % 231, 5 + (n // 231) % 76
        elif kind == "pinyin":
            doc.pinyin = not doc.pinyin
        elif kind == "raw":
            doc.raw = not doc.raw
        elif kind == "script":
            doc.text = _traditional(doc.text)
        elif kind in ("split", "merge"):
            # The text analysed again with a token cut in two, or two joined: new spans.
            spans = list(doc.spans)
            k = min(len(spans) - 2, int(where * len(spans)))
            s, e = spans[k]
            if kind == "split" and e - s > 1:
                spans[k : k + 1] = [(s, s + 1), (s + 1, e)]
            elif kind == "merge" and "\n" not in doc.text[s : spans[k + 1][1]]:
                spans[k : k + 2] = [(s, spans[k + 1][1])]
            doc.spans = spans
        elif kind == "count":  # the counting worker: some blocks counted without their lines
            for k in range(n % 7, len(lazy.counts), 3):
                block = lazy.lay_out(k)
                lazy.set_count(k, len(block.lines), block.rows)
            check_screen(doc, lazy, offset, whole, third=False)
            continue
        # reopen, and every toggle: a layout made afresh, its blocks estimated
        lazy, whole = doc.lazy(), doc.whole()
        check_screen(doc, lazy, offset, whole)


SIZES = st.tuples(st.integers(20, 250), st.integers(5, 80))


# Short in the suite: small blocks, so that short documents have many of them.
SMALL_BLOCKS = 64


@pytest.mark.long
@seed(24)
@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    doc_seed=st.integers(0, 1000),
    parts=st.integers(1, 120),
    size=SIZES,
    tables=st.booleans(),
    start=st.floats(0, 1),
    actions=ACTIONS,
)
def test_the_screen_is_the_whole_layouts_wherever_the_reader_goes(
    doc_seed: int, parts: int, size: tuple[int, int], tables: bool, start: float, actions: list[tuple[str, float, int]]
) -> None:
    with mock.patch.object(layout_module, "BLOCK_TOKENS", SMALL_BLOCKS):
        run_actions(doc_seed, parts, size, tables, start, actions)


def test_a_saved_place_past_40_percent_at_80x24_opens_without_indexing_an_estimate() -> None:
    """The crash of issue 24: a chapter of short lines opened at 80x24 past 40%. The rows
    asked for first were in blocks whose start moved when they were laid out (the scale of
    the estimates was learnt again on every block), and a negative index went into a block."""
    doc = make_doc(1, 600, 78, 24, with_tables=True)
    whole = doc.whole()
    for percent in range(40, 100, 3):
        lazy = doc.lazy()
        for share in (percent / 100, 0.2, 0.9):  # rows where the estimates put places
            line = lazy[int(share * (len(lazy) - 1))]  # laid out now: one of the whole's lines
            assert line in whole
        check_screen(doc, doc.lazy(), int(percent / 100 * len(doc.text)), whole)
