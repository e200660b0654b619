"""Coming back to the library: the read column says how far you read, and articles added meanwhile are there."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from tests.app.helpers import open_001, screen_ready, settle, wait_until
from tests.conftest import HANG, run_cli
from tui.app.main import YueduApp
from tui.app.screens.library import LibraryScreen
from tui.app.screens.reader import ReaderScreen


async def test_the_library_refreshes_when_you_come_back(fresh_home: Path, tmp_path: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        library = app.screen
        assert isinstance(library, LibraryScreen)
        table = library.query_one(DataTable)
        first = library.library.articles[1].id
        assert str(table.get_cell(first, library.read_column)) == ""
        view = await open_001(pilot)
        view.move_to_offset(len(view.reading.article.text) // 2)
        await wait_until(pilot, lambda: view.screen.reading_offset > 0, "the cursor moved")  # type: ignore[attr-defined]
        await pilot.press("escape")  # leaving saves the position
        await wait_until(pilot, lambda: app.screen is library, "back in the library")
        await settle(pilot)
        read = str(table.get_cell(first, library.read_column))
        assert read.endswith("%") and read != "0%"

        # `yuedu add` in another process while the app runs: the article is listed on coming back.
        before = table.row_count
        new = tmp_path / "新文章.txt"
        new.write_text("新的文章\n\n这是一篇新加的文章，用来检查图书馆会不会更新。\n", encoding="utf-8")
        assert run_cli("add", str(new), env={"YUEDU_HOME": str(fresh_home)}).returncode == 0
        await pilot.press("enter")  # read the article under the cursor again, and come back
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen) and screen_ready(pilot), "the reader")
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is library and table.row_count == before + 1, "the new row")
        titles = [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        assert "新的文章" in titles

        # And while the library stays on screen: it watches its folders.
        other = tmp_path / "又一篇.txt"
        other.write_text("又一篇文章\n\n图书馆开着的时候加进来的。\n", encoding="utf-8")
        assert run_cli("add", str(other), env={"YUEDU_HOME": str(fresh_home)}).returncode == 0
        await wait_until(pilot, lambda: table.row_count == before + 2, "the row added while the library was shown")
        assert "又一篇文章" in [str(table.get_row_at(i)[1]) for i in range(table.row_count)]
        await settle(pilot)  # its coverage cell filled, with the cache shared with the other process


async def test_opening_an_article_stops_filling_the_known_columns(
    fresh_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Each analysed article's coverage loads its analysis (~0.1 s CPU); while the reader opens
    and takes its first keys, the library's worker stops, and fills the columns on the return."""
    import threading

    from tui.core.study import difficulty

    analysed = ["000", "002"]
    for article in analysed:
        assert run_cli("stats", article).returncode == 0
    real, release, calls = difficulty.coverage, threading.Event(), []

    def held(*args: object, **kwargs: object) -> object:
        calls.append(threading.current_thread().name)
        if len(calls) == 1:
            release.wait(timeout=HANG)  # the first article: held until the reader is open
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(difficulty, "coverage", held)
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        try:
            library = app.screen
            assert isinstance(library, LibraryScreen)
            while not calls:  # the worker is in its first article (settle would wait for it)
                await pilot.pause()
            [worker] = [w for w in app.workers if w.group == "coverage"]
            await pilot.press("down", "enter")
            while not isinstance(app.screen, ReaderScreen):
                await pilot.pause()
            assert worker.is_cancelled
        finally:
            release.set()  # a failed check must not leave the worker, and the app's exit, waiting
        await wait_until(pilot, lambda: screen_ready(pilot), "the reader")
        assert len(calls) == 1  # the other analysed article was not loaded for the library
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is library and screen_ready(pilot), "the library filled again")
        table = library.query_one(DataTable)
        figures = {
            a.id[:3]
            for a in library.library.articles
            if str(table.get_cell(a.id, library.coverage_column)).endswith("%")
        }
        assert set(analysed) | {"001"} == figures  # 001 analysed by the reader meanwhile
        assert len(calls) == 1 + len(figures)  # each one loaded once on the return
