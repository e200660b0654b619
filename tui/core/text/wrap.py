"""Plain text (outline claims, section titles) broken into lines by our line-breaking rules.

Rich wraps Chinese between any two characters, so a line may start with 。or ，.
`Wrapped` is a Rich renderable that breaks with `layout` instead, at whatever
width it is given, with a hanging indent under a marker.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.measure import Measurement
from rich.text import Text

from tui.core.text.layout import layout

if TYPE_CHECKING:
    from rich.console import Console, ConsoleOptions, RenderResult

# A Latin word or number stays whole; anything else is a unit of one character.
_PIECE = re.compile(r"[A-Za-z0-9]+(?:['’.\-][A-Za-z0-9]+)*|\s|.", re.S)


def wrap_spans(text: str, width: int) -> list[tuple[int, int]]:
    """(start, end) of each line of `text` broken at `width` cells (spaces at a break dropped)."""
    spans = [m.span() for m in _PIECE.finditer(text)]
    lines = []
    for line in layout(text, spans, width):
        end = line.end
        while end > line.start and text[end - 1].isspace():
            end -= 1
        lines.append((line.start, end))
    return lines or [(0, 0)]


class Wrapped:
    """`text` broken by our rules at the render width, `marker` first and later lines indented under it."""

    def __init__(self, text: Text, marker: Text | str = "", indent: int = 0) -> None:
        self.text = text
        self.marker = marker if isinstance(marker, Text) else Text(marker)
        self.indent = indent

    def _lead(self) -> int:
        return self.indent + self.marker.cell_len

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = max(4, options.max_width - self._lead())
        spans = wrap_spans(self.text.plain, width)
        # One pass over the text and its styles for every line (a slice per line is a pass each:
        # quadratic in a long claim).
        pieces = self.text.divide(offset for span in spans for offset in span)
        for n in range(len(spans)):
            line = Text(" " * self.indent, end="\n", no_wrap=True, overflow="fold")
            line.append_text(self.marker if n == 0 else Text(" " * self.marker.cell_len))
            line.append_text(pieces[2 * n + 1])
            yield line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        widest = max((cell_len(piece) for piece in _PIECE.findall(self.text.plain)), default=0)
        return Measurement(self._lead() + widest, self._lead() + self.text.cell_len)
