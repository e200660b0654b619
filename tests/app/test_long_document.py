"""A long structured document at 80x24, reopened past 40%: the reader opens, finds, quits,
reopens, splits and merges without a traceback, and its screen is the whole layout's rows.

Issue 24: a chapter imported line by line crashed at 80x24 from any saved place past about
40% (IndexError in render_line, a negative index into a block of the lazy layout)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.worker import WorkerState

from tests.app.helpers import wait_until
from tests.documents import chapter
from tui.app.main import YueduApp
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets import line_count
from tui.app.widgets.article_view import ArticleView
from tui.core.library.articles import Library
from tui.core.library.importing import add_files
from tui.core.text.analysis import token_spans
from tui.core.text.layout import Line
from tui.core.text.layout_tables import layout_document
from tui.store.study import Study

# First openings, with the lines counted in the background: nothing kept from an earlier test.
pytestmark = pytest.mark.cold

SIZE = (80, 24)
FAR = "并重命名"  # found once, near the end


def whole_rows(view: ArticleView) -> list[tuple[Line, bool]]:
    """The whole text laid out at once as the view's settings say, as screen rows."""
    assert view._layout_key is not None
    reading = view.reading
    tokens = reading.analysis.tokens
    pinyin = [reading.pinyin_written(i, sandhi=view.sandhi) for i in range(len(tokens))] if view.show_pinyin else None
    lines = layout_document(view.text, token_spans(tokens), view._layout_key[0], pinyin, view.tables, gaps=True)
    rows: list[tuple[Line, bool]] = []
    for line in lines:
        if view.show_pinyin and line.pieces:
            rows.append((line, True))
        rows.append((line, False))
    return rows


def assert_screen_is_whole_layout(view: ArticleView) -> None:
    """Every row on screen drawn (no traceback), the cursor on it, and the rows the whole layout
    has there: the cursor's line found in the whole layout, the screen aligned on it."""
    height = view.scrollable_content_region.height
    strips = [view.render_line(y) for y in range(height)]
    assert len(strips) == height
    top = int(view.scroll_offset.y)
    shown = [view.nav.shown_line(top + y) for y in range(height)]
    cursor = view.cursor_token
    assert any(s and not s[1] and any(p.token == cursor for p in s[0].pieces) for s in shown), (
        f"cursor off screen: top {top}, cursor row {view._cursor_row()}, rows {len(view.nav.rows)}, "
        f"exact {view._lines.exact}, virtual {view.virtual_size.height}, max_scroll {view.max_scroll_y}"
    )
    cursor_y = next(y for y, s in enumerate(shown) if s and not s[1] and any(p.token == cursor for p in s[0].pieces))
    rows = whole_rows(view)
    at = next(k for k, (line, pinyin) in enumerate(rows) if not pinyin and any(p.token == cursor for p in line.pieces))
    first = at - cursor_y
    expected = [rows[first + y] if 0 <= first + y < len(rows) else None for y in range(height)]
    assert shown == expected


async def wait_until_idle_but_counting(pilot: Pilot, check: Callable[[], bool]) -> None:  # type: ignore[type-arg]
    """Wait for `check` while the layout's counting worker is held (wait_until waits for it)."""
    for _ in range(10_000):
        await pilot.pause()
        busy = [
            w
            for w in pilot.app.workers
            if w.group != "layout" and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
        ]
        if not busy and check():
            return
        await asyncio.sleep(0.01)
    raise AssertionError("never analysed")


def _ready(app: YueduApp) -> bool:
    screen = app.screen
    return (
        isinstance(screen, ReaderScreen)
        and screen.outline is not None
        and screen.dictionary is not None
        and not screen.reading.analysis.provisional
    )


