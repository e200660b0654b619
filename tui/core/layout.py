"""Line breaking for Chinese text in terminal cells, with an optional pinyin row.

Rich and Textual wrap only at spaces, so we break between words ourselves,
following the basic rules: no line starts with closing punctuation, and no
line ends with opening punctuation. Tokens are grouped into unbreakable units
(an opening mark sticks to the word after it, a closing mark to the word before),
and units are laid out greedily; only a unit wider than the line is cut, between
characters.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len

NO_LINE_START = set("。，、；：？！）」』》〉…”’,.;:?!)]}%·ー〕】")
NO_LINE_END = set("（「『《〈“‘([{〔【")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of one token on one line: text offsets [start, end) and its columns."""

    token: int
    start: int
    end: int
    x: int
    width: int  # cells, including the pinyin padding
    pinyin: str  # the token's pinyin when this piece begins the token, else ""


@dataclass(frozen=True, slots=True)
class Line:
    pieces: tuple[Piece, ...]
    start: int
    end: int
    decor: tuple[tuple[int, str], ...] = ()  # (x, text) drawn around the pieces: table rules

    @property
    def width(self) -> int:
        return self.pieces[-1].x + self.pieces[-1].width if self.pieces else 0


def _units(texts: Sequence[str]) -> list[list[int]]:
    units: list[list[int]] = []
    glue_next = False
    for i, text in enumerate(texts):
        if text == "\n":
            units.append([i])
            glue_next = False
            continue
        trails = text.isspace() or text[:1] in NO_LINE_START  # spaces and closing marks end the unit before
        if units and not glue_next and text and trails and texts[units[-1][-1]] != "\n":
            units[-1].append(i)
        elif glue_next and units:
            units[-1].append(i)
        else:
            units.append([i])
        glue_next = bool(text) and text[-1] in NO_LINE_END
    return units


def layout(
    text: str,
    spans: Sequence[tuple[int, int]],
    width: int,
    pinyin: Sequence[Sequence[str]] | None = None,
    joiner: str = "",
) -> list[Line]:
    """Lay out tokens (`spans` into `text`) in lines of at most `width` cells.

    With `pinyin` (rendered syllables per token, one per character), each token is as
    wide as the wider of its characters and its pinyin, plus one cell between words
    that carry pinyin. A word's syllables are joined with `joiner` (marks run
    together; numbers and zhuyin read better spaced).
    """
    width = max(width, 4)
    texts = [text[s:e] for s, e in spans]
    joined = [joiner.join(s for s in p if s) for p in pinyin] if pinyin is not None else None
    cells = []
    for i, t in enumerate(texts):
        w = cell_len(t)
        if joined is not None and joined[i]:
            w = max(w, cell_len(joined[i])) + 1
        cells.append(w)
    lines: list[Line] = []
    current: list[Piece] = []
    x = 0

    def flush(end_offset: int | None = None) -> None:
        nonlocal current, x
        if current:
            lines.append(Line(tuple(current), current[0].start, current[-1].end))
        elif end_offset is not None:
            lines.append(Line((), end_offset, end_offset))
        current = []
        x = 0

    for unit in _units(texts):
        if texts[unit[0]] == "\n":
            flush(spans[unit[0]][0])
            continue
        unit_width = sum(cells[i] for i in unit)
        if x and x + unit_width > width:
            flush()
        if x == 0:  # no leading spaces on a line
            while unit and texts[unit[0]].isspace():
                unit = unit[1:]
            if not unit:
                continue
            unit_width = sum(cells[i] for i in unit)
        if unit_width <= width:
            for i in unit:
                s, e = spans[i]
                current.append(Piece(i, s, e, x, cells[i], joined[i] if joined is not None else ""))
                x += cells[i]
            continue
        # Wider than a line: cut between characters.
        for i in unit:
            s, e = spans[i]
            for k, offset in enumerate(range(s, e)):
                ch = text[offset]
                syllables = pinyin[i] if pinyin is not None else ()
                p = syllables[k] if k < len(syllables) else ""
                w = max(cell_len(ch), cell_len(p) + 1) if p else cell_len(ch)
                if x and x + w > width:
                    # A closing mark takes the characters before it along, back to one
                    # that may start a line.
                    carried: list[Piece] = []
                    if ch in NO_LINE_START:
                        while len(current) > 1:
                            carried.insert(0, current.pop())
                            if text[carried[0].start] not in NO_LINE_START:
                                break
                        if sum(c.width for c in carried) + w > width:  # the width is the harder rule
                            current += carried
                            carried = []
                    flush()
                    for c in carried:
                        current.append(Piece(c.token, c.start, c.end, x, c.width, c.pinyin))
                        x += c.width
                current.append(Piece(i, offset, offset + 1, x, w, p))
                x += w
    flush()
    return lines


