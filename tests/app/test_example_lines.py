"""The Word tab's examples: diffed rows like the other boxes, a highlighted example that
↑/↓ move, and Enter (or a click) that chooses it."""

from __future__ import annotations

from pathlib import Path

from rich.style import Style
from rich.text import Text
from textual.app import App, ComposeResult

from tests.app.helpers import open_001_at, settle
from tui.app.main import YueduApp
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.side_panel.examples import ExampleLines
from tui.core.lexicon.examples import examples


class Host(App[None]):
    CSS = "ExampleLines { height: 4; }"

    def __init__(self) -> None:
        super().__init__()
        self.chosen: list[int] = []

    def compose(self) -> ComposeResult:
        yield ExampleLines(id="word-examples")

    def on_example_lines_chosen(self, event: ExampleLines.Chosen) -> None:
        self.chosen.append(event.index)


def three() -> list[Text]:
    """Three examples of 1, 2 and 2 rows: 5 rows for a box of 4."""
    return [Text("001·first"), Text("002·second\n    more"), Text("003·third\n    end")]


def background(lines: ExampleLines, y: int) -> set[object]:
    return {s.style.bgcolor for s in lines.render_line(y) if isinstance(s.style, Style)}


async def test_arrows_move_the_highlight_and_enter_chooses() -> None:
    app = Host()
    async with app.run_test(size=(30, 6)) as pilot:
        lines = app.query_one(ExampleLines)
        lines.show(lambda width: three())
        lines.focus()
        await pilot.pause()
        assert lines.highlighted is None and lines.option_count == 3
        plain = background(lines, 0)
        await pilot.press("enter")  # nothing highlighted: nothing chosen
        await pilot.press("down")
        assert lines.highlighted == 0
        assert background(lines, 0) != plain and background(lines, 1) == plain
        await pilot.press("down")
        assert lines.highlighted == 1
        assert background(lines, 0) == plain
        assert background(lines, 1) == background(lines, 2) != plain  # both rows of the second
        await pilot.press("enter")
        await pilot.pause()
        assert app.chosen == [1]
        await pilot.press("down", "down")  # stops at the last
        assert lines.highlighted == 2
        # Its rows (4 and 5 of 5) scrolled into the box of 4, a scrollbar beside them.
        bar = lines.styles.scrollbar_size_vertical
        width = lines.size.width
        shown = [lines.render_line(y).crop(0, width - bar).text.strip() for y in range(lines.size.height)]
        assert shown[-2:] == ["003·third", "end"], shown
        assert background(lines, 3) != {
            s.style.bgcolor if s.style else None for s in lines.render_line(3).crop(width - bar, width)
        }
        await pilot.press("up", "up", "up")
        assert lines.highlighted == 0 and lines.render_line(0).crop(0, width - bar).text.strip() == "001·first"
        # New examples: none highlighted, from the first row; as they fit, no scrollbar.
        lines.show(lambda width: three()[:1])
        assert lines.highlighted is None and lines.option_count == 1
        assert lines.render_line(1).text == " " * width


async def test_a_click_chooses_the_example_under_it() -> None:
    app = Host()
    async with app.run_test(size=(30, 6)) as pilot:
        lines = app.query_one(ExampleLines)
        lines.show(lambda width: three())
        await pilot.pause()
        await pilot.click(ExampleLines, offset=(2, 2))  # the second row of the second example
        await pilot.pause()
        assert app.chosen == [1] and lines.highlighted == 1


async def test_down_and_enter_open_the_second_example(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_001_at(pilot, "同盟")
        first = app.screen
        wanted = examples("同盟", 3, current=first.reading.article.id)  # type: ignore[attr-defined]
        assert len(wanted) > 1
        first.query_one("#word-examples", ExampleLines).focus()
        await pilot.press("down", "down", "enter")
        await settle(pilot)
        screen = app.screen
        if wanted[1].article == first.reading.article.id:  # type: ignore[attr-defined]
            assert screen is first
        else:
            assert isinstance(screen, ReaderScreen) and screen is not first
            assert screen.reading.article.id == wanted[1].article
        token = screen.reading.analysis.tokens[screen.view.cursor_token]  # type: ignore[attr-defined]
        assert token.start <= wanted[1].start < token.end + 1
