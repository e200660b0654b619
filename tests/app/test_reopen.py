"""An article opened again in the same run: its words at once, its lines not counted again."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.helpers import open_001, settle, wait_until
from tui.app.main import YueduApp
from tui.app.screens.library import LibraryScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets import line_count
from tui.app.widgets.article_view import ArticleView
from tui.core.text.layout_lazy import Block, LazyLayout

# The first opening here is a first one: what the second takes was kept by it.
pytestmark = pytest.mark.cold

SIZE = (120, 40)


async def test_reopening_an_article_takes_its_words_and_line_counts(
    fresh_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        first = view.reading
        counts = list(view._lines.counts)
        assert view._lines.exact and len(counts) > 1

        counted: list[LazyLayout] = []
        real_count = line_count.count_lines

        async def count_lines(view: ArticleView, key: object, lines: LazyLayout) -> None:
            counted.append(lines)
            await real_count(view, key, lines)  # type: ignore[arg-type]

        laid: list[int] = []
        real_lay_out = LazyLayout.lay_out

        def lay_out(self: LazyLayout, k: int) -> Block:
            laid.append(k)
            return real_lay_out(self, k)

        monkeypatch.setattr(line_count, "count_lines", count_lines)
        monkeypatch.setattr(LazyLayout, "lay_out", lay_out)
        await pilot.press("escape")  # back to the library, its cursor still on 001
        await wait_until(pilot, lambda: isinstance(app.screen, LibraryScreen), "the library")
        await pilot.press("enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        again = screen.query_one(ArticleView)
        assert again is not view and again.reading.article.id == first.article.id
        # Words at once: the analysis kept, not characters until a worker brings it.
        assert again.reading.analysis is first.analysis and not again.reading.analysis.provisional
        assert again._lines.exact and list(again._lines.counts) == counts
        await settle(pilot)
        assert counted == []
        # Only what the screen shows was laid out, never the whole text to count it.
        assert laid and len(set(laid)) < len(counts)
