"""A text pane that scrolls by a few rows is sent as a scroll (a region, lines deleted or
inserted in it, the region reset) and the cells that still differ: a terminal (pyte) shows
after each key what a full repaint shows, with no scroll region left set."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pyte
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.segment import Segment
from rich.style import Style
from textual._compositor import CompositorUpdate
from textual.strip import Strip

from tests.app.helpers import settle
from tests.app.test_partial_invisible import Terminal
from tests.documents import chapter
from tui.app.main import YueduApp
from tui.app.terminal import terminal_reset
from tui.app.terminal.partial_update import crop
from tui.app.terminal.scrolling import ScrollingChopsUpdate, ScrollingCompositor, changes
from tui.app.terminal.sgr import minimise_from
from tui.app.widgets.article_view import ArticleView
from tui.core.library.articles import Article


def _walk(size: tuple[int, int], keys: list[str]) -> tuple[list[int], list[str]]:
    """Press `keys` in the reader on a long structured chapter; after each, the terminal fed
    every write must show what a full repaint shows, with no scroll region set. Returns the
    rows each update scrolled by (0: none) and the keys after which the screen was wrong."""

    async def run() -> tuple[list[int], list[str]]:
        article = Article(id="tmp", path="tmp.txt", raw=chapter(3, 120), origin="file")
        app = YueduApp(article)
        async with app.run_test(size=size) as pilot:
            await settle(pilot)
            assert app.screen.query_one(ArticleView)
            compositor = app.screen._compositor
            assert isinstance(compositor, ScrollingCompositor)
            terminal = Terminal(*size)
            stream = pyte.Stream(terminal)
            data, sgr = minimise_from(None, compositor.render_full_update().render_segments(app.console), size[1])
            stream.feed(data)
            scrolled: list[int] = []
            wrong: list[str] = []
            display = app._display

            def recording(on: object, renderable: object) -> None:
                nonlocal sgr
                if isinstance(renderable, CompositorUpdate):
                    data, sgr = minimise_from(sgr, renderable.render_segments(app.console), size[1])
                    stream.feed(data)
                    assert terminal.margins is None, "a scroll region was left set"
                    scrolled.append(renderable.scrolled if isinstance(renderable, ScrollingChopsUpdate) else 0)
                display(on, renderable)  # type: ignore[arg-type]

            app._display = recording  # type: ignore[method-assign,assignment]
            # What a full repaint shows, kept up to date a row at a time: a full repaint writes
            # each row whole from its first cell, so the cells of a row are those of its text
            # written alone (parsed once per distinct row: a scroll brings back rows already seen),
            # and only rows written since, on either side, can have come to differ.
            parsed: dict[str, list[object]] = {}

            def cells(row: str) -> list[object]:
                if row not in parsed:
                    alone = Terminal(size[0], 1)
                    pyte.Stream(alone).feed(row)
                    parsed[row] = [alone.buffer[0][x] for x in range(size[0])]
                return parsed[row]

            drawn: list[str | None] = [None] * size[1]
            unequal: set[int] = set()
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
                check = set(terminal.dirty) | unequal
                terminal.dirty.clear()
                for y, strip in enumerate(compositor.render_strips()):
                    row = strip.render(app.console)
                    if row != drawn[y]:
                        drawn[y] = row
                        check.add(y)
                unequal = {y for y in check if [terminal.buffer[y][x] for x in range(size[0])] != cells(drawn[y] or "")}
                if unequal:
                    wrong.append(key)
            app._display = display  # type: ignore[method-assign]
            return scrolled, wrong

    return asyncio.run(run())


@pytest.mark.long
@pytest.mark.parametrize("size", [(80, 24), (200, 60)])
def test_scrolls_by_one_two_and_a_page_both_ways_draw_the_full_screen(fresh_home: Path, size: tuple[int, int]) -> None:
    rows = size[1]
    keys = ["j"] * (rows + 4)  # to the foot of the screen, then one line a key
    keys += ["k"] * (rows + 4)  # back to the top, then up a line a key
    keys += ["l"] * 6 + ["pagedown", "pagedown", "pageup"]  # word moves change the panel too
    keys += ["p"] + ["j"] * (rows // 2 + 3) + ["k"] * (rows // 2 + 3)  # a text line and its pinyin: two rows a line
    scrolled, wrong = _walk(size, keys)
    assert wrong == []
    # The check bites: the text was sent as scrolls, down and up, by one row and by two.
    assert {1, -1, 2, -2} <= set(scrolled), scrolled


def test_when_the_terminal_was_left_the_next_update_is_not_a_scroll(fresh_home: Path) -> None:
    """After a suspension (or exit, or another screen drawn) what the terminal shows is not
    known: no update is planned against it until a full one is written."""

    async def run() -> None:
        article = Article(id="tmp", path="tmp.txt", raw=chapter(5, 80), origin="file")
        app = YueduApp(article)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            compositor = app.screen._compositor
            assert isinstance(compositor, ScrollingCompositor)
            compositor.render_full_update().render_segments(app.console)
            assert compositor.shown() is not None
            terminal_reset()
            assert compositor.shown() is None
            compositor.render_full_update().render_segments(app.console)
            assert compositor.shown() is not None
            await pilot.resize_terminal(90, 24)
            await settle(pilot)
            assert compositor.shown() is None, "a resize: the rows shown are of another size"

    asyncio.run(run())


CHARS = st.sampled_from(["a", "b", " ", "中", "文", "e\u0301", "。"])
STYLES = st.sampled_from([None, Style(bold=True), Style(color="red")])
SEGMENTS = st.lists(st.tuples(st.lists(CHARS, min_size=1, max_size=4).map("".join), STYLES), max_size=6)


def _strip(parts: list[tuple[str, Style | None]], width: int) -> Strip:
    return Strip([Segment(text, style) for text, style in parts]).adjust_cell_length(width)


def _text(strip: Strip) -> str:
    return "".join(s.style.render(s.text) if s.style else s.text for s in strip)


@settings(max_examples=300, deadline=None)
@given(SEGMENTS, SEGMENTS)
def test_writing_the_changed_runs_over_the_old_row_gives_the_new_row(
    before_parts: list[tuple[str, Style | None]], after_parts: list[tuple[str, Style | None]]
) -> None:
    width = 16
    before, after = _strip(before_parts, width), _strip(after_parts, width)
    runs = changes(before, after)
    if before == after:
        assert runs == []
    terminal = Terminal(width + 4, 1)
    stream = pyte.Stream(terminal)
    stream.feed("\x1b[1;1H" + _text(before))
    for start, end in runs:
        assert 0 <= start < end <= width
        stream.feed(f"\x1b[1;{start + 1}H" + _text(crop(after, start, end)))
    fresh = Terminal(width + 4, 1)
    pyte.Stream(fresh).feed(_text(after))
    assert [terminal.buffer[0][x] for x in range(width)] == [fresh.buffer[0][x] for x in range(width)]
