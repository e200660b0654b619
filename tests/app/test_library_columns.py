"""The library's columns: all on screen at any width, the difficulty columns filled for every
article analysed anywhere (the reader, `yuedu stats`), agreeing with `yuedu stats`."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from textual.widgets import DataTable, Static

from tests.app.helpers import settle
from tests.conftest import run_cli
from tui.app.main import YueduApp
from tui.app.screens.library import NOT_ANALYSED, LibraryScreen


def _forget_analyses(home: Path) -> None:
    cache = home / "cache.sqlite"
    if cache.exists():
        with sqlite3.connect(cache) as db:
            if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'analysis'").fetchone():
                db.execute("DELETE FROM analysis")
        db.close()


@pytest.mark.parametrize("size", [(80, 24), (100, 30), (120, 40), (200, 60)])
async def test_every_column_is_on_screen(size: tuple[int, int], fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(DataTable)
        assert table.virtual_size.width <= table.scrollable_content_region.width, "no column off the right edge"
        headers = [str(c.label) for c in table.ordered_columns]
        assert headers[-3:] == ["known", "95% at", "beyond"]


async def test_stats_fills_the_row_and_both_agree(fresh_home: Path) -> None:
    _forget_analyses(fresh_home)
    for word in ("日本", "外交"):  # some known words, so that the share is not 0%
        assert run_cli("vocab", "add", word, "--status", "known").returncode == 0
    stats = run_cli("stats", "002", "--json")  # analysed here, in another process
    assert stats.returncode == 0, stats.stderr
    data = json.loads(stats.stdout)
    assert 0 < data["coverage"] < 1
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(DataTable)
        row = [str(c) for c in table.get_row(data["article"])]
        level = data["level_for_95"]
        assert row[-3:] == [
            f"{data['coverage']:.0%}",
            f"HSK {level}" if level != "beyond" else "beyond",
            f"{data['hsk']['beyond'] / data['words']:.0%}",
        ]
        # The others were analysed nowhere: marked so, and the note says what the mark means.
        others = [a.id for a in screen.library.articles if a.id != data["article"]]
        assert others and all(str(table.get_cell(a, screen.coverage_column)) == NOT_ANALYSED for a in others)
        note = screen.query_one("#not-analysed", Static)
        assert note.display and NOT_ANALYSED in str(note.render())
