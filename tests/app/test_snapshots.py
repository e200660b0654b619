"""SVG snapshots of the screens at fixed terminal sizes (pytest-textual-snapshot).

Update them with `.venv/bin/pytest tests/app/test_snapshots.py --snapshot-update`
after a deliberate change, and look at the report before committing.
"""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.app.helpers import open_001, settle
from tui.app.main import YueduApp


def _reader(*keys: str, at: str | None = None, table: bool = False):  # type: ignore[no-untyped-def]
    async def run_before(pilot: Pilot) -> None:  # type: ignore[type-arg]
        view = await open_001(pilot)
        if at:
            view.move_to_offset(view.reading.find(at)[0][0])
        if table:
            view.move_to_offset(view.tables[0].header[0][0])
        await pilot.press(*keys)
        await settle(pilot)

    return run_before


def test_library(snap_compare, fresh_home: Path) -> None:  # type: ignore[no-untyped-def]
    # The home's cache is copied from the session's, which earlier tests may have filled with
    # analyses; the known/95%/beyond columns show those, so start from none analysed.
    import sqlite3

    cache = fresh_home / "cache.sqlite"
    if cache.exists():
        with sqlite3.connect(cache) as db:
            if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'analysis'").fetchone():
                db.execute("DELETE FROM analysis")
        db.close()
    assert snap_compare(YueduApp(), terminal_size=(120, 40), run_before=settle)


def test_reader_with_side_panel(snap_compare, fresh_home: Path) -> None:  # type: ignore[no-untyped-def]
    # The Word tab on 同盟: senses, each character taken apart, and examples from other articles.
    assert snap_compare(YueduApp(), terminal_size=(120, 40), run_before=_reader(at="同盟"))


def test_pinyin_on(snap_compare, fresh_home: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(YueduApp(), terminal_size=(120, 40), run_before=_reader("p", at="日美關係"))


def test_simplified_view(snap_compare, fresh_home: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(YueduApp(), terminal_size=(120, 40), run_before=_reader("s", at="日美關係"))


def test_outline_open(snap_compare, fresh_home: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(YueduApp(), terminal_size=(120, 40), run_before=_reader("o"))


def test_table_1(snap_compare, fresh_home: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(YueduApp(), terminal_size=(120, 40), run_before=_reader(table=True))


def test_help(snap_compare, fresh_home: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(YueduApp(), terminal_size=(120, 40), run_before=_reader("question_mark"))


def test_small_terminal(snap_compare, fresh_home: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(YueduApp(), terminal_size=(80, 24), run_before=_reader("right", "right"))


def test_large_terminal_with_outline(snap_compare, fresh_home: Path) -> None:  # type: ignore[no-untyped-def]
    assert snap_compare(YueduApp(), terminal_size=(200, 60), run_before=_reader("o", at="印太戰略"))


def test_difficulty_screen(snap_compare, fresh_home: Path) -> None:  # type: ignore[no-untyped-def]
    # `d`: the HSK bands as bars, coverage and the words to learn first.
    assert snap_compare(YueduApp(), terminal_size=(120, 40), run_before=_reader("d"))


def test_progress_screen(snap_compare, fresh_home: Path) -> None:  # type: ignore[no-untyped-def]
    # `p` in the library, over a fixed two weeks of history.
    from tests.app.progress_seed import seed
    from tui.store.study import Study

    seed(Study())

    async def run_before(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)

    assert snap_compare(YueduApp(), terminal_size=(120, 40), run_before=run_before)


def test_panel_scrolled_at_80x24(snap_compare, fresh_home: Path) -> None:  # type: ignore[no-untyped-def]
    # Tab into the Word tab and page down: the breakdown and examples, folded at 24 rows.
    assert snap_compare(YueduApp(), terminal_size=(80, 24), run_before=_reader("tab", "pagedown", at="同盟"))


def test_find_hit_a_third_down_with_its_count(snap_compare, fresh_home: Path) -> None:  # type: ignore[no-untyped-def]
    # The header says `hit 2 of N`; the hit's line a third of the way down; the wrap notice
    # is not shown (no wrap).
    keys = ("slash", *"同盟", "enter", "n")
    assert snap_compare(YueduApp(), terminal_size=(80, 24), run_before=_reader(*keys))


def test_document_blocks_at_80x24(snap_compare, fresh_home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A heading, a paragraph, a code block (its lines one under another, indented as written),
    # a list with its marks and a ruled table, on one screen.
    from tests.app.structure import add_structure

    article = add_structure(tmp_path)

    async def run_before(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)

    assert snap_compare(YueduApp(article), terminal_size=(80, 24), run_before=run_before)


def test_outline_after_s_in_the_script_shown(snap_compare, fresh_home: Path, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # The document is Traditional; after `s` the text and the outline's titles are Simplified.
    from tests.app.structure import add_structure

    article = add_structure(tmp_path)

    async def run_before(pilot: Pilot) -> None:  # type: ignore[type-arg]
        await settle(pilot)
        await pilot.press("s", "o")
        await settle(pilot)

    assert snap_compare(YueduApp(article), terminal_size=(80, 24), run_before=run_before)
