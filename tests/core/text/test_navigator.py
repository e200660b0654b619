"""The cursor's moves over a layout (Navigator) and the raw view's offsets (RawMap), no Textual."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tui.core.text.analysis import token_spans
from tui.core.text.layout_lazy import LazyLayout
from tui.core.text.navigator import Navigator, RawMap

if TYPE_CHECKING:
    from tui.core.library.articles import Library
    from tui.core.reading import Reading
    from tui.core.text.analysis import Analyzer


@pytest.fixture(scope="module")
def reading(library: Library, analyzer: Analyzer) -> Reading:
    from tui.core.lexicon.glossary import Glossary
    from tui.core.reading import Reading

    article = library.resolve("001")
    return Reading(article, analyzer.analyse(article.text), Glossary.load())


def _navigator(reading: Reading, width: int, pinyin: bool = False) -> Navigator:
    def written(first: int, last: int) -> list[list[str]]:
        return [reading.pinyin_written(i) for i in range(first, last)]

    spans = token_spans(reading.analysis.tokens)
    lines = LazyLayout(reading.article.text, spans, width, written if pinyin else None, gaps=True)
    lines.ensure(0, len(spans), len(spans))  # the whole text laid out: every line known
    tokens = reading.analysis.tokens
    return Navigator(lines, tokens, reading.words, reading.word_set, pinyin_rows=pinyin)


def test_words_and_edges_stay_within_the_text(reading: Reading) -> None:
    nav = _navigator(reading, 40)
    last = len(reading.words) - 1
    assert (nav.word(0, -1), nav.word(0, 3), nav.word(last, 1), nav.word(last - 1, 5)) == (0, 3, last, last)
    assert (nav.edge(0), nav.edge(1)) == (0, last)


@pytest.mark.parametrize("width", [24, 57])
def test_a_line_down_is_the_word_nearest_the_column_on_the_next_line_with_words(reading: Reading, width: int) -> None:
    nav = _navigator(reading, width)
    for cursor in range(0, len(reading.words), 53):
        token = reading.words[cursor]
        here = nav.line_of_token(token)
        start = reading.analysis.tokens[token].start
        column = next(p.x for p in nav.line(here).pieces if p.start <= start < p.end)
        # The last line with words stays where it is: the nearest word there is the cursor's own.
        following = next((n for n in range(here + 1, len(nav.lines)) if nav.line(n).pieces), here)
        offset = nav.lines_away(token, 1)
        words = [p for p in nav.line(following).pieces if p.token in reading.word_set]
        if not words:
            assert offset is None
            continue
        assert offset is not None
        best = min(abs(p.x - column) for p in words)
        landed = [p for p in words if p.start == offset]
        assert landed and abs(landed[0].x - column) == best
        back = nav.lines_away(reading.token_at(offset), -1)
        assert back is not None and nav.line_of_token(reading.token_at(back)) <= here


def test_with_pinyin_a_line_takes_two_rows_and_a_page_counts_them(reading: Reading) -> None:
    nav = _navigator(reading, 40, pinyin=True)
    line = nav.line_of_token(reading.words[len(reading.words) // 2])
    top, row = nav.rows_of_line(line)
    assert row == top + 1 and nav.rows[top].pinyin and nav.rows[row] == type(nav.rows[row])(line, False)
    assert nav.page(24) == (24 // 2 - 1, 2 * (24 // 2 - 1))
    assert _navigator(reading, 40).page(24) == (23, 23)


def test_raw_offsets_map_back_to_the_reading_text(library: Library) -> None:
    article = next(a for a in library.articles if a.raw != a.text)  # cleaning changed something
    raw = RawMap(article)
    mapped = 0
    inside = [o for a, b in article.paragraphs for o in range(a, b)]  # not the gaps between paragraphs
    for offset in inside[::7]:
        at = raw.to_raw(offset)
        if at < 0:
            continue
        mapped += 1
        assert raw.from_raw(at) == offset
        assert article.raw[at] == article.text[offset] or not article.text[offset].strip()
    assert mapped > len(inside) // 14
