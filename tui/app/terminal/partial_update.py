"""Partial screen updates that start where the change starts, not at the widget's left edge.

Textual writes a dirty region of a row from the left edge of the widget's piece of that row
(its "chop") to the region's end (its ChopsUpdate has a "TODO: crop to x extents"). A word
cursor at the end of an article line therefore sent the whole line, twice when it left one
word and entered another on the same row. Here the write starts at the region's left edge,
moved left to the start of the character under it, so a wide character is never cut in half
(a terminal takes half of one, sent as a space, as erasing it).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.control import Control
from rich.segment import Segment
from textual._compositor import ChopsUpdate, Compositor
from textual.geometry import Region
from textual.strip import Strip

if TYPE_CHECKING:
    from rich.console import Console

__all__ = ["CroppingCompositor", "crop"]


def character_start(strip: Strip, cell: int) -> int:
    """The first cell of the character that covers `cell` in `strip` (cells from 0)."""
    pos = 0
    for segment in strip:
        if segment.control:
            continue
        width = cell_len(segment.text)
        if pos + width <= cell:
            pos += width
            continue
        for ch in segment.text:
            w = cell_len(ch)
            if pos + w > cell:
                return pos
            pos += w
    return min(pos, cell)


def marks_at(strip: Strip, cell: int) -> list[Segment]:
    """The zero-width characters (combining marks, joiners, direction marks) at `cell`, after
    the character that ends there: a crop ending at `cell` leaves them out, and the terminal,
    given that character again, drops the marks it had."""
    pos = 0
    found: list[Segment] = []
    for segment in strip:
        if segment.control:
            continue
        for ch in segment.text:
            width = cell_len(ch)
            if pos > cell or (pos == cell and width):
                return found
            if pos == cell:
                found.append(Segment(ch, segment.style))
            pos += width
    return found


def _without_leading_marks(strip: Strip) -> Strip:
    """`strip` without the zero-width characters it begins with: they belong to the character
    before the crop, which the terminal keeps, and sent again it would join them to it twice."""
    segments = list(strip)
    for i, segment in enumerate(segments):
        if segment.control:
            continue
        text = segment.text
        n = 0
        while n < len(text) and cell_len(text[n]) == 0:
            n += 1
        if n == 0:
            return Strip(segments) if i else strip
        if n < len(text):
            return Strip([Segment(text[n:], segment.style), *segments[i + 1 :]])
        segments[i] = Segment("", segment.style)
    return Strip(segments)


def crop(strip: Strip, start: int, end: int) -> Strip:
    """Cells start..end of `strip`, with the zero-width characters that follow the last one
    and without those that follow the character before the first."""
    cropped = strip.crop(start, end)
    if start > 0:
        cropped = _without_leading_marks(cropped)
    marks = marks_at(strip, end) if end < strip.cell_length else []
    # Rich keeps some of them (those in that character's segment, up to where it splits).
    text = cropped.text
    kept = next((n for n in range(len(marks), 0, -1) if text.endswith("".join(m.text for m in marks[:n]))), 0)
    return Strip([*cropped, *marks[kept:]]) if marks[kept:] else cropped


class CroppedChopsUpdate(ChopsUpdate):
    def render_segments(self, console: Console) -> str:
        sequences: list[str] = []
        append = sequences.append
        move_to = Control.move_to
        chops, chop_ends = self.chops, self.chop_ends
        last_y = self.spans[-1][0]
        for y, x1, x2 in self.spans:
            line, ends = chops[y], chop_ends[y]
            for end, (x, strip) in zip(ends, line.items(), strict=False):
                if strip is None or x > x2 or end <= x1:
                    continue
                start = x
                if x < x1:
                    start = x + character_start(strip, x1 - x)
                if start == x and x2 > x >= x1 and end <= x2:
                    cropped = strip
                else:
                    cropped = crop(strip, start - x, min(end, x2) - x)
                append(move_to(start, y).segment.text)
                append(cropped.render(console))
            if y != last_y:
                append("\n")
        return "".join(sequences)


class CroppingCompositor(Compositor):
    """Writes start where the change starts; and only the rows written are drawn.

    Textual draws every row of every widget under the box around all dirty regions (a cursor
    move on the left and a panel row on the right: the whole screen's widgets, each whole),
    to write a few rows. Here each widget draws the band of its rows that holds a row written
    over it, and a widget under no written row draws nothing."""

    _extents: dict[int, tuple[int, int]] | None = None  # row -> (first, last + 1) cell written

    def render_partial_update(self) -> ChopsUpdate | None:
        update_regions = self._dirty_regions.copy()
        self._dirty_regions.clear()
        if not update_regions:
            return None
        crop = Region.from_union(list(update_regions)).intersection(self.size.region)
        spans = list(self._regions_to_spans(update_regions))
        extents: dict[int, tuple[int, int]] = {}
        for y, x1, x2 in spans:
            first, last = extents.get(y, (x1, x2))
            extents[y] = (min(first, x1), max(last, x2))
        self._extents = extents
        try:
            chops = self._render_chops(crop, extents.__contains__)
        finally:
            self._extents = None
        return CroppedChopsUpdate(chops, spans, [cut_set[1:] for cut_set in self.cuts])

    def _get_renders(self, crop: Region | None = None) -> Iterable[tuple[Region, Region, list[Strip]]]:
        extents = self._extents
        if extents is None or crop is None:
            yield from super()._get_renders(crop)
            return
        for widget, (region, clip) in self.visible_widgets.items():
            x, y, width, height = region.intersection(clip)
            if not (width and height):
                continue
            right = x + width
            rows = [row for row in range(y, y + height) if (e := extents.get(row)) and e[0] < right and e[1] > x]
            if not rows:
                continue
            top, bottom = rows[0], rows[-1] + 1
            band = Region(x, top, width, bottom - top)
            yield region, band, widget.render_lines(Region(x - region.x, top - region.y, width, bottom - top))
