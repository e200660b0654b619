"""The panel's text boxes: wrapped text that repaints only the rows (and cells) that changed."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual.geometry import Region, Size
from textual.strip import Strip
from textual.widget import Widget

from tui.core.text.chars import has_han
from tui.core.text.inert import STAND_IN, inert

if TYPE_CHECKING:
    from rich.console import Console


class TextLines(Widget):
    """Wrapped text that repaints only the rows that changed.

    The panel changes on every cursor move; repainting just the changed rows keeps
    the bytes sent to the terminal low, which matters over SSH.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._rows: list[list[Segment]] = []
        # Drawn rows, kept until their row or the widget's style changes: the compositor asks
        # for every row of a box that has one dirty, and the widget's style (a walk up its
        # ancestors) cost more than the row.
        self._strips: dict[int, Strip] = {}
        self._style: Style | None = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None
        self._strips.clear()

    def _widget_style(self) -> Style:
        if self._style is None:
            self._style = self.rich_style
        return self._style

    @property
    def plain(self) -> str:
        return self._text.plain

    def set_text(self, text: Text, wrapped: Wrapped | None = None) -> None:
        """Show `text`; `wrapped` is it made inert and wrapped ahead (by `wrap_rows`), for a width."""
        if wrapped is not None and wrapped.source is text and wrapped.width == self.size.width:
            self._text = wrapped.text
            self._rewrap(rows=wrapped.rows)
            return
        self._text = inert_text(text)
        self._rewrap()

    def on_resize(self) -> None:
        self._rewrap(force=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Every wrapped line (with `height: auto`, when the panel is browsed)."""
        return len(self._wrap(self.app.console, width)) if width > 0 else 0

    def _rewrap(self, force: bool = False, rows: list[list[Segment]] | None = None) -> None:
        width = self.size.width
        if width <= 0:
            return
        if rows is None:
            console = self.app.console
            rows = [list(line.render(console)) for line in self._wrap(console, width)]
        if force:
            self._rows = rows
            self._strips.clear()
            self.refresh()
            return
        old = self._rows
        self._rows = rows
        changed: list[Region] = []
        for y in range(max(len(old), len(rows))):
            before = old[y] if y < len(old) else []
            after = rows[y] if y < len(rows) else []
            if before != after:
                self._strips.pop(y, None)
                # Only the cells that changed: a row's unchanged head and blank tail are
                # not sent again, which halves what a cursor move writes.
                span = changed_cells(before, after)
                if span is not None:
                    changed.append(Region(span[0], y, span[1] - span[0], 1))
        if changed:
            self.refresh(*changed)  # one call: each costs the widget a walk to its screen

    def _wrap(self, console: Console, width: int) -> list[Text]:
        return list(self._text.wrap(console, width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        strip = self._strips.get(y)
        if strip is not None and strip.cell_length == width:
            return strip
        strip = self._draw(y, width, self._widget_style())
        self._strips[y] = strip
        return strip

    def _draw(self, y: int, width: int, style: Style) -> Strip:
        if y < len(self._rows):
            # The widget's colours under the text's own styles, as Static would draw it.
            return Strip(Segment.apply_style(self._rows[y], style=style)).adjust_cell_length(width, style)
        return Strip.blank(width, style)


@dataclass(frozen=True)
class Wrapped:
    """A Text made inert and broken into rendered rows for `width`: work a worker does ahead."""

    source: Text
    text: Text
    width: int
    rows: list[list[Segment]]

    @classmethod
    def of(cls, source: Text, width: int, console: Console) -> Wrapped:
        text = inert_text(source)
        return cls(source, text, width, wrap_rows(text, width, console))


def inert_text(text: Text) -> Text:
    # Words, sentences and glossary notes come from files: shown, never obeyed. The
    # replacement is one character for one, so the styles' spans stay where they were.
    shown = _based(inert(text.plain))
    if shown is not text.plain:
        text = text.copy()
        text.plain = shown
    return text


def _based(text: str) -> str:
    """`text` with each zero-width character that could begin a row shown as ⬚ (one for one).

    At a row's start it has no character of the box to join: the terminal joins it to the
    cell left of the box (the border), which a later write of the box never sends again."""
    if not any(cell_len(ch) == 0 for ch in text):
        return text
    chars = list(text)
    for i, ch in enumerate(chars):
        if (i == 0 or text[i - 1].isspace()) and ch != "\n" and not ch.isspace() and cell_len(ch) == 0:
            chars[i] = STAND_IN
    shown = "".join(chars)
    return text if shown == text else shown


def wrap_rows(text: Text, width: int, console: Console) -> list[list[Segment]]:
    return [list(line.render(console)) for line in text.wrap(console, width)]


def changed_cells(before: list[Segment], after: list[Segment]) -> tuple[int, int] | None:
    """Cells [start, end) that cover where two renderings of a row differ; None when they do not.

    The reader's compositor writes a dirty region from its start (Textual's own writes from
    the widget's left edge), so neither the unchanged head (`  also`, ` • `) nor the unchanged,
    often blank, tail is sent again. Both ends fall between characters."""
    if before == after:
        return None
    a, b = _cells(before), _cells(after)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    start = _width("".join(text for text, _ in a[:head]))
    wide, wide_after = _width("".join(text for text, _ in a)), _width("".join(text for text, _ in b))
    if wide != wide_after:
        return (start, max(wide, wide_after)) if head < max(len(a), len(b)) else None
    # As wide: the characters the two end with in common stay too.
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    end = wide - _width("".join(text for text, _ in a[len(a) - tail :]))
    return (start, end) if end > start else None


def _width(chars: str) -> int:
    """The cells of `chars` counted a character at a time, as a terminal advances (Rich's
    cell_len of a string joins emoji sequences; without a joiner or VS16 the two agree, and
    the string's count is cached)."""
    if "\u200d" in chars or "\ufe0f" in chars:
        return sum(cell_len(ch) for ch in chars)
    return cell_len(chars)


def _cells(row: list[Segment]) -> list[tuple[str, tuple[object, ...]]]:
    """Each character of a row with the zero-width ones after it (a terminal keeps them in its
    cell, so a change among them is a change of that cell), and their styles."""
    cells: list[tuple[str, tuple[object, ...]]] = []
    for segment in row:
        if segment.control:
            continue
        for ch in segment.text:
            if cells and cell_len(ch) == 0:
                text, styles = cells[-1]
                cells[-1] = (text + ch, (*styles, segment.style))
            else:
                cells.append((ch, (segment.style,)))
    return cells


class SentenceLines(TextLines):
    """TextLines whose Chinese lines break by our line rules (Rich starts a row with ，)."""

    def _wrap(self, console: Console, width: int) -> list[Text]:
        from tui.core.text.wrap import wrap_spans

        rows: list[Text] = []
        for line in self._text.split("\n", allow_blank=True):
            if has_han(line.plain):
                rows += [line[a:b] for a, b in wrap_spans(line.plain, width)]
            else:
                rows += line.wrap(console, width)
        return rows
