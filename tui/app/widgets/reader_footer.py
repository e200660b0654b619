"""The reader's footer: at narrow widths only the keys a reader needs most, so `q Quit` stays on screen."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.events import Resize
from textual.widgets import Footer

from tui.app.commands import of_screen

# Shown below NARROW columns (the table's `narrow` rows); every key is still in `?` and the palette.
NARROW = 100
KEEP = {c.action for c in of_screen("reader") if c.narrow}


class ReaderFooter(Footer):
    def __init__(self) -> None:
        super().__init__()
        self._narrow: bool | None = None

    def compose(self) -> ComposeResult:
        narrow = self.app.size.width < NARROW
        self._narrow = narrow
        for widget in super().compose():
            # Narrow: Ctrl+P gives way too (it is in `?`); compact keys would read "sScript".
            # (FooterKey is private to Textual: its keys are told by their action.)
            action = getattr(widget, "action", None)
            if narrow and action is not None and action not in KEEP:
                continue
            yield widget

    def on_resize(self, event: Resize) -> None:
        if self._narrow is not None and (self.app.size.width < NARROW) != self._narrow:
            self.refresh(recompose=True)
