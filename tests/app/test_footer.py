"""The footer is rebuilt when its keys change, and only then."""

from __future__ import annotations

from pathlib import Path

from textual.widget import Widget

from tests.app.helpers import open_001, settle
from tui.app.main import YueduApp
from tui.app.widgets.reader_footer import ReaderFooter


def _shown_by_textual(footer: ReaderFooter) -> list[str]:
    """The actions the bindings of the focused chain ask the footer to show."""
    return [b.action for _, b, _, _ in footer.screen.active_bindings.values() if b.show]


def _actions(widgets: list[Widget]) -> list[str]:
    return [a for w in widgets if (a := getattr(w, "action", None)) is not None]


async def test_focus_moves_that_keep_the_keys_keep_the_footer(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_001(pilot)
        footer = app.screen.query_one(ReaderFooter)
        keys = list(footer.children)
        assert _actions(keys)[: len(_shown_by_textual(footer))] == _shown_by_textual(footer)
        for key in ("tab", "escape"):  # into the panel and back: the same bindings
            await pilot.press(key)
            await settle(pilot)
            assert list(footer.children) == keys  # the same widgets, not rebuilt
        await pilot.press("slash")  # the find box: its own keys
        await settle(pilot)
        now = _actions(list(footer.children))
        assert now != _actions(keys) and now[: len(_shown_by_textual(footer))] == _shown_by_textual(footer)
        await pilot.press("escape")
        await settle(pilot)
        assert _actions(list(footer.children)) == _actions(keys)
