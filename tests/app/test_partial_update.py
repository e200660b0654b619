"""The reader's partial updates start where a change starts, and still draw the right screen."""

from __future__ import annotations

import re
from pathlib import Path

import pyte
import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual._compositor import CompositorUpdate
from textual.strip import Strip

from tests.app.helpers import open_001_at, settle
from tui.app.main import YueduApp
from tui.app.terminal.partial_update import character_start, crop
from tui.app.terminal.sgr import minimise_from
from tui.app.widgets.side_panel.lines import changed_cells

SIZE = (120, 40)


def cells(row: list[Segment]) -> list[tuple[str, tuple[Style | None, ...]]]:
    """Cell by cell, as a terminal keeps them: a character with the zero-width ones after it
    joined to its cell, then a marker for a wide character's second cell."""
    out: list[tuple[str, tuple[Style | None, ...]]] = []
    last = -1  # where the last character's cell is
    for segment in row:
        for ch in segment.text:
            if cell_len(ch) == 0 and last >= 0:
                text, styles = out[last]
                out[last] = (text + ch, (*styles, segment.style))
                continue
            last = len(out)
            out.append((ch, (segment.style,)))
            out += [("", (segment.style,))] * (cell_len(ch) - 1)
    return out


rows = st.lists(
    st.tuples(
        st.text(st.sampled_from("ab 中文。\u0301\u1100\u1161\u11a8\u200d"), min_size=1, max_size=5),
        st.sampled_from([None, Style(bold=True)]),
    ),
    max_size=5,
).map(lambda parts: [Segment(text, style) for text, style in parts])
# The panel shows a zero-width character that would begin a row or follow a space as ⬚
# (lines._based): one never stands without a character of the box before it.
rows = rows.filter(lambda row: not re.search(r"(^|\s)[\u0301\u1161\u11a8\u200d]", "".join(s.text for s in row)))


@given(rows, rows)
def test_the_changed_cells_cover_every_difference_and_cut_no_character(
    before: list[Segment], after: list[Segment]
) -> None:
    span = changed_cells(before, after)
    a, b = cells(before), cells(after)
    width = max(len(a), len(b))
    a += [(" ", (None,))] * (width - len(a))  # past its end a row is blank, as the box draws it
    b += [(" ", (None,))] * (width - len(b))
    if span is None:
        assert [c for c in a if c[0]] == [c for c in b if c[0]] or a == b
        return
    start, end = span
    assert 0 <= start < end <= width
    assert a[:start] == b[:start] and a[end:] == b[end:]
    for row in (a, b):  # never the second cell of a wide character
        assert start == len(row) or row[start][0] != ""
        assert end == len(row) or row[end][0] != ""


async def test_the_screen_drawn_by_parts_is_the_screen(fresh_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Every update the reader writes while the cursor moves, fed to a terminal, makes the
    screen a full repaint makes: nothing left stale by starting a row where its change starts."""
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_001_at(pilot, "同盟")
        screen = pilot.app.screen
        terminal = pyte.Screen(*SIZE)
        stream = pyte.Stream(terminal)
        data, sgr = minimise_from(None, screen._compositor.render_full_update().render_segments(app.console), SIZE[1])
        stream.feed(data)
        writes: list[str] = []
        display = app._display

        def recording(on: object, renderable: object) -> None:
            if isinstance(renderable, CompositorUpdate):
                writes.append(renderable.render_segments(app.console))
            display(on, renderable)  # type: ignore[arg-type]

        monkeypatch.setattr(app, "_display", recording)
        for key in ["l"] * 12 + ["j", "h", "h", "k", "l", "p", "l", "l", "j", "l", "c", "l", "h", "l"]:
            await pilot.press(key)
            await settle(pilot)
        monkeypatch.undo()
        assert writes, "the moves were drawn"
        # Some writes start inside a widget's row, not at its left edge (a cut), as Textual's did.
        cuts = screen._compositor.cuts
        starts = [(int(r) - 1, int(c) - 1) for w in writes for r, c in re.findall(r"\x1b\[(\d+);(\d+)H", w)]
        assert any(x not in cuts[y] for y, x in starts), starts
        for write in writes:
            data, sgr = minimise_from(sgr, write, SIZE[1])
            stream.feed(data)
        fresh = pyte.Screen(*SIZE)
        pyte.Stream(fresh).feed(screen._compositor.render_full_update().render_segments(app.console))
        assert terminal.display == fresh.display
        assert [[terminal.buffer[y][x] for x in range(SIZE[0])] for y in range(SIZE[1])] == [
            [fresh.buffer[y][x] for x in range(SIZE[0])] for y in range(SIZE[1])
        ]


def test_a_write_starts_at_the_character_under_its_first_cell() -> None:
    strip = Strip([Segment("a"), Segment("中b", Style(bold=True))])
    # a: cell 0; 中: cells 1 and 2; b: cell 3.
    assert [character_start(strip, cell) for cell in range(5)] == [0, 1, 1, 3, 4]


def test_a_write_that_ends_before_a_mark_keeps_it() -> None:
    # 记 with a combining acute, then a direction mark: written again up to the end of 记, the
    # terminal would drop the marks it had (a full repaint writes them).
    strip = Strip([Segment("标记"), Segment("\u0301\u200e", Style(bold=True)), Segment("。x")])
    assert strip.crop(0, 4).text == "标记", "Rich's crop leaves out marks that begin a segment"
    assert crop(strip, 0, 4).text == "标记\u0301\u200e"
    assert crop(strip, 2, 4).text == "记\u0301\u200e"
    assert crop(strip, 0, 2).text == "标"
    assert crop(strip, 4, 7).text == strip.crop(4, 7).text
    full = pyte.Screen(10, 1)
    pyte.Stream(full).feed("".join(s.text for s in strip))
    part = pyte.Screen(10, 1)
    stream = pyte.Stream(part)
    stream.feed("".join(s.text for s in strip))
    stream.feed("\x1b[1;1H" + crop(strip, 0, 4).text)
    assert [part.buffer[0][x].data for x in range(7)] == [full.buffer[0][x].data for x in range(7)]
    assert any("\u0301" in full.buffer[0][x].data for x in range(7)), "the terminal keeps the mark: the check bites"


def test_marks_in_the_same_segment_are_not_written_twice() -> None:
    strip = Strip([Segment("标"), Segment("记\u0301\u200e", Style(bold=True)), Segment("。x")])
    assert crop(strip, 0, 4).text == strip.crop(0, 4).text == "标记\u0301\u200e"
