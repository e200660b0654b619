"""At 80 columns the header keeps the view's name and the footer `q Quit`; find says what it did not find."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from textual.widgets import Input
from textual.widgets._footer import FooterKey

from tests.app.helpers import open_001, settle
from tui.app.main import YueduApp
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.reader_footer import ReaderFooter


def _footer_actions(app: YueduApp) -> list[str]:
    return [key.action for key in app.screen.query_one(ReaderFooter).query(FooterKey)]


async def test_header_and_footer_fit_80_columns_and_widen_again(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_001(pilot)
        screen = app.screen
        for key, view in (("", "original"), ("s", "simplified"), ("s", "traditional")):
            if key:
                await pilot.press(key)
            assert screen.sub_title == view
            # The header's title gets the width less its icon (8) and clock space (10).
            assert cell_len(f"{screen.title} — {screen.sub_title}") <= 80 - 18
        await settle(pilot)
        footer = screen.query_one(ReaderFooter)
        assert "app.quit" in _footer_actions(app)
        assert sum(key.outer_size.width for key in footer.query(FooterKey)) <= 80
        await pilot.resize_terminal(160, 40)
        await settle(pilot)
        assert {"word(1)", "app.quit", "bookmark"} <= set(_footer_actions(app))
        assert isinstance(screen, ReaderScreen)
        assert screen.title == screen.reading.article.title  # room enough: the whole title


async def test_find_reports_the_whole_query_it_did_not_find(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_001(pilot)
        await pilot.press("slash", *"火星人类", "enter")
        box = app.screen.query_one("#find", Input)
        assert box.display and str(box.border_title) == "not found: 火星人类"
        await pilot.press("escape")
        assert not box.display and app.focused is view
        await pilot.press("slash")
        assert box.border_title is None  # a new find starts clean


def test_a_cut_title_keeps_the_screen_name_and_ends_in_an_ellipsis() -> None:
    from tui.app.titles import HEADER_FURNITURE, fit_title

    title = "《東北亞學刊》論文選編:國際變局下的日美關係及日本的應對"
    for width in range(40, 120):
        for name in ("difficulty", "traditional", "raw"):
            fitted = fit_title(title, width, name)
            assert cell_len(f"{fitted} — {name}") <= width - HEADER_FURNITURE
            if fitted != title:
                assert fitted.endswith("…") and not fitted[:-1].endswith(" ")
                assert title.startswith(fitted[:-1])
