"""The footers: rebuilt only when what they show changes, and the reader's, which at narrow
widths shows only the keys a reader needs most, so `q Quit` stays on screen."""

from __future__ import annotations

from collections.abc import Hashable

from textual.app import ComposeResult
from textual.events import Resize
from textual.screen import Screen
from textual.widgets import Footer

from tui.app.commands import of_screen

# Shown below NARROW columns (the table's `narrow` rows); every key is still in `?` and the palette.
NARROW = 100
KEEP = {c.action for c in of_screen("reader") if c.narrow}


class SteadyFooter(Footer):
    """Textual's footer, rebuilt only when its keys change. Textual rebuilds every key on each
    change of focus (Tab into the panel, a screen shown), each key's styles worked out twice:
    a tenth of the Pilot suite's time, and a frame's work in the reader for nothing."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: Hashable = None  # what the keys on screen were made from

    def _keys(self) -> Hashable:
        app = self.app
        return tuple(
            (binding.key, app.get_key_display(binding), binding.description, binding.action, enabled, tooltip)
            for _, binding, enabled, tooltip in self.screen.active_bindings.values()
            if binding.show or binding.key == app.COMMAND_PALETTE_BINDING
        )

    def compose(self) -> ComposeResult:
        keys = self._keys()
        widgets = list(super().compose())
        self._shown = keys if widgets else None  # none yet: Textual had no bindings to show
        yield from widgets

    def bindings_changed(self, screen: Screen) -> None:  # type: ignore[type-arg]
        if self._shown is not None and self.is_attached and screen is self.screen and self._keys() == self._shown:
            return
        super().bindings_changed(screen)


class ReaderFooter(SteadyFooter):
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
