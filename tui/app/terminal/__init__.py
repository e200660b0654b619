"""Where yuedu reaches inside Textual, fenced: the SGR minimiser (sgr.py), the cropping
compositor (partial_update.py), a pane's scroll sent as a scroll (scrolling.py), the
article's rows kept by the line they show (row_cache.py, a StylesCache in the widget's
private `_styles_cache`) and the private names the footer and the keymap use.

Each was written and tested against one Textual release (`TESTED`). On any other, the app
takes Textual's own driver and compositor, with one log line: a renamed private attribute
then costs bytes per frame, never a crash or a wrong screen. `YUEDU_TERMINAL=textual` forces
that path (the suite runs the reader both ways)."""

from __future__ import annotations

import logging
import os
from functools import cache
from importlib.metadata import version
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual._compositor import Compositor
    from textual.driver import Driver

TESTED = "8.2.8"  # pyproject.toml pins this textual; upgrade both together, and run tests/app

log = logging.getLogger("yuedu.terminal")
_epoch = 0  # counts the times the terminal's screen was left to others (suspend, exit) or taken anew


def terminal_reset() -> None:
    """What any compositor knows the terminal shows is forgotten (the driver calls it)."""
    global _epoch
    _epoch += 1


def terminal_epoch() -> int:
    return _epoch


@cache
def ours() -> bool:
    """Whether our own minimiser and compositor run (else Textual's own)."""
    if os.environ.get("YUEDU_TERMINAL") == "textual":
        return False
    found = textual_version()
    if found != TESTED:
        log.warning("textual %s is not %s: using its own driver and compositor", found, TESTED)
        return False
    return True


def textual_version() -> str:
    return version("textual")


def path() -> str:
    """Which path draws the screen, for logs and test reports."""
    return "yuedu's SGR minimiser and cropping compositor" if ours() else "Textual's own driver and compositor"


def driver_class(base: type[Driver]) -> type[Driver]:
    if not ours():
        return base
    from tui.app.terminal.sgr import minimising

    return minimising(base)


def compositor() -> Compositor | None:
    """A compositor for a screen to use instead of its own, or None to keep Textual's."""
    if not ours():
        return None
    from tui.app.terminal.scrolling import ScrollingCompositor

    return ScrollingCompositor()


def character_to_key(character: str) -> str:
    """A typed character as Textual names its key ("/" → "slash"): Textual's own private rule
    while it has one, else the same rule (unicodedata names) written here."""
    try:
        from textual.keys import _character_to_key
    except ImportError:
        import unicodedata

        if character.isalnum():
            return character
        try:
            return unicodedata.name(character).lower().replace("-", "_").replace(" ", "_")
        except ValueError:
            return character
    return _character_to_key(character)
