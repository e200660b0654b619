"""The article's layouts: one per (width, script, pinyin row, raw, spoken tones), made lazily."""

from __future__ import annotations

from typing import TYPE_CHECKING

from tui.core.reading import Reading
from tui.core.text.analysis import TokenSpans, token_spans
from tui.core.text.layout_lazy import BlockCache, LazyLayout
from tui.core.text.layout_tables import TableCells

if TYPE_CHECKING:
    from tui.app.widgets.article_view import ArticleView

LayoutKey = tuple[int, str, bool, bool, bool]  # (width, view, pinyin row, raw, spoken tones)


def _same(offset: int) -> int:
    return offset  # one token per character


def new_layout(
    reading: Reading, key: LayoutKey, shown: str, tables: tuple[TableCells, ...], blocks: BlockCache
) -> LazyLayout:
    """The layout of `shown` (the text of the view in `key`, made inert) for `key`."""
    width, view, show_pinyin, raw, sandhi = key
    if raw:
        raw_spans = TokenSpans(None, 0, len(shown))
        kept = ("raw", reading.raw_identity)
        return LazyLayout(shown, raw_spans, width, cache=blocks, token_at=_same, identity=kept)
    pinyin = None
    if show_pinyin:

        def pinyin(first: int, last: int) -> list[list[str]]:
            return [reading.pinyin_written(i, sandhi=sandhi) for i in range(first, last)]

    spans = token_spans(reading.analysis.tokens)
    at, code = reading.token_at, reading.code_spans()
    # Equal to a layout made before (this article reopened): its line counts are taken.
    identity = (reading.layout_identity, view, show_pinyin and sandhi)
    return LazyLayout(
        shown,
        spans,
        width,
        pinyin,
        tables,
        gaps=True,
        cache=blocks,
        token_at=at,
        preformatted=code,
        identity=identity,
    )


def lay_out_screen(view: ArticleView) -> None:
    """Every row on screen laid out before one is drawn: a row is never taken from an
    estimate, and laying out a block while the screen is drawn cannot move the rows
    already drawn (tui/core/text/layout_lazy.py LazyLayout.ensure_lines)."""
    lines = view._lines
    if lines.exact:
        return
    key = (lines.owner, lines.generation, int(view.scroll_offset.y), view.scrollable_content_region.height)
    if key == view._screen_key:
        return
    generation = lines.generation
    lines.ensure_lines(key[2], key[3], view.nav.pinyin_rows)
    view._screen_key = (lines.owner, lines.generation, key[2], key[3])
    if lines.generation != generation:
        view.call_later(view._screen_moved)
