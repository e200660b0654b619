"""A text box that shows what is pasted into it: escapes and invisible characters as marks."""

from __future__ import annotations

from textual.widgets import Input

from tui.core.text.inert import inert


class InertInput(Input):
    """The find and search boxes: pasted text may hold escapes; they are shown, never obeyed."""

    def on_input_changed(self, event: Input.Changed) -> None:
        shown = inert(event.value, one_line=True)
        if shown != event.value:
            self.value = shown
