"""The reader's study writes: off the UI thread, in order, and told plainly when they fail."""

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from tests.app.helpers import open_001, settle
from tui.app.main import YueduApp
from tui.store.study import Study

SIZE = (120, 40)
ARTICLE = "001_3e01bd049a75bb4f"


async def test_save_under_a_held_lock_runs_off_the_ui_thread_and_says_so(
    fresh_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[threading.Thread] = []
    real_save = Study.save_word

    def save_word(self: Study, word: object) -> None:
        threads.append(threading.current_thread())
        real_save(self, word)  # type: ignore[arg-type]

    monkeypatch.setattr(Study, "save_word", save_word)
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        view.move_to_offset(view.reading.find("同盟")[0][0])
        holder = sqlite3.connect(fresh_home / "study.sqlite", isolation_level=None)
        holder.execute("BEGIN IMMEDIATE")  # another yuedu holds the write lock
        try:
            before = view.cursor
            await pilot.press("a", "right")
            assert view.cursor == before + 1  # the key after `a` was handled
            await settle(pilot)
        finally:
            holder.execute("ROLLBACK")
            holder.close()
        assert threads and threading.main_thread() not in threads
        messages = [n.message for n in app._notifications]
        failed = [m for m in messages if "not saved" in m]
        assert failed and "locked" in failed[-1]
        assert Study().words() == []
        await pilot.press("left", "a")
        await settle(pilot)
        assert [w.word for w in Study().words()] == ["同盟"]


async def test_writes_land_in_the_order_of_the_keys(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        view.move_to_offset(view.reading.find("同盟")[0][0])
        tok = view.reading.analysis.tokens[view.cursor_token]
        word = view.reading.analysis.simplified[tok.start : tok.end]
        await pilot.press("a", "3", "4", "a", "3")
        await settle(pilot)
        assert Study().status(word) == "known" == view.statuses[word]


async def test_the_position_is_saved_while_reading_not_only_on_quit(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        await pilot.press("down", "down", "right")
        screen = app.screen
        wanted = view.reading.analysis.tokens[view.cursor_token].start
        assert wanted > 0
        for _ in range(400):  # wait for the state (the debounced save), bounded
            await settle(pilot)
            if Study().position(ARTICLE) == wanted:
                break
            await pilot.pause(0.05)
        assert Study().position(ARTICLE) == wanted
        assert app.screen is screen  # still reading: saved as the user moved


class _App:
    """What StudyWrites asks of the app: somewhere to post its results."""

    def __init__(self) -> None:
        self.posted: list[object] = []

    def post_message(self, message: object) -> bool:
        self.posted.append(message)
        return True


def test_one_writer_thread_runs_the_writes_in_order_and_close_loses_none(fresh_home: Path) -> None:
    from typing import Any, cast

    from tui.app.study_writes import StudyWrites, StudyWritten

    app = _App()
    writes = StudyWrites(cast(Any, app))
    ran: list[tuple[int, threading.Thread]] = []
    words = [f"词{n}" for n in range(30)]

    def write(n: int) -> None:
        def action(study: Study) -> int:
            ran.append((n, threading.current_thread()))
            study.set_status(words[n], "known" if n % 2 else "learning")
            return n

        writes.submit(action)

    for n in range(len(words)):
        write(n)
    assert writes.close(timeout=60)  # as the app does on quitting: every write asked for lands
    assert [n for n, _ in ran] == list(range(len(words)))
    threads = {t for _, t in ran}
    assert len(threads) == 1 and threading.main_thread() not in threads
    assert Study().statuses() == {w: "known" if n % 2 else "learning" for n, w in enumerate(words)}
    results = [m.result for m in app.posted if isinstance(m, StudyWritten)]
    assert results == list(range(len(words)))
    next(iter(threads)).join(timeout=60)
    assert not next(iter(threads)).is_alive()  # closed: the writer thread ended
