"""The layout block by block: `LazyLayout` lays out only the blocks asked for, and `BlockCache`
keeps the recently used ones of every open layout."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import dataclass
from functools import partial
from itertools import accumulate, count

from tui.core.lru import LRU
from tui.core.text.indexed import Indexed
from tui.core.text.layout import Line, shifted
from tui.core.text.layout_tables import TableCells, layout_document

# --- block by block ----------------------------------------------------------------------------

# Tokens per block, at least: then on to the end of the paragraph (a block always ends after a
# line break, where the greedy layout starts afresh, so blocks laid out apart give the lines of
# the whole). A block with pinyin costs ~6 ms to lay out (under load); a screen of 120x40 is
# two or three of them.
BLOCK_TOKENS = 512

# Line counts of layouts made before in this process, by what they were made of: a layout
# made again of the same (an article reopened, a toggle back after its layout was dropped)
# is exact at once, not counted block by block again. 8 bytes a block: 100k blocks is under
# 1 MB (a 4 MB text is ~1,500 blocks); the lines themselves are never kept here.
COUNTS_KEPT_BLOCKS = 100_000
_counted: LRU[Hashable, tuple[array[int], array[int]]] = LRU(
    weigh=lambda _, counts: len(counts[0]) or 1, max_weight=COUNTS_KEPT_BLOCKS
)


def forget_counted() -> None:
    """Forget the line counts kept (a new process's state, for tests)."""
    _counted.clear()


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
        self._blocks: LRU[tuple[int, int], Block] = LRU(weigh=lambda _, block: block.pieces, max_weight=max_pieces)

    @property
    def pieces(self) -> int:
        return self._blocks.weight

    def __len__(self) -> int:
        return len(self._blocks)

    def get(self, key: tuple[int, int]) -> Block | None:
        return self._blocks.get(key)

    def put(self, key: tuple[int, int], block: Block) -> None:
        self._blocks.put(key, block)

    def drop(self, owner: int) -> None:
        """Forget every block of one layout."""
        self._blocks.discard_where(lambda key: key[0] == owner)


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
        identity: Hashable | None = None,
    ) -> None:
        """`token_at`: the token holding a text offset, if the caller has a faster way than
        a bisect over `spans`; `preformatted`: the code blocks' (start, end), as `layout` takes them;
        `identity`: what `text`, `spans` and `pinyin` are made of (equal for equal ones), so that
        the line counts of an equal layout made before are taken, not counted again."""
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
        self._unknown = blocks  # blocks whose count is not known yet
        self._identity = identity
        if identity is not None:
            self._identity = (identity, self.width, pinyin is not None, self.tables, joiner, gaps, self.preformatted)
            known = _counted.get(self._identity)
            if known is not None and len(known[0]) == blocks:
                self.counts, self.row_counts = array("i", known[0]), array("i", known[1])
                self._unknown = 0

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
        return not self._unknown

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
        lines = shifted(
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
            if self.counts[k] < 0:
                self._unknown -= 1
            self.counts[k] = lines
            self.row_counts[k] = rows if rows >= 0 else -1
            self._moved()
            if not self._unknown and self._identity is not None:
                _counted.put(self._identity, (array("i", self.counts), array("i", self.row_counts)))

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
