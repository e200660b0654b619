"""A big article in the reader: a toggle lays out the lines around the cursor at once and
counts the others' in a worker; keys act meanwhile, and toggling back is the same lines."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
from textual.worker import WorkerState

from tests.app.helpers import settle, wait_until
from tui.app.main import YueduApp
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets import line_count
from tui.app.widgets.article_view import ArticleView
from tui.core.library.articles import Article
from tui.core.text.analysis import token_spans
from tui.core.text.layout import Line
from tui.core.text.layout_lazy import Block, LazyLayout
from tui.core.text.layout_tables import layout_document

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "bench"))
from synthetic import big_text

# A first layout's counting is the subject: no counts kept from an earlier test.
pytestmark = pytest.mark.cold

SIZE = (120, 40)
BYTES = 150_000  # ~50k characters: dozens of blocks, analysed in the app's own thread


def _whole(view: ArticleView) -> list[Line]:
    """The whole text laid out at once, as the view's settings say, to compare with."""
    assert view._layout_key is not None
    reading = view.reading
    tokens = reading.analysis.tokens
    pinyin = [reading.pinyin_written(i, sandhi=view.sandhi) for i in range(len(tokens))] if view.show_pinyin else None
    width = view._layout_key[0]
    return layout_document(view.text, token_spans(tokens), width, pinyin, view.tables, gaps=True)


def _counting(view: ArticleView) -> bool:
    return any(w.group == "layout" and w.state == WorkerState.RUNNING for w in view.workers)


async def test_pinyin_on_and_back_keeps_the_lines_and_keys_act_while_the_rest_is_counted(
    fresh_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "big.txt"
    path.write_text(big_text(BYTES), encoding="utf-8")
    app = YueduApp(Article.from_file(path, "file"))
    async with app.run_test(size=SIZE) as pilot:

        def analysed() -> bool:
            screen = app.screen
            return isinstance(screen, ReaderScreen) and screen.outline is not None and screen.dictionary is not None

        await wait_until(pilot, analysed, "the big article analysed, with its outline")
        view = app.screen.query_one(ArticleView)
        view.move_to_offset(len(view.reading.article.text) // 2)  # the middle: blocks on both sides
        await settle(pilot)
        plain = view._lines
        assert len(plain.firsts) > 20 and plain.exact
        plain_lines = list(plain)
        assert plain_lines == _whole(view)

        # The counting worker waits at its first pause until the test lets it go on.
        go_on = asyncio.Event()

        async def held() -> None:
            await go_on.wait()

        monkeypatch.setattr(line_count, "_between_blocks", held)
        await pilot.press("p")
        await pilot.pause()
        assert view.show_pinyin and _counting(view)
        pinyin = view._lines
        assert pinyin is not plain and not pinyin.exact
        expected = _whole(view)
        line = view.nav.line_of_token(view.cursor_token)
        assert view._lines[line] == next(x for x in expected if any(p.token == view.cursor_token for p in x.pieces))
        assert any(p.pinyin for p in view._lines[line].pieces)

        # Keys act before the worker is done.
        word = view.cursor
        await pilot.press("l")
        assert view.cursor == word + 1 and _counting(view)
        row = view.nav.row_of_line(view.nav.line_of_token(view.cursor_token)) - int(view.scroll_offset.y)

        go_on.set()
        await settle(pilot)
        assert not _counting(view) and pinyin.exact
        assert list(pinyin) == expected  # counted apart, laid out in any order: the whole's lines
        # The counts came in without moving the cursor on the screen.
        assert view.nav.row_of_line(view.nav.line_of_token(view.cursor_token)) - int(view.scroll_offset.y) == row

        # Back: the plain layout is still held, and nothing is laid out again.
        laid_out = []
        lay_out = LazyLayout.lay_out

        def spy(self: LazyLayout, k: int) -> Block:
            laid_out.append(k)
            return lay_out(self, k)

        monkeypatch.setattr(LazyLayout, "lay_out", spy)
        await pilot.press("p")
        await pilot.pause()
        assert not view.show_pinyin and view._lines is plain
        assert laid_out == [] and not _counting(view)
        assert list(plain) == plain_lines
