"""A word move that scrolls the article draws the rows it brings in and the cursor's, and takes
the other rows as they were drawn (tui/app/terminal/row_cache.py); what it keeps is what a
fresh drawing shows, after moves and after anything else that changes the rows."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from textual._styles_cache import StylesCache
from textual.strip import Strip

from tests.app.helpers import settle
from tests.documents import chapter
from tui.app.main import YueduApp
from tui.app.terminal.row_cache import RowCache
from tui.app.widgets.article_view import ArticleView
from tui.core.library.articles import Article


def _kept_and_fresh(view: ArticleView) -> tuple[list[Strip], list[Strip]]:
    region = view.size.region
    return view._styles_cache.render_widget(view, region), StylesCache().render_widget(view, region)


def test_a_scrolling_word_move_draws_the_rows_it_brings_and_the_cursors(
    fresh_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    drawn: list[int] = []
    render_line = ArticleView.render_line

    def counting(view: ArticleView, y: int) -> Strip:
        drawn.append(y)
        return render_line(view, y)

    monkeypatch.setattr(ArticleView, "render_line", counting)

    async def run() -> None:
        article = Article(id="tmp", path="tmp.txt", raw=chapter(3, 120), origin="file")
        app = YueduApp(article)
        async with app.run_test(size=(80, 24)) as pilot:
            await settle(pilot)
            view = app.screen.query_one(ArticleView)
            assert isinstance(view._styles_cache, RowCache)
            scrolls = []
            # Line moves to the screen's foot, then word moves on past it (each checked).
            for key in ["j"] * (view.size.height - 3) + ["l"] * 60:
                top, old_cursor = int(view.scroll_offset.y), view.cursor_token
                old_rows = len(view.nav.lines_of_token(old_cursor))
                drawn.clear()
                await pilot.press(key)
                await settle(pilot)
                moved = int(view.scroll_offset.y) - top
                if moved and key == "l":
                    new_rows = len(view.nav.lines_of_token(view.cursor_token))
                    scrolls.append((abs(moved), len(drawn), old_rows + new_rows))
                kept, fresh = _kept_and_fresh(view)
                assert kept == fresh
            assert len(scrolls) >= 3, "few word moves scrolled: the walk tests little"
            for rows_in, rows_drawn, cursor_rows in scrolls:
                assert rows_drawn <= rows_in + cursor_rows, scrolls
                assert rows_drawn < view.size.height // 2
            # Whatever else changes the rows is drawn anew: words marked learning (theirs
            # elsewhere on the screen too), the pinyin row, the tone colours.
            for key in ("2", "l", "2", "l", "2", "h", "h", "3", "p", "l", "t", "l"):
                await pilot.press(key)
                await settle(pilot)
                kept, fresh = _kept_and_fresh(view)
                assert kept == fresh, key

    asyncio.run(run())
