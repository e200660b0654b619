"""At 80x24 the side panel is a pane of its own: Tab goes into it, the keys scroll it to every
line it has (every sense of every entry, the breakdown, the examples), Esc goes back."""

from __future__ import annotations

from pathlib import Path

from textual.containers import VerticalScroll
from textual.geometry import Size

from tests.app.helpers import open_001, settle
from tui.app.main import YueduApp
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.side_panel import SidePanel
from tui.app.widgets.side_panel.depth import DepthBox
from tui.app.widgets.side_panel.examples import ExampleLines
from tui.app.widgets.side_panel.lines import TextLines

SIZE = (80, 24)


async def test_tab_into_the_panel_scroll_every_line_and_esc_back(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.dictionary is not None
        tokens = view.reading.analysis.tokens
        view.move_to_offset(next(t.start for t in tokens if t.text == "和"))
        await settle(pilot)
        cursor = view.cursor
        info = view.reading.word_info(view.cursor_token, screen.dictionary)
        assert len(info.definitions) > 1  # several entries: all of them listed, not the first
        panel = screen.query_one(SidePanel)
        scroll = panel.query_one("#word-scroll", VerticalScroll)
        word = panel.query_one("#word", TextLines)
        depth = panel.query_one("#word-depth", DepthBox)
        examples = panel.query_one("#word-examples", ExampleLines)
        assert not depth.display or not depth.region  # at 24 rows the breakdown is folded away

        await pilot.press("tab")
        assert app.focused is scroll  # not the tab labels
        await pilot.pause()
        plain = word.plain
        for form, pinyin, senses in info.definitions:
            assert f"{form} {pinyin}" in plain
            assert all(sense in plain for sense in senses)
        assert word.region.height == word.get_content_height(Size(*SIZE), Size(*SIZE), word.size.width)  # no line cut

        # Down and PgDn scroll the panel (not the text) until every line has been on screen.
        seen: set[object] = set()
        for key in ("down", "pagedown", "pagedown", "pagedown", "pagedown", "pagedown", "end"):
            await pilot.press(key)
            await pilot.pause()
            window = scroll.region
            for widget in (word, depth, examples):
                if widget.display and widget.region and window.overlaps(widget.region):
                    seen.add(widget.id)
        assert scroll.scroll_y == scroll.max_scroll_y > 0
        assert seen == {"word", "word-depth", "word-examples"}
        assert view.cursor == cursor  # the text's cursor never moved

        await pilot.press("escape")
        await pilot.pause()
        assert view.has_focus and view.cursor == cursor
        assert isinstance(app.screen, ReaderScreen)  # Esc from the panel is not Esc to the library
        assert not panel.has_class("-browsing")


async def test_a_latin_word_or_number_has_no_empty_reading_lines(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        word = app.screen.query_one("#word", TextLines)
        tokens = view.reading.analysis.tokens
        latin = [
            t
            for i, t in enumerate(tokens)
            if i in view.reading.word_set and t.text.strip() and t.text.isascii() and any(c.isalnum() for c in t.text)
        ]
        assert latin
        for token in latin[:3]:
            view.move_to_offset(token.start)
            await settle(pilot)
            lines = word.plain.split("\n")
            assert lines[0].strip() == token.text.strip()
            assert "()" not in word.plain.replace(" ", "")
            assert lines[1].strip()  # no empty pinyin line under it
