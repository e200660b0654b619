"""`?`: every key, from the bindings themselves."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close", id="help.close")]

    def __init__(self, sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        table = Table(box=None, title="yuedu keys", expand=True)
        table.add_column("screen")
        table.add_column("keys")
        table.add_column("action")
        for name, bindings in self.sections:
            for b in bindings:
                table.add_row(name, b.key.replace(",", " / "), b.description or b.action)
        table.add_row("everywhere", "?", "this help")
        table.add_row("everywhere", "ctrl+p", "command palette")
        yield VerticalScroll(Static(table), id="help")
