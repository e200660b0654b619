"""Tables in the layout: a table's cells as offsets, and a document laid out with its tables
drawn as ruled grids."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from tui.core.text.layout import Line, Piece, layout, shifted

Span = tuple[int, int]


@dataclass(frozen=True)
class TableCells:
    """A table flattened one cell per paragraph in the text, as offsets."""

    start: int
    end: int
    title: Span | None
    header: tuple[Span, ...]
    rows: tuple[tuple[Span, ...], ...]
    source: Span | None


def table_cells(
    paragraphs: Sequence[Span], start: int, end: int, columns: int, rows: int, titled: bool = True
) -> TableCells | None:
    """Map a table's caption (when `titled`: a document's table may have none), header, rows and
    source line onto the paragraphs it spans."""
    inside = [p for p in paragraphs if start <= p[0] and p[1] <= end and p[1] > p[0]]
    top = 1 if titled else 0
    needed = top + columns + rows * columns
    if columns < 1 or len(inside) < needed:
        return None
    header = tuple(inside[top : top + columns])
    body = inside[top + columns : needed]
    grid = tuple(tuple(body[r * columns : (r + 1) * columns]) for r in range(rows))
    source = inside[needed] if len(inside) > needed else None
    return TableCells(start, end, inside[0] if titled else None, header, grid, source)


def layout_document(
    text: str,
    spans: Sequence[tuple[int, int]],
    width: int,
    pinyin: Sequence[Sequence[str]] | None = None,
    tables: Sequence[TableCells] = (),
    joiner: str = "",
    gaps: bool = False,
    preformatted: Sequence[tuple[int, int]] = (),
) -> list[Line]:
    """Like `layout`, but the given tables are drawn as tables with ruled cells."""
    lines: list[Line] = []
    position = 0  # the next token
    for table in sorted(tables, key=lambda t: t.start):
        first = _first_token(spans, table.start, position)
        before = layout(text, spans[position:first], width, _part(pinyin, position, first), joiner, gaps, preformatted)
        lines += shifted(before, position)
        last = _first_token(spans, table.end, first)
        lines += _table_lines(text, spans, width, pinyin, table, joiner, first, last)
        if gaps:
            lines.append(Line((), table.end, table.end))
        position = last
    rest = layout(text, spans[position:], width, _part(pinyin, position, len(spans)), joiner, gaps, preformatted)
    lines += shifted(rest, position)
    return lines


def _first_token(spans: Sequence[tuple[int, int]], offset: int, lo: int) -> int:
    i = lo
    while i < len(spans) and spans[i][0] < offset:
        i += 1
    return i


def _part(pinyin: Sequence[Sequence[str]] | None, a: int, b: int) -> Sequence[Sequence[str]] | None:
    return None if pinyin is None else pinyin[a:b]


def _cell_layout(
    text: str,
    spans: Sequence[tuple[int, int]],
    pinyin: Sequence[Sequence[str]] | None,
    cell: Span,
    width: int,
    joiner: str,
    lo: int,
) -> list[Line]:
    a = _first_token(spans, cell[0], lo)
    b = _first_token(spans, cell[1], a)
    lines = [line for line in layout(text, spans[a:b], width, _part(pinyin, a, b), joiner) if line.pieces]
    return shifted(lines, a)


def _table_lines(
    text: str,
    spans: Sequence[tuple[int, int]],
    width: int,
    pinyin: Sequence[Sequence[str]] | None,
    table: TableCells,
    joiner: str,
    first: int,
    last: int,
) -> list[Line]:
    lines: list[Line] = []
    if table.title:
        lines += _cell_layout(text, spans, pinyin, table.title, width, joiner, first)
    grid = [table.header, *table.rows]
    columns = len(table.header)
    natural = [4] * columns
    for row in grid:
        for c, cell in enumerate(row):
            for line in _cell_layout(text, spans, pinyin, cell, 10_000, joiner, first):
                natural[c] = max(natural[c], line.width)
    available = max(columns * 4, width - 3 * columns - 1)
    widths = list(natural)
    while sum(widths) > available and max(widths) > 4:
        widths[widths.index(max(widths))] -= 1
    xs = []
    x = 2
    for w in widths:
        xs.append(x)
        x += w + 3

    def rule(left: str, mid: str, right: str) -> Line:
        at = grid[0][0][0]
        return Line((), at, at, ((0, left + mid.join("─" * (w + 2) for w in widths) + right),))

    lines.append(rule("┌", "┬", "┐"))
    for r, row in enumerate(grid):
        cells = [_cell_layout(text, spans, pinyin, cell, widths[c], joiner, first) for c, cell in enumerate(row)]
        height = max((len(c) for c in cells), default=1) or 1
        for k in range(height):
            pieces: list[Piece] = []
            for c, cell_lines in enumerate(cells):
                if k < len(cell_lines):
                    pieces += shifted([cell_lines[k]], 0, xs[c])[0].pieces
            borders = (*tuple((xs[c] - 2, "│") for c in range(columns)), (x - 2, "│"))  # under ┐ and ┘
            start = pieces[0].start if pieces else row[0][0]
            end = pieces[-1].end if pieces else row[0][0]
            lines.append(Line(tuple(pieces), start, end, borders))
        if r < len(grid) - 1:
            lines.append(rule("├", "┼", "┤"))
    lines.append(rule("└", "┴", "┘"))
    if table.source:
        lines += _cell_layout(text, spans, pinyin, table.source, width, joiner, first)
    return lines