def _add_chapter(tmp_path: Path) -> tuple[str, str]:
    path = tmp_path / "chapter.txt"
    text = chapter(7, 300)
    far = text.index("\n\n", len(text) * 9 // 10)  # far on: the blocks up to it still estimated
    path.write_text(text[:far] + f"\n\n请{FAR}文件。" + text[far:], encoding="utf-8")
    (outcome,) = add_files([path])
    assert outcome.id is not None
    return outcome.id, Library().resolve(outcome.id).text


@pytest.mark.long
async def test_reopened_past_40_percent_at_80x24_find_quit_reopen_split_merge(
    fresh_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    article, text = _add_chapter(tmp_path)
    saved = int(len(text) * 0.55)
    Study().save_position(article, saved)
    # The worker counting the other blocks' lines waits: keys come while the blocks far
    # from the cursor are estimates, as on a long chapter opened at once.
    go_on = asyncio.Event()

    async def held() -> None:
        await go_on.wait()

    monkeypatch.setattr(line_count, "_between_blocks", held)
    app = YueduApp(article)
    async with app.run_test(size=SIZE) as pilot:

        def analysed() -> bool:
            return isinstance(app.screen, ReaderScreen) and app.screen.outline is not None

        await wait_until_idle_but_counting(pilot, analysed)
        view = app.screen.query_one(ArticleView)
        assert not view._lines.exact
        token = view.reading.analysis.tokens[view.cursor_token]
        assert token.end > saved - 1 and token.start <= saved + 40  # at the saved place
        assert_screen_is_whole_layout(view)
        # Find a word found only far further on, with the blocks up to it estimated.
        await pilot.press("slash", *FAR, "enter")
        await pilot.pause()
        assert view.reading.analysis.tokens[view.cursor_token].start == text.index(FAR)
        assert_screen_is_whole_layout(view)
        go_on.set()
        await wait_until(pilot, lambda: _ready(app) and view._lines.exact, "the lines counted")
        assert_screen_is_whole_layout(view)
        found_at = view.reading.analysis.tokens[view.cursor_token].start
        await pilot.press("p")  # pinyin on
        await wait_until(pilot, lambda: view._lines.exact, "the lines counted")
        assert_screen_is_whole_layout(view)
        await pilot.press("q")
    # Reopened at the place it was left, at 80x24 again.
    assert Study().position(article) == found_at
    app = YueduApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: _ready(app), "the chapter reopened")
        view = app.screen.query_one(ArticleView)
        assert view.reading.analysis.tokens[view.cursor_token].start == found_at
        assert_screen_is_whole_layout(view)
        # x splits the word there; m merges it back: the reader reopens there each time.
        await pilot.press("x")
        await wait_until(pilot, lambda: _ready(app) and app.screen.query_one(ArticleView) is not view, "split")
        view = app.screen.query_one(ArticleView)
        assert view.reading.analysis.tokens[view.cursor_token].start == found_at
        assert_screen_is_whole_layout(view)
        await pilot.press("m")
        await wait_until(pilot, lambda: _ready(app) and app.screen.query_one(ArticleView) is not view, "merged")
        view = app.screen.query_one(ArticleView)
        assert view.reading.analysis.tokens[view.cursor_token].start == found_at
        assert_screen_is_whole_layout(view)


async def test_a_saved_place_past_the_end_opens_at_the_last_word(fresh_home: Path, tmp_path: Path) -> None:
    article, text = _add_chapter(tmp_path)
    Study().save_position(article, len(text) * 3)  # saved for a longer text
    app = YueduApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: _ready(app), "the chapter analysed")
        view = app.screen.query_one(ArticleView)
        assert view.cursor == len(view.reading.words) - 1
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.state.position < len(text)
        assert_screen_is_whole_layout(view)


@pytest.mark.long
async def test_random_walk_of_keys_and_sizes_shows_the_whole_layout(fresh_home: Path, tmp_path: Path) -> None:
    """The Pilot part of the property test (tests/core/text/test_lazy_layout_property.py):
    a seeded walk of jumps, finds, toggles and terminal sizes from 20x5 to 250x80 on the
    chapter; after each step the screen is the whole layout's rows around the cursor."""
    import random

    article, text = _add_chapter(tmp_path)
    Study().save_position(article, int(len(text) * 0.45))
    walk = random.Random(24)
    app = YueduApp(article)
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: _ready(app), "the chapter analysed")
        view = app.screen.query_one(ArticleView)
        for _ in range(14):
            step = walk.choice(["jump", "find", "resize", "p", "s", "c", "S", "o"])
            if step == "jump":
                view.move_to_offset(walk.randrange(len(text)))
            elif step == "find":
                await pilot.press("slash", *FAR, "enter")
            elif step == "resize":
                await pilot.resize_terminal(walk.randint(20, 250), walk.randint(5, 80))
            else:
                await pilot.press(step)
            await pilot.pause()
            if app.screen.query_one("#find").display:
                await pilot.press("escape")
            await wait_until(pilot, lambda: view._lines.exact, f"the lines counted after {step}")
            if view.scrollable_content_region.height > 0 and view.scrollable_content_region.width > 0:
                assert_screen_is_whole_layout(view)
