"""Shared steps for driving the app in Textual's pilot."""

from __future__ import annotations

from textual.pilot import Pilot

from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.article_view import ArticleView


async def settle(pilot: Pilot) -> None:  # type: ignore[type-arg]
    """Let workers (opening, dictionary loading) finish and the screen refresh."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_001(pilot: Pilot) -> ArticleView:  # type: ignore[type-arg]
    await settle(pilot)
    await pilot.press("down", "enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ReaderScreen)
    return pilot.app.screen.query_one(ArticleView)
