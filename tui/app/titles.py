"""Header titles cut to the screen, so that the screen's name after them stays visible."""

from __future__ import annotations

from rich.cells import cell_len
from rich.text import Text

from tui.core.text.inert import inert

HEADER_FURNITURE = 18  # the header's icon (8) and the clock's space (10)


def fit_title(title: str, width: int, sub_title: str) -> str:
    """`title` shortened with an ellipsis to what a header `width` columns wide leaves beside ` — sub_title`."""
    room = width - HEADER_FURNITURE - cell_len(f" — {sub_title}") - 1
    return cut(inert(title, one_line=True), room)


def cut(text: str, width: int) -> str:
    """`text` in at most `width` cells, ending in an ellipsis when cut. By hand: Rich pads a
    wide character it cuts with a space before the ellipsis (及 …)."""
    if cell_len(text) <= width:
        return text
    shown = Text(text)
    shown.truncate(max(0, width - 1))
    return shown.plain.rstrip() + "…"
