"""For Textual's tests/: a partial update written from the changed cells draws the same screen.

Goes with textual-5625-crop-partial-updates.patch (the `TODO: crop to x extents` in
`ChopsUpdate`). Needs pyte (a terminal emulator, LGPL, test-only). Run here against a patched
Textual with `sh docs/upstream/check.sh`.
"""

from __future__ import annotations

import pyte
from rich.console import Console
from rich.segment import Segment
from rich.style import Style

from textual._compositor import ChopsUpdate
from textual.strip import Strip

WIDTH = 20


def _screen(data: str) -> list[str]:
    screen = pyte.Screen(WIDTH, 1)
    pyte.Stream(screen).feed(data)
    return ["".join(screen.buffer[0][x].data for x in range(WIDTH))]


def _console() -> Console:
    return Console(width=WIDTH, legacy_windows=False, force_terminal=True, color_system="truecolor")


def _write(strip: Strip, x1: int, x2: int) -> str:
    """What the compositor writes for cells x1..x2 of row 0 changed to `strip`."""
    update = ChopsUpdate([{0: strip}], [(0, x1, x2)], [[strip.cell_length]])
    return update.render_segments(_console())


def test_only_the_changed_cells_are_written() -> None:
    old = Strip([Segment("一二三四五六七八")])
    new = Strip([Segment("一二三四"), Segment("五", Style(reverse=True)), Segment("六七八")])
    data = _write(new, 8, 10)
    # Written over the old screen, the partial update gives the new one ...
    assert _screen(old.render(_console()) + data) == _screen(new.render(_console()))
    # ... from the changed character on, not from the strip's left edge.
    assert "一" not in data and "五" in data


def test_a_wide_character_under_the_region_start_is_written_whole() -> None:
    new = Strip([Segment("一二三四"), Segment("五", Style(bold=True)), Segment("六七八")])
    data = _write(new, 9, 10)  # the region starts in the right half of 五
    assert "\x1b[1;9H" in data  # moved back to 五's first cell


def test_zero_width_marks_after_the_region_end_are_kept() -> None:
    new = Strip([Segment("ab"), Segment("c\u0301", Style(bold=True)), Segment("d")])
    data = _write(new, 2, 3)
    assert "c\u0301" in data
