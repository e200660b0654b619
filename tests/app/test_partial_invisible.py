"""The screen a key leaves equals a full repaint, for every character the sanitiser lets through:
format characters (shown as ⬚), noncharacters, combining sequences, keycaps, VS16, Hangul
fillers, joiners. Checked in a terminal emulator (pyte), as tests/app/test_partial_update.py."""

from __future__ import annotations

import asyncio
import unicodedata
from pathlib import Path

import pyte
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from textual._compositor import CompositorUpdate
from wcwidth import wcwidth

from tests.app.helpers import settle
from tui.app.main import YueduApp
from tui.app.terminal.sgr import minimise_from
from tui.app.widgets.article_view import ArticleView
from tui.core.library.articles import Article

SIZE = (120, 40)


class Terminal(pyte.Screen):
    """pyte, with what xterm, VTE and kitty do for a zero-width character that is not a
    combining mark by class (VS16, the keycap's U+20E3, a joiner): join it to the cell before.
    pyte drops it and the rest of that write (its draw `break`s), which no terminal does."""

    def draw(self, data: str) -> None:
        run = 0
        for i, ch in enumerate(data):
            if wcwidth(ch) == 0 and not unicodedata.combining(ch):
                if i > run:
                    super().draw(data[run:i])
                line, x = self.buffer[self.cursor.y], self.cursor.x - 1
                if x > 0 and line[x].data == "":
                    x -= 1  # the second cell of a wide character: join it to the first
                if x >= 0:
                    line[x] = line[x]._replace(data=line[x].data + ch)
                    self.dirty.add(self.cursor.y)
                run = i + 1
        if run < len(data):
            super().draw(data[run:])


def _article(text: str) -> Article:
    return Article(id="tmp", path="tmp.txt", raw=text, origin="file")


def _screens(text: str, keys: list[str]) -> tuple[list[str], list[str]]:
    """The terminal's rows after the reader drew `keys` by parts, and after a full repaint."""

    async def run() -> tuple[list[str], list[str]]:
        app = YueduApp(_article(text))
        async with app.run_test(size=SIZE) as pilot:
            await settle(pilot)
            assert app.screen.query_one(ArticleView)
            screen = app.screen
            terminal = Terminal(*SIZE)
            stream = pyte.Stream(terminal)
            full = screen._compositor.render_full_update().render_segments(app.console)
            data, sgr = minimise_from(None, full, SIZE[1])
            stream.feed(data)
            writes: list[str] = []
            display = app._display

            def recording(on: object, renderable: object) -> None:
                if isinstance(renderable, CompositorUpdate):
                    writes.append(renderable.render_segments(app.console))
                display(on, renderable)  # type: ignore[arg-type]

            app._display = recording  # type: ignore[method-assign,assignment]
            for key in keys:
                await pilot.press(key)
                await settle(pilot)
            app._display = display  # type: ignore[method-assign]
            for write in writes:
                data, sgr = minimise_from(sgr, write, SIZE[1])
                stream.feed(data)
            fresh = Terminal(*SIZE)
            pyte.Stream(fresh).feed(screen._compositor.render_full_update().render_segments(app.console))
            return terminal.display, fresh.display

    return asyncio.run(run())


@pytest.mark.parametrize(
    "text",
    [
        "日本\u200d与美国的同盟关系很重要。",
        "日本\ufffe与美国\ufdd0的同盟关系很重要。",
        "日本1\ufe0f\u20e3与美国❤\ufe0f的同盟关系很重要。",
        "日本\u3164与美国\u1160的\u115f同盟关系很重要。",
        "日本e\u0301\u0302与美国的同盟关系很重要。",
        "日本\u202e与美国的\u2066同盟关系很重要。",
    ],
)
def test_moves_around_invisible_characters_draw_the_full_screen(fresh_home: Path, text: str) -> None:
    by_parts, full = _screens(text, ["l"] * 4 + ["h"] * 2 + ["l"] * 3)
    assert by_parts == full


def test_a_panel_row_that_starts_with_a_zero_width_jamo_draws_the_full_screen(fresh_home: Path) -> None:
    # A lone final consonant (U+11A8) is a word of its own here: shown at the start of the Word
    # box, it joins the cell left of the box (the panel's border), which a later write of the
    # box never sends again.
    text = "。\u11a8日本日本日本日本\u1160 \u3164日本\u1100\u1161\nab\u1100\u1161\u115f\u1100\u1161\u1100\u1161同盟"
    by_parts, full = _screens(text, ["j", "l", "k", "l", "l", "l", "h", "l"])
    assert by_parts == full


def test_a_panel_cell_whose_jamo_change_draws_the_full_screen(fresh_home: Path) -> None:
    # The Word box's row goes from 각 to 가1: the first cell differs only in a zero-width
    # final consonant, which the terminal keeps in that cell until the cell is written again.
    text = "\u1100\u1161\u11a8\u202e\u202e\u1100\u1161" + "1\ufe0f\u20e3日本e\u0301日本"
    text += "\u11a8\u11a8日本\u3164\u0301\u11a8日本"
    by_parts, full = _screens(text, ["l"])
    assert by_parts == full


PIECES = st.sampled_from(
    [
        "日本",
        "同盟",
        "关系",
        "。",
        "，",
        "a",
        " ",
        "\u200d",
        "\u200b",
        "\u202e",
        "\ufffe",
        "\ufdd0",
        "\u0301",
        "1\ufe0f\u20e3",
        "❤\ufe0f",
        "😀",
        "\u3164",
        "\u115f",
        "\U000e0041",
        "\ufff9",
        "\u00ad",
        "e\u0301",
        "\u1100\u1161",
        "\u1100\u1161\u11a8",
        "\u11a8",
        "\u1160",
        "\n",
    ]
)


@pytest.mark.long
@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    st.lists(PIECES, min_size=3, max_size=40).map("".join),
    st.lists(st.sampled_from(["l", "h", "j", "k", "l", "l"]), min_size=1, max_size=10),
)
def test_generated_paragraphs_and_moves_draw_the_full_screen(fresh_home: Path, text: str, keys: list[str]) -> None:
    if not any("\u4e00" <= ch <= "\u9fff" for ch in text):
        text += "同盟"  # something to put the cursor on
    by_parts, full = _screens(text, keys)
    assert by_parts == full
