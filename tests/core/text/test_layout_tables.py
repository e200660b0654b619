"""Tables in the layout: ruled cells drawn around their paragraphs."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui.core.text.layout_tables import TableCells, layout_document


@pytest.mark.parametrize("with_pinyin", [False, True])
def test_a_tables_right_border_is_under_its_corners(with_pinyin: bool) -> None:
    cells = ["表1", "国家", "人口", "日本", "一亿", "中国", "十四亿"]
    text = "\n".join(cells)
    starts = [sum(len(c) + 1 for c in cells[:i]) for i in range(len(cells))]
    paragraphs = [(s, s + len(c)) for s, c in zip(starts, cells)]
    spans: list[tuple[int, int]] = []
    for s, e in paragraphs:
        spans += [(s, e), (e, e + 1)] if e < len(text) else [(s, e)]
    pinyin = [["x"] * (e - s) if text[s:e] != "\n" else [""] for s, e in spans] if with_pinyin else None
    table = TableCells(
        0, len(text), paragraphs[0], tuple(paragraphs[1:3]), (tuple(paragraphs[3:5]), tuple(paragraphs[5:7])), None
    )
    lines = layout_document(text, spans, 40, pinyin, [table])
    rules = [line for line in lines if line.decor and line.decor[0][1][:1] in "┌├└"]
    assert len(rules) == 4
    right = cell_len(rules[0].decor[0][1]) - 1
    for line in lines:
        if line.decor and line.decor[0][1][:1] == "│":
            assert line.decor[-1] == (right, "│"), line.decor
