"""SGR escapes written as changes: a terminal shows the same screen, from fewer bytes."""

from __future__ import annotations

import re
from pathlib import Path

import pyte
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.color import Color, ColorSystem
from rich.style import Style

from tests.app.helpers import open_001, wait_until
from tui.app.main import YueduApp
from tui.app.terminal.sgr import RESET, RESET_REGION, State, apply, minimise, minimising, transition

WIDTH, HEIGHT = 30, 6


def screen_of(data: str, width: int = WIDTH, height: int = HEIGHT) -> list[list[pyte.screens.Char]]:
    screen = pyte.Screen(width, height)
    pyte.Stream(screen).feed(data)
    return [[screen.buffer[y][x] for x in range(width)] for y in range(height)]


colours = st.one_of(
    st.none(),
    st.sampled_from(["red", "bright_green", "default"]).map(Color.parse),
    st.integers(16, 255).map(Color.from_ansi),
    st.tuples(st.integers(0, 255), st.integers(0, 255), st.integers(0, 255)).map(lambda c: Color.from_rgb(*c)),
)
styles = st.builds(
    Style,
    color=colours,
    bgcolor=colours,
    bold=st.sampled_from([None, True]),
    dim=st.sampled_from([None, True]),
    italic=st.sampled_from([None, True]),
    underline=st.sampled_from([None, True]),
    reverse=st.sampled_from([None, True]),
    strike=st.sampled_from([None, True]),
    blink=st.sampled_from([None, True]),
)
texts = st.text(st.sampled_from("ab 中文,。x"), min_size=1, max_size=4)


@st.composite
def frames(draw: st.DrawFn, cells: st.SearchStrategy[str] = texts) -> str:
    """Output as Textual writes it: per row, a cursor move and segments styled whole, rows
    joined by line feeds, a few `cells` of text each (never past the width)."""
    rows = draw(st.lists(st.integers(1, HEIGHT), min_size=1, max_size=HEIGHT))
    out = []
    for n, row in enumerate(rows):
        out.append(f"\x1b[{row};{draw(st.integers(1, 4))}H")
        for text, style in draw(st.lists(st.tuples(cells, styles), min_size=1, max_size=5)):
            out.append(style.render(text, color_system=ColorSystem.TRUECOLOR))
        if n < len(rows) - 1 and row < HEIGHT:
            out.append("\n")
    return "".join(out)


@settings(max_examples=300, deadline=None)
@given(frames())
def test_a_terminal_shows_the_same_cells(data: str) -> None:
    shorter = minimise(data, HEIGHT, start=RESET)  # pyte starts reset, as a terminal after Rich
    assert screen_of(shorter) == screen_of(data)
    assert len(shorter) <= len(data)
    # From an unknown state it may only add the "0;" of one reset.
    unknown = minimise(data, HEIGHT)
    assert screen_of(unknown) == screen_of(data)
    assert len(unknown) <= len(data) + 2


WIDE = 160
spaced = st.one_of(
    texts,
    st.builds(lambda a, n, b: a + " " * n + b, st.text(st.sampled_from("ab中"), max_size=3), st.integers(1, 16), texts),
)


@settings(max_examples=300, deadline=None)
@given(frames(spaced))  # runs of spaces in every style: a panel row's blank tail
def test_blanks_erased_in_the_background_show_the_same_cells(data: str) -> None:
    # pyte erases in the current background, as a terminal with terminfo's bce does.
    written = minimise(data, HEIGHT, start=RESET)
    erased = minimise(data, HEIGHT, start=RESET, erase=True)
    assert screen_of(erased, WIDE) == screen_of(data, WIDE)
    assert len(erased) <= len(written)
    assert screen_of(minimise(data, HEIGHT, erase=True), WIDE) == screen_of(data, WIDE)  # from an unknown state


