"""Find as readers expect it at 80x24: each hit a third of the way down the screen, `hit n of
N` in the header, n and N wrapping round with a notice; notices never on the cursor's row."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot
from textual.widgets._toast import Toast

from tests.app.helpers import open_001, wait_until
from tui.app.main import YueduApp
from tui.app.screens.reader import ReaderScreen
from tui.app.screens.reader_find import HIT_AT
from tui.app.widgets.article_view import ArticleView

SIZE = (80, 24)


def _cursor_screen_y(view: ArticleView) -> int:
    """The cursor's text row on the terminal."""
    return view.region.y + view._cursor_row() - int(view.scroll_offset.y) + (1 if view.show_pinyin else 0)


def _placed_a_third_down(view: ArticleView) -> bool:
    height = view.scrollable_content_region.height
    top = view.nav.rows_of_line(view.nav.line_of_token(view.cursor_token))[0] - int(view.scroll_offset.y)
    wanted = int(height * HIT_AT)
    if top == wanted:
        return True
    # Near the start or the end of the text the screen cannot scroll that far.
    return (view.scroll_offset.y == 0 and top < wanted) or (view.scroll_offset.y >= view.max_scroll_y and top > wanted)


async def test_each_hit_a_third_down_counted_and_wrapping_with_a_notice(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        view = await open_001(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        await pilot.press("slash", *"同盟", "enter")
        await wait_until(pilot, lambda: bool(view.hits), "find hits")
        hits = view.hits
        total = len(hits)
        assert total == view.reading.article.text.count("同盟") > 2
        seen = []
        for _ in range(total):
            seen.append(view.cursor)
            assert f"hit {screen.hit + 1} of {total}" in str(screen.sub_title)
            assert _placed_a_third_down(view), (
                view.nav.rows_of_line(view.nav.line_of_token(view.cursor_token)),
                view.scroll_offset.y,
                view.scrollable_content_region.height,
                screen.hit,
            )
            assert not list(app.screen.query(Toast))  # no wrap yet, no notice
            await pilot.press("n")
        assert sorted(seen) == [view.reading.word_at(start) for start, _ in hits]
        await pilot.pause()
        # Past the last hit: the first again, said in a notice.
        assert screen.hit == 0 and f"hit 1 of {total}" in str(screen.sub_title)
        assert any("wrapped" in str(t.render()) for t in app.screen.query(Toast))
        await pilot.press("N")
        await pilot.press("N")
        await pilot.pause()
        assert screen.hit == total - 2


async def test_a_notice_never_covers_the_cursors_row(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE, notifications=True) as pilot:
        view = await open_001(pilot)
        height = view.scrollable_content_region.height
        for row in (1, height // 2 - 1, height // 2 + 1, height - 2):
            app.clear_notifications()
            await pilot.pause()
            # The cursor on a word at that row of the screen.
            view.scroll_to(y=20, animate=False, immediate=True)
            y = 20 + row
            shown = view.nav.shown_line(y)
            assert shown is not None and shown[0].pieces
            view.move_to_offset(shown[0].pieces[0].start)
            await pilot.pause()
            cursor_y = _cursor_screen_y(view)
            app.notify("bookmarked")
            await pilot.pause()
            toasts = list(app.screen.query(Toast))
            assert toasts
            for toast in toasts:
                region = toast.region
                assert region.height and not region.y <= cursor_y < region.bottom, (row, cursor_y, region)


async def _jump_by_the_outline(pilot: Pilot) -> None:  # type: ignore[type-arg]
    """The outline, four entries down, Enter: the text at that section, the focus back in it."""
    await pilot.press("o", "down", "down", "down", "down", "enter")
    await pilot.pause()


async def test_an_outline_jump_puts_its_line_a_third_down(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        await _jump_by_the_outline(pilot)
        assert view.has_focus and view.cursor > 0
        assert _placed_a_third_down(view)


async def test_a_toggle_after_a_jump_keeps_its_word_a_third_down_through_a_resize(fresh_home: Path) -> None:
    # Pinyin on doubles the rows above the word: the toggle places it as the jump did, as a
    # resize does, so a resize there and back gives the screen it left.
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        await _jump_by_the_outline(pilot)
        assert _placed_a_third_down(view)
        await pilot.press("p")
        await wait_until(pilot, lambda: view.show_pinyin and view.nav.pinyin_rows, "the pinyin rows")
        assert _placed_a_third_down(view)
        placed = (view.cursor, int(view.scroll_offset.y))
        await pilot.resize_terminal(100, 30)
        await wait_until(pilot, lambda: app.size == (100, 30), "the screen at 100x30")
        await pilot.resize_terminal(*SIZE)
        await wait_until(pilot, lambda: app.size == SIZE, "the screen at 80x24")
        assert (view.cursor, int(view.scroll_offset.y)) == placed
