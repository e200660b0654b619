"""Line breaking: the rules hold over every seed at every width, and the width holds for any spans."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.core.layout import NO_LINE_END, NO_LINE_START, Line, layout, plain_rows
from tui.core.pinyin import render

if TYPE_CHECKING:
    from tui.core.analysis import Analyzer
    from tui.core.articles import Library

# (text, token spans, rendered pinyin per token) for each seed article
Seeds = list[tuple[str, list[tuple[int, int]], list[list[str]]]]


@pytest.fixture(scope="module")
def seeds(analyzer: Analyzer, library: Library) -> Seeds:
    out = []
    for article in library.articles:
        analysis = analyzer.analyse(article.text)
        spans = [(t.start, t.end) for t in analysis.tokens]
        pinyin = [[render(s, "marks") for s in p] for p in analysis.pinyin]
        out.append((article.text, spans, pinyin))
    return out


@pytest.mark.parametrize("with_pinyin", [False, True])
def test_line_breaking_rules_over_seeds(seeds: Seeds, with_pinyin: bool) -> None:
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


# Han, both kinds of punctuation the rules name, Latin, digits and spaces: every way a line can break.
_ALPHABET = st.sampled_from(
    [*"日美關係同盟的了", *sorted(NO_LINE_START), *sorted(NO_LINE_END), *"ab1 ", "\n", "\u3000"]
)


@st.composite
def _laid_out(draw: st.DrawFn, with_pinyin: bool) -> tuple[str, list[tuple[int, int]], int, list[list[str]] | None]:
    """A text cut into arbitrary spans that cover it (as tokens do), a width, and pinyin that fits it."""
    text = draw(st.text(alphabet=_ALPHABET, min_size=1, max_size=60))
    cuts = sorted(draw(st.sets(st.integers(1, len(text) - 1), max_size=len(text))) if len(text) > 1 else [])
    bounds = [0, *cuts, len(text)]
    spans = list(itertools.pairwise(bounds))
    width = draw(st.integers(4, 30))
    pinyin = None
    if with_pinyin:
        # One syllable per character, each narrow enough that its character fits a line alone.
        syllable = st.text(alphabet="aeiouŋǎ", max_size=width - 1)
        pinyin = [[draw(syllable) for _ in range(e - s)] for s, e in spans]
    return text, spans, width, pinyin


def _check_lines(text: str, spans: list[tuple[int, int]], width: int, lines: list[Line]) -> None:
    position = 0  # offsets not yet covered by a piece
    for line in lines:
        x = 0
        for piece in line.pieces:
            assert piece.x == x  # pieces sit side by side
            x += piece.width
            span_start, span_end = spans[piece.token]
            assert span_start <= piece.start < piece.end <= span_end
            # Only whitespace is dropped (at a wrap, and the newlines that end a line).
            skipped = text[position : piece.start]
            assert piece.start >= position and (skipped == "" or skipped.isspace()), (skipped, lines)
            position = piece.end
        assert line.width <= width, (line, width)
        top, bottom = plain_rows(text, line)
        assert cell_len(top) <= width and cell_len(bottom) <= width, (top, bottom, width)
    assert text[position:] == "" or text[position:].isspace()


@settings(max_examples=400, deadline=None)
@given(_laid_out(with_pinyin=False))
def test_no_line_is_wider_than_the_width_and_nothing_is_lost(case) -> None:  # type: ignore[no-untyped-def]
    text, spans, width, _ = case
    _check_lines(text, spans, width, layout(text, spans, width))


@settings(max_examples=400, deadline=None)
@given(_laid_out(with_pinyin=True), st.sampled_from(["", " "]))
def test_with_pinyin_no_line_is_wider_than_the_width(case, joiner: str) -> None:  # type: ignore[no-untyped-def]
    text, spans, width, pinyin = case
    _check_lines(text, spans, width, layout(text, spans, width, pinyin, joiner))


def test_a_closing_mark_takes_characters_along_only_when_they_fit() -> None:
    # Found by the property test: carrying 1。 to the next line beside the second 。 made a 5-cell line.
    lines = layout("11。。", [(0, 4)], 4)
    assert [plain_rows("11。。", line)[1] for line in lines] == ["11。", "。"]
    # When they fit, the closing mark still does not start the line.
    lines = layout("1111。", [(0, 5)], 4)
    assert [plain_rows("1111。", line)[1] for line in lines] == ["111", "1。"]
