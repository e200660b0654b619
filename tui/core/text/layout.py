"""Line breaking for Chinese text in terminal cells, with an optional pinyin row.

Rich and Textual wrap only at spaces, so we break between words ourselves,
following the basic rules: no line starts with closing punctuation, and no
line ends with opening punctuation. Tokens are grouped into unbreakable units
(an opening mark sticks to the word after it, a closing mark to the word before),
and units are laid out greedily. A unit wider than the line is cut: a word with
pinyin between its written words (Yà-Tài | Jīng-Hé | Zǔzhī), then between
syllables, anything else between characters, so that the characters on a line
always sit under their own syllables.

With the pinyin row, a word is as wide as the wider of its characters and its
pinyin, plus a cell; closing marks and spaces after it sit right after its
characters, under the overhang of its pinyin (近日, not 近日  ,).
"""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate, count

from rich.cells import cell_len

from tui.core.text.indexed import Indexed

NO_LINE_START = set("。，、；：？！）」』》〉…”’,.;:?!)]}%·ー〕】")
NO_LINE_END = set("（「『《〈“‘([{〔【")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of one token on one line: text offsets [start, end) and its columns.

    The text and the pinyin both start at `x`; `width` runs to the next piece. A
    pinyin label may be wider than its piece when closing marks follow under it.
    """

    token: int
    start: int
    end: int
    x: int
    width: int  # cells to the next piece (or to the end of the line's last word)
    pinyin: str  # the pinyin drawn over this run of the token, "" for none


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


@dataclass(frozen=True, slots=True)
class _Atom:
    """What is placed on a line: a whole token, one written word of it, or one character."""

    token: int
    start: int
    end: int
    cells: int
    label: str
    syllables: tuple[str, ...]  # the written syllables of its characters (for cutting it further)
    level: int  # 0 a token, 1 a written word of it, 2 a character


def _label(syllables: Sequence[str], joiner: str) -> str:
    return joiner.join(s for s in syllables if s)


class _Filler:
    """Places atoms greedily on lines, keeping the text row and the pinyin row apart."""

    def __init__(self, text: str, width: int, joiner: str) -> None:
        self.text = text
        self.width = width
        self.joiner = joiner
        self.lines: list[Line] = []
        self.placed: list[tuple[_Atom, int]] = []  # atoms on the current line, with their x
        self.tx = 0  # where the text row ends
        self.px = 0  # where the pinyin row ends (the next labelled atom starts here at the earliest)
        self.pre = False  # in preformatted text: leading spaces kept

    # --- one atom ----------------------------------------------------------------------

    def _tucks(self, atom: _Atom) -> bool:
        if atom.label:
            return False
        first = self.text[atom.start]
        return first in NO_LINE_START or self.text[atom.start : atom.end].isspace()

    def _step(self, atom: _Atom, tx: int, px: int) -> tuple[int, int, int]:
        """(x, tx, px) after placing `atom` with the rows ending at tx and px."""
        x = tx if self._tucks(atom) else max(tx, px)
        if atom.label:
            return x, x + atom.cells, x + max(atom.cells, cell_len(atom.label)) + 1
        return x, x + atom.cells, px

    def _blank(self, atom: _Atom) -> bool:
        return not self.pre and self.text[atom.start : atom.end].isspace()

    def extent(self, atoms: Sequence[_Atom], empty: bool = False) -> int:
        """How far the line reaches with `atoms` added (to an empty line with `empty`)."""
        tx, px, on_line = (0, 0, False) if empty else (self.tx, self.px, bool(self.placed))
        for atom in atoms:
            if not on_line and self._blank(atom):
                continue  # no leading spaces on a line
            _, tx, px = self._step(atom, tx, px)
            on_line = True
        return max(tx, px)

    def put(self, atom: _Atom) -> None:
        if not self.placed and self._blank(atom):
            return
        x, self.tx, self.px = self._step(atom, self.tx, self.px)
        self.placed.append((atom, x))

    def flush(self, end_offset: int | None = None) -> None:
        if self.placed:
            end = max(self.tx, self.px)
            pieces = []
            for k, (atom, x) in enumerate(self.placed):
                nxt = self.placed[k + 1][1] if k + 1 < len(self.placed) else end
                pieces.append(Piece(atom.token, atom.start, atom.end, x, nxt - x, atom.label))
            self.lines.append(Line(tuple(pieces), pieces[0].start, pieces[-1].end))
        elif end_offset is not None:
            self.lines.append(Line((), end_offset, end_offset))
        self.placed = []
        self.tx = self.px = 0

    # --- groups of atoms ---------------------------------------------------------------

    def fill(self, atoms: Sequence[_Atom]) -> None:
        for group in self._groups(atoms):
            if self.extent(group) <= self.width:
                for atom in group:
                    self.put(atom)
                continue
            if self.placed and (group[0].level == 0 or self.extent(group, empty=True) <= self.width):
                self.flush()  # a whole word wider than a line begins a line of its own, the pieces fill it
                if self.extent(group) <= self.width:
                    for atom in group:
                        self.put(atom)
                    continue
            # Wider than a line: cut it finer.
            finer = [f for atom in group for f in self._refine(atom)]
            if len(finer) > len(group):
                self.fill(finer)
            else:
                for atom in group:
                    self._put_breaking(atom)

    def _groups(self, atoms: Sequence[_Atom]) -> list[list[_Atom]]:
        groups: list[list[_Atom]] = []
        glue_next = False
        for atom in atoms:
            text = self.text[atom.start : atom.end]
            closes = text.isspace() or text[:1] in NO_LINE_START
            if groups and (glue_next or closes):
                groups[-1].append(atom)
            else:
                groups.append([atom])
            glue_next = text[-1:] in NO_LINE_END
        return groups

    def _refine(self, atom: _Atom) -> list[_Atom]:
        """The atom cut one level finer: a token into its written words, anything into characters."""
        if atom.end - atom.start <= 1:
            return [atom]
        syllables = atom.syllables
        if atom.level == 0 and atom.label and len(syllables) == atom.end - atom.start:
            words: list[list[int]] = [[]]
            for k, s in enumerate(syllables):
                words[-1].append(k)
                if s.endswith(" ") and k < len(syllables) - 1:
                    words.append([])
            if len(words) > 1:
                return [self._atom(atom, ks[0], ks[-1] + 1, 1) for ks in words]
        return [self._atom(atom, k, k + 1, 2) for k in range(atom.end - atom.start)]

    def _atom(self, atom: _Atom, a: int, b: int, level: int) -> _Atom:
        syllables = atom.syllables[a:b] if len(atom.syllables) == atom.end - atom.start else ()
        start, end = atom.start + a, atom.start + b
        label = _label(syllables, self.joiner).rstrip(" ") if atom.label else ""
        return _Atom(atom.token, start, end, cell_len(self.text[start:end]), label, syllables, level)

    def _put_breaking(self, atom: _Atom) -> None:
        """One character that may not fit: the line breaks before it, whatever the rules prefer."""
        if self.placed and self.extent([atom]) > self.width:
            # A closing mark takes the characters before it along, back to one that may
            # start a line.
            carried: list[_Atom] = []
            if self.text[atom.start] in NO_LINE_START:
                while len(self.placed) > 1:
                    carried.insert(0, self.placed.pop()[0])
                    if self.text[carried[0].start] not in NO_LINE_START:
                        break
                if self.extent([*carried, atom], empty=True) > self.width:  # the width is the harder rule
                    self.placed += [(c, 0) for c in carried]
                    carried = []
                self._replay()
            self.flush()
            for c in carried:
                self.put(c)
        self.put(atom)

    def _replay(self) -> None:
        """Place the current line's atoms again (after some were taken off its end)."""
        atoms = [a for a, _ in self.placed]
        self.placed, self.tx, self.px = [], 0, 0
        for a in atoms:
            self.put(a)


