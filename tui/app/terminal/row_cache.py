"""A widget's styled rows kept by what they show, not by where they are on the screen.

Textual's StylesCache keeps a widget's rows by their row on the screen, so a scroll of one row
draws every row again: the article's line, then its padding, background and effects (~0.2 ms a
row, ~8 ms a screen at 120x40). A word move at the screen's foot scrolls. Here a row is kept
under the content it shows (`content_of`), and while the widget says its rows did not change
(`forget` not called), a row that moved on the screen is taken as it was drawn.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TYPE_CHECKING, Any

from textual._styles_cache import StylesCache

if TYPE_CHECKING:
    from textual.css.styles import StylesBase
    from textual.geometry import Size
    from textual.strip import Strip

__all__ = ["ROWS_KEPT", "RowCache"]

ROWS_KEPT = 1_000  # a few screens of rows; all are dropped when full

# What a row shows: (a key, what is drawn (equal: drawn the same), what else the drawing depends on).
Content = tuple[Hashable, object, object]


class RowCache(StylesCache):
    def __init__(self, content_of: Callable[[int], Content | None]) -> None:
        super().__init__()
        self._content_of = content_of  # a content row -> what it shows, or None: not kept
        self._rows: dict[Hashable, tuple[object, object, StylesBase, tuple[Any, ...], Strip]] = {}

    def forget(self) -> None:
        """Every kept row dropped: the widget's rows may show something else now."""
        self._rows.clear()

    def render_line(self, styles: StylesBase, y: int, size: Size, content_size: Size, *rest: Any) -> Strip:
        content_y = y - styles.gutter.top
        content = self._content_of(content_y) if 0 <= content_y < content_size.height else None
        if content is None:
            return super().render_line(styles, y, size, content_size, *rest)
        key, owner, state = content
        drawn_with = (size, content_size, rest)
        kept = self._rows.get(key)
        if (
            kept is not None
            and kept[2] is styles
            and (kept[0] is owner or kept[0] == owner)
            and kept[1] == state
            and kept[3] == drawn_with
        ):
            return kept[4]
        strip = super().render_line(styles, y, size, content_size, *rest)
        if len(self._rows) >= ROWS_KEPT:
            self._rows.clear()
        self._rows[key] = (owner, state, styles, drawn_with, strip)
        return strip
