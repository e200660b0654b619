"""The library: every article with its script, length, source and reading progress."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Header, Input

from tui.core.articles import Library
from tui.core.glossary import normalise


class LibraryScreen(Screen[None]):
    BINDINGS = [
        Binding("enter", "open", "Open", id="library.open"),
        Binding("slash", "search", "Search", id="library.search"),
        Binding("q", "app.quit", "Quit", id="library.quit"),
    ]

    def __init__(self, library: Library, positions: dict[str, int]) -> None:
        super().__init__()
        self.library = library
        self.positions = positions

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield Input(placeholder="search the library (either script) and press Enter", id="search")
        yield Footer()

    def on_mount(self) -> None:
        self.title = "yuedu 阅读"
        self.sub_title = "library"
        table = self.query_one(DataTable)
        table.add_columns("id", "title", "script", "chars", "source", "read")
        for a in self.library.articles:
            pos = self.positions.get(a.id)
            progress = f"{100 * pos // max(1, len(a.text))}%" if pos is not None else ""
            table.add_row(a.id[:3], a.title, a.script, str(len(a.text)), a.source or "", progress, key=a.id)
        self.query_one("#search", Input).display = False
        table.focus()

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.app.open_article(str(key))  # type: ignore[attr-defined]

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_article(str(event.row_key.value))  # type: ignore[attr-defined]

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.display = True
        box.focus()

    @on(Input.Submitted, "#search")
    def _search(self, event: Input.Submitted) -> None:
        key = normalise(event.value.strip())
        event.input.display = False
        if not key:
            return
        for a in self.library.articles:
            at = normalise(a.text).find(key)
            if at != -1:
                self.app.open_article(a.id, at)  # type: ignore[attr-defined]
                return
        self.notify(f"not found: {event.value}", severity="warning")