def layout(
    text: str,
    spans: Sequence[tuple[int, int]],
    width: int,
    pinyin: Sequence[Sequence[str]] | None = None,
    joiner: str = "",
    gaps: bool = False,
    preformatted: Sequence[tuple[int, int]] = (),
) -> list[Line]:
    """Lay out tokens (`spans` into `text`) in lines of at most `width` cells.

    With `pinyin` (rendered syllables per token, one per character), each token is as
    wide as the wider of its characters and its pinyin, plus one cell between words
    that carry pinyin. A word's syllables are joined with `joiner` (marks run
    together; numbers and zhuyin read better spaced).

    With `gaps`, one empty line follows each paragraph, however many blank lines the
    text has between them (paragraphs read apart; offsets are untouched). Inside the
    `preformatted` (start, end) spans (code), lines follow each other with no gap and keep
    their leading spaces.
    """
    width = max(width, 4)
    texts = [text[s:e] for s, e in spans]
    filler = _Filler(text, width, joiner)
    code = sorted(preformatted)
    for unit in _units(texts):
        at = spans[unit[0]][0]
        filler.pre = _inside(code, at)
        if texts[unit[0]] == "\n":
            if not gaps or filler.pre:
                filler.flush(at)
            elif filler.placed:
                filler.flush()
                filler.flush(at)  # the gap
            continue
        atoms = []
        for i in unit:
            s, e = spans[i]
            syllables = tuple(pinyin[i]) if pinyin is not None else ()
            label = _label(syllables, joiner) if syllables else ""
            atoms.append(_Atom(i, s, e, cell_len(texts[i]), label, syllables, 0))
        filler.fill(atoms)
    filler.flush()
    return filler.lines


