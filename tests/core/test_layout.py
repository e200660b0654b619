"""Line breaking rules hold over every seed at every width from 20 to 120."""

from __future__ import annotations

import pytest
from rich.cells import cell_len

from tui.core.layout import NO_LINE_END, NO_LINE_START, layout
from tui.core.pinyin import render


@pytest.fixture(scope="module")
def seeds(analyzer, library):  # type: ignore[no-untyped-def]
    out = []
    for article in library.articles:
        analysis = analyzer.analyse(article.text)
        spans = [(t.start, t.end) for t in analysis.tokens]
        pinyin = [[render(s, "marks") for s in p] for p in analysis.pinyin]
        out.append((article.text, spans, pinyin))
    return out


@pytest.mark.parametrize("with_pinyin", [False, True])
def test_line_breaking_rules_over_seeds(seeds, with_pinyin: bool) -> None:
    for text, spans, pinyin in seeds:
        for width in range(20, 121, 7):
            lines = layout(text, spans, width, pinyin if with_pinyin else None)
            covered = "".join(text[p.start : p.end] for line in lines for p in line.pieces)
            assert "".join(covered.split()) == "".join(text.split())  # only spaces at a wrap are dropped
            for line in lines:
                if not line.pieces:
                    continue
                assert line.width <= width
                first = text[line.pieces[0].start]
                last = text[line.pieces[-1].end - 1]
                assert first not in NO_LINE_START, (width, text[line.start : line.end])
                assert last not in NO_LINE_END, (width, text[line.start : line.end])
                if not with_pinyin:
                    assert cell_len(text[line.start : line.end].rstrip("\n")) <= width


def test_pinyin_widens_words() -> None:
    text = "同盟关系"
    lines = layout(text, [(0, 2), (2, 4)], 40, [["tóng", "méng"], ["guān", "xì"]])
    assert [p.width for p in lines[0].pieces] == [9, 7]
    assert lines[0].pieces[1].x == 9
