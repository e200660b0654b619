"""Pilot tests of the reader's keys."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable

from tui.app.main import YueduApp
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.article_view import ArticleView


async def open_001(pilot) -> ArticleView:  # type: ignore[no-untyped-def]
    await pilot.pause()
    await pilot.press("down", "enter")
    await pilot.pause()
    assert isinstance(pilot.app.screen, ReaderScreen)
    return pilot.app.screen.query_one(ArticleView)


async def test_library_lists_every_article(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one(DataTable)
        assert table.row_count == 5


async def test_keys_move_the_cursor_and_change_views(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_001(pilot)
        assert view.reading.article.id.startswith("001")
        await pilot.press("right", "right")
        assert view.cursor == 2
        await pilot.press("left")
        assert view.cursor == 1
        start = view.reading.find("日美關係")[0][0]
        view.move_to_offset(start)
        token = view.cursor_token
        await pilot.press("s")
        assert view.view == "simplified" and view.cursor_token == token
        assert view.text[start : start + 4] == "日美关系"
        await pilot.press("p")
        assert view.show_pinyin
        await pilot.press("c", "r")
        assert view.tone_colours and view.raw
        await pilot.press("r", "o")
        assert app.screen.query_one("#outline").display
        await pilot.press("end")
        assert view.cursor == len(view.reading.words) - 1
        await pilot.press("home")
        assert view.cursor == 0


async def test_find_and_save_word_persist(fresh_home: Path) -> None:
    from tui.store.study import Study

    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_001(pilot)
        await pilot.press("slash", *"同盟", "enter")
        await pilot.pause()
        first = view.cursor_token
        assert view.reading.analysis.tokens[first].text.startswith("同盟") or "同盟" in view.text
        await pilot.press("n")
        assert view.cursor_token != first
        await pilot.press("a")
        await pilot.press("escape")
        await pilot.pause()
    assert Study().words()
    assert Study().position("001_3e01bd049a75bb4f") is not None
