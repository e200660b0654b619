"""`?`: every key, from the table of commands, as the user's keymap has them."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app.commands import Command, Note, bindings
from tui.app.keys import keys_label


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings("help")

    def __init__(self, keys: Callable[[Command], str], sections: list[tuple[str, list[Command | Note]]]) -> None:
        super().__init__()
        self.keys = keys  # a command's keys after the keymap
        self.sections = sections

    def compose(self) -> ComposeResult:
        self.table = table = Table(box=None, title="yuedu keys", expand=True)
        table.add_column("screen", no_wrap=True)
        table.add_column("keys", no_wrap=True)
        table.add_column("what it does", ratio=1)
        for name, rows in self.sections:
            for row in rows:
                keys = keys_label(self.keys(row)) if isinstance(row, Command) else row.keys
                # Text, not markup: a key the user maps may be "[".
                table.add_row(Text(name), Text(keys, style="bold"), Text(row.description))
        yield VerticalScroll(Static(table), id="help")