def test_a_blank_tail_is_erased_only_where_the_terminal_keeps_its_colour() -> None:
    blue = Style(bgcolor="blue").render("ab" + " " * 20, color_system=ColorSystem.STANDARD)
    erased = minimise(blue, start=RESET, erase=True)
    assert erased == "\x1b[44mab\x1b[20X\x1b[20C\x1b[0m"
    assert minimise(blue, start=RESET) == blue
    underlined = Style(underline=True).render(" " * 20, color_system=ColorSystem.STANDARD)
    assert minimise(underlined, start=RESET, erase=True) == underlined  # an underline shows on blanks


def test_only_a_terminal_with_bce_gets_blanks_erased() -> None:
    import subprocess
    import sys

    def bce(term: str) -> str:
        code = f"from tui.app.terminal.sgr import erases_in_background as e; print(e({term!r}))"
        return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()

    assert bce("xterm-256color") == "True"  # terminfo: bce
    assert bce("screen-256color") == "False"  # GNU screen's: no bce
    assert bce("no-such-terminal") == "False"


def sgr_before_each_character(stream: str) -> list[State | None]:
    """The SGR state (by our model) each printed character is drawn in."""
    found: list[State | None] = []
    state: State | None = RESET
    for m in re.finditer(r"\x1b\[([0-9;]*)m|\x1b\[[0-9;]*[A-Za-z]|[\n\r]|([^\x1b\n\r]+)", stream):
        if m.group(1) is not None:
            state = apply(state, m.group(1)) if state is not None else None
        elif m.group(2):
            found += [state] * len(m.group(2))
    return found


@settings(max_examples=200, deadline=None)
@given(frames())
def test_dim_too(data: str) -> None:
    # pyte does not track dim (2): the state each character is drawn in is compared instead.
    assert sgr_before_each_character(minimise(data, HEIGHT, start=RESET)) == sgr_before_each_character(data)


def test_neighbours_of_one_style_are_one_run() -> None:
    bold = Style(bold=True, color="red").render
    data = bold("与", color_system=ColorSystem.STANDARD) + bold("  與", color_system=ColorSystem.STANDARD)
    assert data == "\x1b[1;31m与\x1b[0m\x1b[1;31m  與\x1b[0m"  # as Rich writes two segments
    assert minimise(data, start=RESET) == "\x1b[1;31m与  與\x1b[0m"


def test_dim_off_keeps_bold_on() -> None:
    # 22 turns off bold and dim both: bold is set again after it.
    data = "\x1b[1;2;38;5;100ma\x1b[0m\x1b[1;38;5;100mb\x1b[0m"
    assert minimise(data, start=RESET) == "\x1b[1;2;38;5;100ma\x1b[22;1mb\x1b[0m"
    assert screen_of(minimise(data, start=RESET)) == screen_of(data)


def test_a_line_feed_that_may_scroll_gets_the_original_state() -> None:
    # On the last row a line feed scrolls, and the new row takes the background set then.
    data = f"\x1b[{HEIGHT};1H\x1b[41mx\x1b[0m\n\x1b[41my\x1b[0m"
    assert "\x1b[0m\n" in minimise(data, HEIGHT, start=RESET)
    # Above the last row, it moves the cursor and draws nothing: the style runs on.
    data = "\x1b[1;1H\x1b[41mx\x1b[0m\n\x1b[2;1H\x1b[41my\x1b[0m"
    assert minimise(data, HEIGHT, start=RESET) == "\x1b[1;1H\x1b[41mx\n\x1b[2;1Hy\x1b[0m"
    assert screen_of(minimise(data, HEIGHT, start=RESET)) == screen_of(data)


def test_what_it_does_not_know_passes_as_written() -> None:
    data = "\x1b[?1049h\x1b[4:3mcurly\x1b[0m\x1b]8;;https://example.org\x1b\\link\x1b]8;;\x1b\\\x1b[1mb\x1b[0m"
    assert minimise(data) == data
    assert minimise("no escapes at all") == "no escapes at all"


