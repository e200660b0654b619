"""Counting a long text's lines in the background, a block at a time on the UI's own loop."""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.app.widgets.article_layout import LayoutKey
    from tui.app.widgets.article_view import ArticleView
    from tui.core.text.layout_lazy import LazyLayout

COUNT_PAUSE = 0.004  # seconds between blocks counted in the background (one is ~6 ms)


async def _between_blocks() -> None:
    await asyncio.sleep(COUNT_PAUSE)


async def count_lines(view: ArticleView, key: LayoutKey, lines: LazyLayout) -> None:
    """Every block's lines counted, nearest the cursor first, a block at a time between
    keys (on the UI's own loop: a thread would take the GIL from it for seconds). A pause
    after each block lets a key's handling and its frame through (a frame takes several
    turns of the loop, and a turn runs a block). The counts come in at once at the end,
    with the cursor kept where it is on the screen."""
    counts: dict[int, tuple[int, int]] = {}
    for k in lines.unknown(lines.block_of_token(view.nav.anchor(view.cursor_token))):
        if view._layouts.get(key) is not lines:
            return  # words or tables came meanwhile: this layout is not shown again
        if lines.counts[k] < 0:  # not laid out around the cursor meanwhile
            block = lines.lay_out(k)
            counts[k] = (len(block.lines), block.rows)
            await _between_blocks()
    if view._layouts.get(key) is not lines:
        return  # another text or tables came meanwhile
    height = view.scrollable_content_region.height
    screen_row = view._cursor_row() - int(view.scroll_offset.y) if key == view._layout_key else 0
    for k, (n, rows) in counts.items():
        lines.set_count(k, n, rows)
    if key != view._layout_key:
        return
    view._sync_size()
    if not 0 <= screen_row < height:
        screen_row = height // 3  # the cursor was not on screen: it is now
    y = max(0, view._cursor_row() - screen_row)
    if y != int(view.scroll_offset.y):
        view.scroll_to(y=y, animate=False, immediate=True)
    view.refresh_moved()
    freeze = getattr(view.screen, "freeze_heap", None)  # a large layout: out of the collector's sight
    if freeze is not None:
        freeze()
