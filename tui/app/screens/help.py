"""`?`: every key, from the bindings themselves, as the user's keymap has them."""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from tui.app.keys import DESCRIPTIONS, keys_label


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,q", "app.pop_screen", "Close", id="help.close")]

    def __init__(self, keys: Callable[[Binding], str], sections: list[tuple[str, list[Binding]]]) -> None:
        super().__init__()
        self.keys = keys  # a binding's keys after the keymap
        self.sections = sections

    def compose(self) -> ComposeResult:
        self.table = table = Table(box=None, title="yuedu keys", expand=True)
        table.add_column("screen", no_wrap=True)
        table.add_column("keys", no_wrap=True)
        table.add_column("what it does", ratio=1)
        for name, bindings in self.sections:
            for b in bindings:
                # Text, not markup: a key the user maps may be "[".
                what = DESCRIPTIONS.get(b.id or "", b.description)
                table.add_row(Text(name), Text(keys_label(self.keys(b)), style="bold"), Text(what))
        for keys, what in (("Tab", "Move the focus: text, outline, side panel"), ("Ctrl+P", "Every action by name")):
            table.add_row(Text("everywhere"), Text(keys, style="bold"), Text(what))
        yield VerticalScroll(Static(table), id="help")