async def test_the_reader_screen_is_the_same_from_fewer_bytes(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_001(pilot)
        data = app.screen._compositor.render_full_update().render_segments(app.console)
        shorter = minimise(data, 40)
        assert screen_of(shorter, 120, 40) == screen_of(data, 120, 40)
        assert len(shorter.encode()) < len(data.encode())


async def test_the_app_writes_through_it() -> None:
    from textual.app import App
    from textual.drivers.headless_driver import HeadlessDriver

    written: list[str] = []

    class Recording(HeadlessDriver):
        def write(self, data: str) -> None:
            written.append(data)

    app = YueduApp()
    driver = minimising(Recording)(app)
    two = "\x1b[1ma\x1b[0m\x1b[1mb\x1b[0m"
    driver.write(two)
    driver.write(two)
    # The first starts from an unknown state, so its second segment resets; the second
    # write starts from the state the first left (reset), so its segments run together.
    assert written == ["\x1b[1ma\x1b[0;1mb\x1b[0m", "\x1b[1mab\x1b[0m"]
    # The driver Textual would pick, wrapped.
    assert app.get_driver_class().wraps is App.get_driver_class(app)  # type: ignore[attr-defined]


def test_after_a_screen_switch_the_state_is_written_whole() -> None:
    # Leaving the alternate screen restores the SGR state saved on entering it (DECRC): the
    # bold we set before is not known to hold after, so the next bold is written again.
    data = "\x1b[1ma\x1b[?1049l\x1b[1mb"
    out = minimise(data)
    after = out.split("\x1b[?1049l", 1)[1]
    assert after.startswith("\x1b[1m") or after.startswith("\x1b[0;1m")


async def test_suspend_and_resume_forget_the_state() -> None:
    from textual.drivers.headless_driver import HeadlessDriver

    written: list[str] = []

    class Recording(HeadlessDriver):
        def write(self, data: str) -> None:
            written.append(data)

        def suspend_application_mode(self) -> None:
            pass

        def resume_application_mode(self) -> None:
            pass

    driver = minimising(Recording)(YueduApp())
    driver.write("\x1b[0;1ma")  # a reset first: the state is known from here
    driver.write("\x1b[1mb")  # still bold: nothing to write before b
    driver.suspend_application_mode()
    driver.resume_application_mode()
    driver.write("\x1b[1mc")  # a shell ran in between: the state is unknown, so c goes as written
    bold = State(frozenset({"1"}))
    # Suspending resets the scroll region (tui/app/terminal/scrolling.py): a shell gets none.
    assert written == [transition(None, bold) + "a", "b", RESET_REGION, "\x1b[1mc"]


def test_on_another_textual_the_app_takes_textuals_own_path(monkeypatch: pytest.MonkeyPatch) -> None:
    from textual.app import App

    from tui.app import terminal

    terminal.ours.cache_clear()
    monkeypatch.setattr(terminal, "textual_version", lambda: "999.0.0")
    try:
        assert not terminal.ours()
        app = YueduApp()
        assert app.get_driver_class() is App.get_driver_class(app)
        assert terminal.compositor() is None
        assert "Textual's own" in terminal.path()
    finally:
        monkeypatch.undo()
        terminal.ours.cache_clear()
    assert terminal.ours()


async def test_the_reader_opens_and_moves_on_textuals_own_path(
    fresh_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from textual._compositor import Compositor

    from tui.app import terminal

    terminal.ours.cache_clear()
    monkeypatch.setenv("YUEDU_TERMINAL", "textual")
    try:
        app = YueduApp()
        async with app.run_test(size=(80, 24)) as pilot:
            view = await open_001(pilot)
            assert type(app.screen._compositor) is Compositor
            before = view.cursor
            await pilot.press("l")
            await wait_until(pilot, lambda: view.cursor != before, "the cursor moved")
    finally:
        terminal.ours.cache_clear()