def _inside(spans: Sequence[tuple[int, int]], at: int) -> bool:
    """`at` lies in one of the sorted (start, end) spans."""
    k = bisect_right(spans, at, key=lambda span: span[0]) - 1
    return k >= 0 and at < spans[k][1]


def label_runs(label: str, syllables: Sequence[str]) -> list[tuple[str, int]]:
    """`label` cut into what each syllable wrote of it: (text, index into `syllables`).

    A label is its syllables run together (trailing spaces cut), so each run can take
    its own syllable's tone colour.
    """
    runs: list[tuple[str, int]] = []
    position = 0
    for k, s in enumerate(syllables):
        if not s or position >= len(label):
            continue
        run = label[position : position + len(s)]
        runs.append((run, k))
        position += len(run)
    if position < len(label):
        runs.append((label[position:], runs[-1][1] if runs else 0))
    return runs


def plain_rows(text: str, line: Line) -> tuple[str, str]:
    """A laid-out line as two plain strings: the pinyin row and the text row."""
    top = bottom = ""
    for p in line.pieces:
        if p.pinyin:
            top += " " * (p.x - cell_len(top)) + p.pinyin
        bottom += " " * (p.x - cell_len(bottom)) + text[p.start : p.end]
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
        lines += _shifted(before, position)
        last = _first_token(spans, table.end, first)
        lines += _table_lines(text, spans, width, pinyin, table, joiner, first, last)
        if gaps:
            lines.append(Line((), table.end, table.end))
        position = last
    rest = layout(text, spans[position:], width, _part(pinyin, position, len(spans)), joiner, gaps, preformatted)
    lines += _shifted(rest, position)
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


# --- block by block ----------------------------------------------------------------------------

# Tokens per block, at least: then on to the end of the paragraph (a block always ends after a
# line break, where the greedy layout starts afresh, so blocks laid out apart give the lines of
# the whole). A block with pinyin costs ~6 ms to lay out (under load); a screen of 120x40 is
# two or three of them.
BLOCK_TOKENS = 512


@dataclass(frozen=True, slots=True)
class Block:
    lines: list[Line]
    of_token: array[int]  # the block's line where each of its tokens begins, -1 for none
    pieces: int
    # With the pinyin row on, the row of each line's text from the block's first row: a line
    # with words has its pinyin row above it, one without (a gap, a table's rule) has none.
    text_rows: array[int]

    @property
    def rows(self) -> int:
        """The block's screen rows with the pinyin row on."""
        return self.text_rows[-1] + 1 if self.text_rows else 0


class BlockCache:
    """Laid-out blocks of any number of `LazyLayout`s, the least recently used dropped past
    `max_pieces` pieces in all (a block's line count outlives its lines: dropping one moves
    no line)."""

    def __init__(self, max_pieces: int) -> None:
        self.max_pieces = max_pieces
        self.pieces = 0
        self._blocks: OrderedDict[tuple[int, int], Block] = OrderedDict()

    def __len__(self) -> int:
        return len(self._blocks)

    def get(self, key: tuple[int, int]) -> Block | None:
        block = self._blocks.get(key)
        if block is not None:
            self._blocks.move_to_end(key)
        return block

    def put(self, key: tuple[int, int], block: Block) -> None:
        old = self._blocks.pop(key, None)
        if old is not None:
            self.pieces -= old.pieces
        self._blocks[key] = block
        self.pieces += block.pieces
        while self.pieces > self.max_pieces and len(self._blocks) > 1:
            _, dropped = self._blocks.popitem(last=False)
            self.pieces -= dropped.pieces

    def drop(self, owner: int) -> None:
        """Forget every block of one layout."""
        for key in [k for k in self._blocks if k[0] == owner]:
            self.pieces -= self._blocks.pop(key).pieces


