"""Shared steps for driving the app in Textual's pilot.

Every wait here is for a state (no worker running, a screen shown, a table filled), never for
a length of time: CI is a loaded 2-core machine. The deadline only turns a state that never
comes into a failure with a message instead of a hung run; it is not a speed requirement.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from textual.pilot import Pilot
from textual.widgets import DataTable
from textual.worker import WorkerCancelled, WorkerState

from tui.app.screens.library import LibraryScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.article_view import ArticleView

DEADLINE = 300.0


def _workers_busy(pilot: Pilot) -> bool:  # type: ignore[type-arg]
    writes = getattr(pilot.app, "study_writes", None)  # the study writer is a thread, not a worker
    if writes is not None and not writes.idle:
        return True
    return any(w.state in (WorkerState.PENDING, WorkerState.RUNNING) for w in pilot.app.workers)


async def wait_until(pilot: Pilot, check: Callable[[], bool], what: str) -> None:  # type: ignore[type-arg]
    """Let workers finish and messages be handled until `check()` holds with no worker running."""
    deadline = time.monotonic() + DEADLINE
    while True:
        try:
            await pilot.app.workers.wait_for_complete()
        except WorkerCancelled:
            pass  # a screen that closed cancelled its workers: that is finished too
        await pilot.pause()
        if not _workers_busy(pilot) and check():
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"never reached: {what}")


def screen_ready(pilot: Pilot) -> bool:  # type: ignore[type-arg]
    """The current screen has finished what it starts by itself on showing."""
    app = pilot.app
    if getattr(app, "opening", None):  # an article is being opened
        return False
    screen = app.screen
    if isinstance(screen, LibraryScreen):
        table = screen.query_one(DataTable)
        if not hasattr(screen, "coverage_column") or table.row_count != len(screen.library.articles):
            return False
        # The coverage worker has filled the rows of the analysed articles ("·" for the others).
        return screen.coverage_filled
    if isinstance(screen, ReaderScreen):
        return screen.is_mounted and screen.dictionary is not None
    return True


async def settle(pilot: Pilot) -> None:  # type: ignore[type-arg]
    """Wait until no worker runs and the screen shown is ready (library filled, reader's dictionary loaded)."""
    await wait_until(pilot, lambda: screen_ready(pilot), f"{pilot.app.screen!r} ready")


async def open_001(pilot: Pilot) -> ArticleView:  # type: ignore[type-arg]
    await settle(pilot)
    await pilot.press("down", "enter")
    await wait_until(
        pilot, lambda: isinstance(pilot.app.screen, ReaderScreen) and screen_ready(pilot), "the reader on 001"
    )
    assert isinstance(pilot.app.screen, ReaderScreen)
    assert pilot.app.screen.reading.article.id.startswith("001")
    return pilot.app.screen.query_one(ArticleView)


async def open_001_at(pilot: Pilot, word: str) -> ArticleView:  # type: ignore[type-arg]
    """The reader on 001 with the cursor on the first `word`, its panel filled."""
    view = await open_001(pilot)
    view.move_to_offset(view.reading.find(word)[0][0])
    await settle(pilot)
    return view


def visible_text(view: ArticleView) -> str:
    """The characters the article view shows now, without whitespace."""
    rows = [view.render_line(y).text for y in range(view.size.height)]
    return "".join("".join(rows).split())
