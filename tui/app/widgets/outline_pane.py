"""The outline pane: sections, their key claims and the tables, each a place to jump to."""

from __future__ import annotations

from bisect import bisect_right
from typing import Any

from rich.text import Text
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from tui.core.text.inert import inert
from tui.core.text.wrap import Wrapped


class OutlinePane(OptionList):
    """One option per section, claim and table; claims wrap (by our rules) instead of being cut."""

    def __init__(self, outline: dict[str, Any] | None, **kwargs: Any) -> None:
        self.offsets: list[int] = []  # option index -> text offset to jump to
        self._marks: list[tuple[int, int]] = []  # (offset, option index) of sections and tables
        options = self._build(outline or {"sections": [], "tables": []})
        super().__init__(*options, **kwargs)
        self._mark_starts = [offset for offset, _ in self._marks]

    def set_outline(self, outline: dict[str, Any]) -> None:
        """The outline arrived (it is made after the words): show it in place of what was."""
        self.offsets, self._marks = [], []
        options = self._build(outline)
        self.clear_options()
        self.add_options(options)
        self._mark_starts = [offset for offset, _ in self._marks]

    def _build(self, outline: dict[str, Any]) -> list[Option]:
        options: list[Option] = []

        def add(prompt: Wrapped, offset: int, mark: bool) -> None:
            if mark:
                self._marks.append((offset, len(options)))
            self.offsets.append(offset)
            options.append(Option(prompt))

        def section(node: dict[str, Any]) -> None:
            indent = 2 * (node["level"] - 1)
            title = Text(inert(node["title"] or "(opening)", one_line=True), style="bold" if node["level"] == 1 else "")
            add(Wrapped(title, indent=indent), node["start"], True)
            for claim in node["claims"]:
                text = Text(inert(claim["text"], one_line=True))
                if claim.get("speaker"):
                    text.append(inert(f" — {claim['speaker']}", one_line=True), style="green")
                add(Wrapped(text, Text("▸", style="dim"), indent=indent + 1), claim["start"], False)
            for child in node["children"]:
                section(child)

        for node in outline["sections"]:
            section(node)
        for table in outline["tables"]:
            add(Wrapped(Text(inert(table["title"], one_line=True), style="magenta"), Text("▦ ")), table["start"], True)
        self._marks.sort()
        return options

    def follow(self, offset: int) -> None:
        """Highlight the section (or table) that `offset` is in; the first one before any."""
        if not self._marks:
            return
        i = max(0, bisect_right(self._mark_starts, offset) - 1)
        if self.highlighted != self._marks[i][1]:
            self.highlighted = self._marks[i][1]