_owners = count()


class LazyLayout(Indexed[Line]):
    """The lines of `layout_document`, laid out block by block when first asked for.

    Blocks not laid out yet count as an estimate of their lines (from their characters and
    line breaks, scaled by what the laid-out blocks turned out to be), so the whole has a
    length at once; a block's count is exact once it has been laid out, and stays so after
    its lines are dropped from the cache. Lines are numbered in the current counts: laying
    out block k moves the lines after it, never those before it. The scale is learnt again
    only in `ensure` and `rescale` (it moves every estimated block): a line asked for is
    found in its block's lines or looked for again, never indexed past them.
    """

    def __init__(
        self,
        text: str,
        spans: Sequence[tuple[int, int]],
        width: int,
        pinyin: Callable[[int, int], Sequence[Sequence[str]]] | None = None,
        tables: Sequence[TableCells] = (),
        joiner: str = "",
        gaps: bool = False,
        cache: BlockCache | None = None,
        token_at: Callable[[int], int] | None = None,
        preformatted: Sequence[tuple[int, int]] = (),
    ) -> None:
        """`token_at`: the token holding a text offset, if the caller has a faster way than
        a bisect over `spans`; `preformatted`: the code blocks' (start, end), as `layout` takes them."""
        self.text = text
        self.spans = spans
        self.width = max(width, 4)
        self.pinyin = pinyin
        self.tables = tuple(sorted(tables, key=lambda t: t.start))
        self.joiner = joiner
        self.gaps = gaps
        self.preformatted = tuple(sorted(preformatted))
        self.cache = cache if cache is not None else BlockCache(1 << 62)
        self.owner = next(_owners)
        self.firsts = _block_firsts(
            text, spans, self.tables, token_at or partial(_token_at, spans)
        )  # block k: tokens firsts[k]..firsts[k+1]
        blocks = len(self.firsts) - 1
        self.counts = array("i", [-1]) * blocks  # exact line counts, -1 where not laid out yet
        self._rough = self._rough_counts()
        self._scale = 1.0  # lines laid out per line estimated, as of the last `rescale`
        self.generation = 0  # counts changed: every line number after a changed block moved
        self._starts: list[int] | None = None  # the first line of each block, and the total
        # Rows of each block with the pinyin row on (-1 where not laid out yet), and their starts.
        self.row_counts = array("i", [-1]) * blocks
        self._row_starts_: list[int] | None = None

    # --- counts ------------------------------------------------------------------------

    def _offsets(self, k: int) -> tuple[int, int]:
        a, b = self.firsts[k], self.firsts[k + 1]
        if a >= b:
            return 0, 0
        return self.spans[a][0], self.spans[b - 1][1]

    def _rough_counts(self) -> list[float]:
        # Han is two cells a character, and with pinyin about three; every line break ends a
        # line. Latin text comes out shorter: the scale learnt from laid-out blocks mends it.
        cells = 3.0 if self.pinyin is not None else 2.0
        rough = []
        for k in range(len(self.counts)):
            start, end = self._offsets(k)
            breaks = self.text.count("\n", start, end)
            rough.append(max(1.0, (end - start - breaks) * cells / self.width + breaks))
        return rough

    def rescale(self) -> None:
        """Learn the estimates' scale again from the blocks laid out. It moves the lines of
        every block after the first estimated one: callers keep their place (the cursor) by
        its token, not by a line number from before."""
        known = [(c, r) for c, r in zip(self.counts, self._rough, strict=True) if c >= 0]
        scale = sum(c for c, _ in known) / sum(r for _, r in known) if known else 1.0
        if scale != self._scale:
            self._scale = scale
            self._moved()

    def _moved(self) -> None:
        self._starts = None
        self._row_starts_ = None
        self.generation += 1

    def _line_starts(self) -> list[int]:
        if self._starts is None:
            scale = self._scale
            sizes = [c if c >= 0 else max(1, round(r * scale)) for c, r in zip(self.counts, self._rough, strict=True)]
            self._starts = [0, *accumulate(sizes)]
        return self._starts

    @property
    def exact(self) -> bool:
        """Every block's line count is known: the length is the whole layout's."""
        return all(c >= 0 for c in self.counts)

    def block_of_token(self, token: int) -> int:
        return max(0, min(len(self.counts) - 1, bisect_right(self.firsts, token) - 1))

    def unknown(self, near: int) -> list[int]:
        """Blocks not counted yet, nearest to block `near` first."""
        return sorted((k for k, c in enumerate(self.counts) if c < 0), key=lambda k: abs(k - near))

    # --- laying out ----------------------------------------------------------------------

    def lay_out(self, k: int) -> Block:
        """Block k laid out, not kept (a pure function of the inputs)."""
        a, b = self.firsts[k], self.firsts[k + 1]
        start, end = self._offsets(k)
        pinyin = self.pinyin(a, b) if self.pinyin is not None else None
        tables = [t for t in self.tables if start <= t.start < end]
        code = [c for c in self.preformatted if c[0] < end and start < c[1]]
        lines = _shifted(
            layout_document(self.text, self.spans[a:b], self.width, pinyin, tables, self.joiner, self.gaps, code), a
        )
        of_token = array("i", [-1]) * (b - a)
        pieces = 0
        for n, line in enumerate(lines):
            pieces += len(line.pieces)
            for piece in line.pieces:
                if of_token[piece.token - a] < 0:
                    of_token[piece.token - a] = n
        text_rows = array("i")
        row = 0
        for line in lines:
            row += 1 if line.pieces else 0
            text_rows.append(row)
            row += 1
        return Block(lines, of_token, pieces, text_rows)

    def set_count(self, k: int, lines: int, rows: int = -1) -> None:
        """Block k has `lines` lines (and `rows` rows with the pinyin row on, when known)."""
        if self.counts[k] != lines or (rows >= 0 and self.row_counts[k] != rows):
            self.counts[k] = lines
            self.row_counts[k] = rows if rows >= 0 else -1
            self._moved()

    def block(self, k: int) -> Block:
        """Block k's lines, laid out now unless the cache holds them."""
        block = self.cache.get((self.owner, k))
        if block is None:
            block = self.lay_out(k)
            self.cache.put((self.owner, k), block)
        self.set_count(k, len(block.lines), block.rows)
        return block

    def laid(self, k: int) -> bool:
        return self.cache.get((self.owner, k)) is not None

    def ensure(self, token: int, before: int, after: int) -> None:
        """Lay out the block of `token` and enough blocks on either side for `before` lines
        above its line and `after` below it."""
        if not self.counts:
            return
        k = self.block_of_token(token)
        block = self.block(k)
        local = max(0, block.of_token[token - self.firsts[k]]) if token < self.firsts[k + 1] else 0
        above, j = local, k - 1
        while above < before and j >= 0:
            above += len(self.block(j).lines)
            j -= 1
        below, j = len(block.lines) - local - 1, k + 1
        while below < after and j < len(self.counts):
            below += len(self.block(j).lines)
            j += 1
        self.rescale()

    def ensure_lines(self, first: int, count: int, pinyin_rows: bool = False) -> None:
        """Lay out every block holding lines [first, first + count) (screen rows, with
        `pinyin_rows`), until the blocks that hold them are all laid out: a screen drawn
        after this indexes no estimate, and nothing it draws moves while it is drawn."""
        while self.counts:
            starts = self._row_starts() if pinyin_rows else self._line_starts()
            end = min(first + count, starts[-1])
            lo = max(0, bisect_right(starts, max(0, first)) - 1)
            hi = max(lo, bisect_left(starts, end) - 1)
            todo = [
                k
                for k in range(lo, min(hi, len(self.counts) - 1) + 1)
                if self.counts[k] < 0 or (pinyin_rows and self.row_counts[k] < 0)
            ]
            if not todo:
                return
            self.block(todo[0])  # the numbering after it may move: look again

    # --- as a sequence of lines ------------------------------------------------------------

    def __len__(self) -> int:
        return self._line_starts()[-1]

    def _item(self, n: int) -> Line:
        while n < len(self):
            starts = self._line_starts()
            k = bisect_right(starts, n) - 1
            block = self.block(k)  # may change its count: then n is looked for again
            local = n - self._line_starts()[k]
            if 0 <= local < len(block.lines):
                return block.lines[local]
        # The estimate of the last blocks was over: the line asked for is past the end now
        # (whoever asked redraws with the new length).
        return Line((), len(self.text), len(self.text))

    def __iter__(self) -> Iterator[Line]:
        for k in range(len(self.counts)):
            yield from self.block(k).lines

    # --- as screen rows with the pinyin row on ----------------------------------------------

    def _row_starts(self) -> list[int]:
        if self._row_starts_ is None:
            starts = self._line_starts()
            sizes = []
            for k in range(len(self.counts)):
                lines = starts[k + 1] - starts[k]
                # Not laid out yet: every line counted with a pinyin row (most have words).
                sizes.append(self.row_counts[k] if self.counts[k] >= 0 and self.row_counts[k] >= 0 else 2 * lines)
            self._row_starts_ = [0, *accumulate(sizes)]
        return self._row_starts_

    def rows(self) -> int:
        """Screen rows with the pinyin row on."""
        return self._row_starts()[-1]

    def text_row(self, n: int) -> int:
        """The screen row of line `n`'s text with the pinyin row on."""
        while 0 <= n < len(self):
            k = bisect_right(self._line_starts(), n) - 1
            block = self.block(k)  # may change the counts: then n is looked for again
            local = n - self._line_starts()[k]
            if 0 <= local < len(block.lines):
                return self._row_starts()[k] + block.text_rows[local]
        return max(0, self.rows() - 1) if n >= 0 else 0

    def row_at(self, y: int) -> tuple[int, bool]:
        """(line, whether it is the line's pinyin row) of screen row `y` with the pinyin row on."""
        while 0 <= y < self.rows():
            k = bisect_right(self._row_starts(), y) - 1
            block = self.block(k)  # may change the counts: then y is looked for again
            local = y - self._row_starts()[k]
            if 0 <= local < block.rows:
                j = bisect_left(block.text_rows, local)
                return self._line_starts()[k] + j, block.text_rows[j] != local
        raise IndexError(y)

    def line_of_token(self, token: int) -> int:
        """The line where `token` begins (-1 for a token drawn on none: a line break)."""
        if not self.counts:
            return -1
        k = self.block_of_token(token)
        local = self.block(k).of_token[token - self.firsts[k]]
        return self._line_starts()[k] + local if local >= 0 else -1

    def line_at(self, offset: int) -> int:
        """The last line starting at or before text offset `offset`."""
        if not self.counts:
            return 0
        starts = [self._offsets(k)[0] for k in range(len(self.counts))]
        k = max(0, bisect_right(starts, offset) - 1)
        block = self.block(k)
        local = max(0, bisect_right([line.start for line in block.lines], offset) - 1)
        return self._line_starts()[k] + local


def _token_at(spans: Sequence[tuple[int, int]], offset: int) -> int:
    return bisect_right(spans, offset, key=lambda span: span[0]) - 1


def _block_firsts(
    text: str, spans: Sequence[tuple[int, int]], tables: Sequence[TableCells], token_at: Callable[[int], int]
) -> list[int]:
    """The first token of each block, and the number of tokens: cuts after a line break
    token at least BLOCK_TOKENS apart, never inside a table."""
    total = len(spans)
    if not total:
        return [0]  # no blocks
    firsts = [0]
    while firsts[-1] + BLOCK_TOKENS < total:
        at = text.find("\n", spans[firsts[-1] + BLOCK_TOKENS][0])
        while at >= 0:
            inside = next((t for t in tables if t.start <= at < t.end), None)
            if inside is not None:
                at = text.find("\n", inside.end)
                continue
            token = token_at(at)
            if spans[token] == (at, at + 1):
                break
            at = text.find("\n", at + 1)  # a break inside a longer token: not where lines restart
        if at < 0:
            break
        if token + 1 >= total:
            break
        firsts.append(token + 1)
    firsts.append(total)
    return firsts
