"""What a cursor move does not redo: the words ahead are loaded once, and a row's change is
measured as a terminal advances."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from tests.app.helpers import open_001, settle
from tui.app.main import YueduApp
from tui.app.widgets.side_panel import SidePanel
from tui.app.widgets.side_panel.depth_loading import AHEAD, NEAR, DepthLoading
from tui.app.widgets.side_panel.lines import _width

SIZE = (120, 40)


@given(st.text(st.sampled_from(["a", "中", "👍", "\u200d", "\ufe0f", "\u0301", " "]), max_size=12))
def test_a_rows_width_is_counted_a_character_at_a_time(chars: str) -> None:
    assert _width(chars) == sum(cell_len(ch) for ch in chars)


async def test_moves_onto_words_loaded_ahead_start_no_worker(fresh_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        view.move_to_offset(view.reading.find("同盟")[0][0])
        await settle(pilot)  # resting on a word: the words ahead are loaded
        panel = app.screen.query_one(SidePanel)
        started: list[int] = []
        load = DepthLoading._load_depths

        def counting(self: DepthLoading, *args: object) -> object:
            started.append(view.cursor)
            return load(self, *args)

        monkeypatch.setattr(DepthLoading, "_load_depths", counting)
        quiet = max(AHEAD) - max(NEAR)  # moves whose near words were all loaded ahead
        for _ in range(quiet):
            await pilot.press("l")
            assert panel._depth_key[0] == "" or panel._depth_key in panel._depths  # shown in the move
            await settle(pilot)
        assert started == []
        for _ in range(max(AHEAD)):
            await pilot.press("l")
            await settle(pilot)
        assert started, "the window moves on with the cursor"
        assert panel._depth_key[0] == "" or panel._depth_key in panel._depths


async def test_the_collector_sweeps_while_the_cursor_rests(fresh_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import gc
    import time

    from tui.app.screens.reader import ReaderScreen
    from tui.app.screens.reader_keeping import REST_SWEEP

    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_001(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        swept: list[int] = []

        def collect(generation: int = 2) -> int:
            swept.append(generation)
            return 0

        monkeypatch.setattr(gc, "collect", collect)
        await pilot.press("l")
        now = time.monotonic()
        screen.sweep_at_rest()  # just moved: a key may come next
        assert swept == []
        monkeypatch.setattr(time, "monotonic", lambda: now + REST_SWEEP)
        screen.sweep_at_rest()  # rested: swept, once
        screen.sweep_at_rest()
        assert swept in ([1], [2])


async def test_the_ranking_tables_are_read_before_the_first_move(fresh_home: Path) -> None:
    from tui.core.lexicon import senses

    for table in (senses._tags, senses._english, senses.weights):
        table.cache_clear()
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_001(pilot)  # the dictionary is in: the reader is ready for a move
        for table in (senses._tags, senses._english, senses.weights):
            assert table.cache_info().currsize == 1, table