def plain_rows(text: str, line: Line) -> tuple[str, str]:
    """A laid-out line as two plain strings: the pinyin row and the text row."""
    top = "".join(p.pinyin + " " * (p.width - cell_len(p.pinyin)) for p in line.pieces)
    bottom = "".join(text[p.start : p.end] + " " * (p.width - cell_len(text[p.start : p.end])) for p in line.pieces)
    return top.rstrip(), bottom.rstrip()


# --- tables ----------------------------------------------------------------------------------

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


def table_cells(paragraphs: Sequence[Span], start: int, end: int, columns: int, rows: int) -> TableCells | None:
    """Map a table's caption, header, rows and source line onto the paragraphs it spans."""
    inside = [p for p in paragraphs if start <= p[0] and p[1] <= end and p[1] > p[0]]
    needed = 1 + columns + rows * columns
    if columns < 1 or len(inside) < needed:
        return None
    header = tuple(inside[1 : 1 + columns])
    body = inside[1 + columns : needed]
    grid = tuple(tuple(body[r * columns : (r + 1) * columns]) for r in range(rows))
    source = inside[needed] if len(inside) > needed else None
    return TableCells(start, end, inside[0], header, grid, source)


def layout_document(
    text: str,
    spans: Sequence[tuple[int, int]],
    width: int,
    pinyin: Sequence[Sequence[str]] | None = None,
    tables: Sequence[TableCells] = (),
    joiner: str = "",
) -> list[Line]:
    """Like `layout`, but the given tables are drawn as tables with ruled cells."""
    lines: list[Line] = []
    position = 0  # the next token
    for table in sorted(tables, key=lambda t: t.start):
        first = _first_token(spans, table.start, position)
        lines += _shifted(layout(text, spans[position:first], width, _part(pinyin, position, first), joiner), position)
        last = _first_token(spans, table.end, first)
        lines += _table_lines(text, spans, width, pinyin, table, joiner, first, last)
        position = last
    lines += _shifted(layout(text, spans[position:], width, _part(pinyin, position, len(spans)), joiner), position)
    return lines


def _first_token(spans: Sequence[tuple[int, int]], offset: int, lo: int) -> int:
    i = lo
    while i < len(spans) and spans[i][0] < offset:
        i += 1
    return i


def _part(pinyin: Sequence[Sequence[str]] | None, a: int, b: int) -> Sequence[Sequence[str]] | None:
    return None if pinyin is None else pinyin[a:b]


def _shifted(lines: list[Line], token_base: int, x: int = 0) -> list[Line]:
    if not token_base and not x:
        return lines
    return [
        Line(
            tuple(Piece(p.token + token_base, p.start, p.end, p.x + x, p.width, p.pinyin) for p in line.pieces),
            line.start,
            line.end,
            tuple((dx + x, t) for dx, t in line.decor),
        )
        for line in lines
    ]


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
    return _shifted(lines, a)


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
                    pieces += _shifted([cell_lines[k]], 0, xs[c])[0].pieces
            borders = (*tuple((xs[c] - 2, "│") for c in range(columns)), (x - 1, "│"))
            start = pieces[0].start if pieces else row[0][0]
            end = pieces[-1].end if pieces else row[0][0]
            lines.append(Line(tuple(pieces), start, end, borders))
        if r < len(grid) - 1:
            lines.append(rule("├", "┼", "┤"))
    lines.append(rule("└", "┴", "┘"))
    if table.source:
        lines += _cell_layout(text, spans, pinyin, table.source, width, joiner, first)
    return lines


def layout_part(
    text: str,
    spans: Sequence[tuple[int, int]],
    first: int,
    last: int,
    width: int,
    pinyin: Sequence[Sequence[str]] | None = None,
    joiner: str = "",
) -> list[Line]:
    """Lines of tokens [first, last) only, with token numbers as in the whole text: the
    screenful shown at once while the whole is laid out elsewhere. Tables come plain."""
    return _shifted(layout(text, spans[first:last], width, _part(pinyin, first, last), joiner), first)
