"""Notices (toasts) kept off the reader's cursor: Textual's ToastRack, docked by us."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from typing import Any

    from textual.screen import Screen
    from textual.widget import Widget


def toast_rack(screen: Screen[Any]) -> Widget | None:
    from textual.css.query import NoMatches
    from textual.widgets._toast import ToastRack  # Textual's own: it holds the notices

    try:
        return screen.get_child_by_type(ToastRack)
    except NoMatches:
        return None


def place_notices(screen: Screen[Any], row: int, height: int) -> None:
    """Notices at the end of the screen away from the cursor's `row` (of `height` rows of
    text): at the top when the cursor is in the lower half, else at the bottom. Set on the
    rack itself, not by a class on the screen: a class would restyle every widget."""
    rack = toast_rack(screen)
    if rack is None:
        return
    top = row >= height // 2
    dock = "top" if top else "bottom"
    if rack.styles.dock != dock:
        rack.styles.dock = dock
        rack.styles.align_vertical = dock
        # Below the header on top; above the footer at the bottom.
        rack.styles.margin = (1, 0, 0, 0) if top else (0, 0, 1, 0)
