"""The outline pane: sections, their key claims and the tables, each a place to jump to."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.core.library.outline import Outline, Section
from tui.core.study.reading_state import Change, ReadingState
from tui.core.text.inert import inert
from tui.core.text.wrap import Wrapped


class OutlinePane(OptionList):
    """One option per section, claim and table; claims wrap (by our rules) instead of being cut.

    It follows the reading position while open and unfocused, and asks to go somewhere with
    a `Jump` message when the reader picks a line."""

    @dataclass
    class Jump(Message):
        """Enter on a line: go to `offset` in the text, and back to reading."""

        offset: int

    def __init__(self, outline: Outline | None, state: ReadingState, *, id: str | None = None) -> None:
        self.offsets: list[int] = []  # option index -> text offset to jump to
        self._outline = outline
        self._written: Callable[[str], str] = str  # titles and claims as the text's view writes them
        self._marks: list[tuple[int, int]] = []  # (offset, option index) of sections and tables
        options = self._build(outline)
        super().__init__(*options, id=id)
        self._mark_starts = [offset for offset, _ in self._marks]
        self._state = state

    def on_mount(self) -> None:
        self._state.observe(self._changed)

    def on_unmount(self) -> None:
        self._state.forget(self._changed)

    def _changed(self, change: Change) -> None:
        # Keep on the section being read, unless the reader is moving in here.
        if change.what == "position" and self.display and not self.has_focus:
            self.follow(self._state.position)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Jump(self.offsets[event.option_index]))

    def write_as(self, written: Callable[[str], str]) -> None:
        """Write the titles and claims as `written` does (the script the text is shown in)."""
        self._written = written
        if self._outline is not None:
            highlighted = self.highlighted
            self.set_outline(self._outline)
            self.highlighted = highlighted

    def set_outline(self, outline: Outline) -> None:
        """The outline arrived (it is made after the words): show it in place of what was."""
        self._outline = outline
        self.offsets, self._marks = [], []
        options = self._build(outline)
        self.clear_options()
        self.add_options(options)
        self._mark_starts = [offset for offset, _ in self._marks]

    def _build(self, outline: Outline | None) -> list[Option]:
        options: list[Option] = []
        written = self._written

        def add(prompt: Wrapped, offset: int, mark: bool) -> None:
            if mark:
                self._marks.append((offset, len(options)))
            self.offsets.append(offset)
            options.append(Option(prompt))

        def section(node: Section) -> None:
            indent = 2 * (node.level - 1)
            title = Text(
                inert(written(node.title or "(opening)"), one_line=True), style="bold" if node.level == 1 else ""
            )
            add(Wrapped(title, indent=indent), node.start, True)
            for claim in node.claims:
                text = Text(inert(written(claim.text), one_line=True))
                if claim.speaker:
                    text.append(inert(f" — {written(claim.speaker)}", one_line=True), style="green")
                add(Wrapped(text, Text("▸", style="dim"), indent=indent + 1), claim.start, False)
            for child in node.children:
                section(child)

        if outline is None:
            return options
        for node in outline.sections:
            section(node)
        for table in outline.tables:
            add(
                Wrapped(Text(inert(written(table.title), one_line=True), style="magenta"), Text("▦ ")),
                table.start,
                True,
            )
        self._marks.sort()
        return options

    def follow(self, offset: int) -> None:
        """Highlight the section (or table) that `offset` is in; the first one before any."""
        if not self._marks:
            return
        i = max(0, bisect_right(self._mark_starts, offset) - 1)
        if self.highlighted != self._marks[i][1]:
            self.highlighted = self._marks[i][1]
