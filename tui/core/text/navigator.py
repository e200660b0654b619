"""The word cursor's moves over a laid-out text: beside LazyLayout, as Textual keeps its
DocumentNavigator beside TextArea. The reader's keys each make one call here; the widget only
draws and scrolls. Offsets between the reading text and the file as written (the raw view)
are mapped by RawMap."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Container, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.core.text.indexed import Indexed
from tui.core.text.layout import Line
from tui.core.text.layout_lazy import LazyLayout

if TYPE_CHECKING:
    from tui.core.library.articles import Article
    from tui.core.text.tokens import Token


@dataclass(frozen=True)
class Row:
    line: int
    pinyin: bool


class Rows(Indexed[Row]):
    """Screen rows of the laid-out lines: with the pinyin row shown, one above each line that
    has words (a paragraph gap is one blank row either way, and a table's rules stay joined)."""

    def __init__(self, lines: LazyLayout, pinyin: bool) -> None:
        self.lines = lines
        self.pinyin = pinyin

    def __len__(self) -> int:
        return self.lines.rows() if self.pinyin else len(self.lines)

    def _item(self, y: int) -> Row:
        if not self.pinyin:
            return Row(y, False)
        try:
            return Row(*self.lines.row_at(y))
        except IndexError:  # the blocks laid out to find it ended above it
            return Row(len(self.lines), False)


class RawMap:
    """Offsets between the reading text and the raw text (the file as written), by paragraph."""

    def __init__(self, article: Article) -> None:
        from tui.core.text.cleaning import raw_starts

        lines = article.paragraphs
        self.starts = [a for a, _ in lines]
        self.ends = [b for _, b in lines]
        self.raws = list(raw_starts(article.raw, article.cleaned))

    def to_raw(self, offset: int) -> int:
        """The raw text's offset of a reading text's offset (-1 where it has none)."""
        k = bisect_right(self.starts, offset) - 1
        if k < 0 or self.raws[k] < 0:
            return -1
        return self.raws[k] + min(offset, self.ends[k]) - self.starts[k]

    def from_raw(self, raw_offset: int) -> int | None:
        """The reading text's offset of a raw one, or None on what cleaning left out."""
        starts, ends, raws = self.starts, self.ends, self.raws
        for k in range(bisect_right(raws, raw_offset) - 1, -1, -1):
            if raws[k] >= 0:
                return starts[k] + raw_offset - raws[k] if raw_offset < raws[k] + ends[k] - starts[k] else None
        return None


class Navigator:
    """Where the cursor goes over one layout: the words (indices into `words`, the tokens the
    cursor stops on), the lines and screen rows of a token, and the word a line or page away.
    With `raw`, the layout is of the raw text and the cursor is the reading token mapped onto it."""

    def __init__(
        self,
        lines: LazyLayout,
        tokens: Sequence[Token],
        words: Sequence[int],
        word_set: Container[int],
        raw: RawMap | None = None,
        pinyin_rows: bool = False,
    ) -> None:
        self.lines = lines
        self.tokens = tokens
        self.words = words
        self.word_set = word_set
        self.raw = raw
        self.pinyin_rows = pinyin_rows and raw is None
        self.rows = Rows(lines, self.pinyin_rows)

    # --- words -------------------------------------------------------------------------------

    def word(self, cursor: int, delta: int) -> int:
        """The word `delta` words from `cursor`, within the text."""
        return max(0, min(len(self.words) - 1, cursor + delta))

    def edge(self, end: int) -> int:
        """The first word, or with `end` the last."""
        return len(self.words) - 1 if end else 0

    def token(self, cursor: int) -> int:
        return self.words[cursor] if self.words else 0

    # --- lines and rows ----------------------------------------------------------------------

    def line(self, n: int) -> Line:
        """Line `n`, or an empty one past the end: laying out a block to find a line may
        make the whole shorter than when `n` was counted."""
        lines = self.lines
        return lines[n] if 0 <= n < len(lines) else Line((), len(lines.text), len(lines.text))

    def line_of_token(self, token: int) -> int:
        return max(0, self.lines.line_of_token(token)) if token < len(self.lines.spans) else 0

    def lines_of_token(self, token: int) -> range:
        """The lines a token is drawn on: more than one when a long word is cut."""
        first = last = self.line_of_token(token)
        while (following := self.line(last + 1).pieces[:1]) and following[0].token == token:
            last += 1
        return range(first, last + 1)

    def row_of_line(self, line: int) -> int:
        """The screen row of a line's text."""
        return self.lines.text_row(line) if self.pinyin_rows else line

    def rows_of_line(self, line: int) -> tuple[int, int]:
        """The first and last screen row of a line: its pinyin row, when shown, and its text."""
        row = self.row_of_line(line)
        top = row - 1 if row > 0 and self.rows[row - 1].pinyin else row  # a pinyin row comes before its text
        return top, row

    def shown_line(self, index: int) -> tuple[Line, bool] | None:
        """The line at screen row `index` and whether it is its pinyin row; None past the end."""
        if not 0 <= index < len(self.rows):
            return None
        row = self.rows[index]
        if not 0 <= row.line < len(self.lines):
            return None
        return self.line(row.line), row.pinyin

    # --- the cursor on the layout ------------------------------------------------------------

    def raw_span(self, token: int) -> tuple[int, int]:
        """The raw text's span of `token` ((-1, -1) where it has none)."""
        if self.raw is None or not self.words:
            return (-1, -1)
        tok = self.tokens[token]
        at = self.raw.to_raw(tok.start)
        return (at, at + tok.end - tok.start) if at >= 0 else (-1, -1)

    def anchor(self, token: int) -> int:
        """Where `token` is in the layout's own units: the token, or its raw offset."""
        return max(0, self.raw_span(token)[0]) if self.raw is not None else token

    def cursor_line(self, token: int) -> int:
        if self.raw is not None:
            return self.lines.line_at(self.anchor(token))
        return self.line_of_token(token)

    def cursor_rows(self, token: int) -> tuple[int, int]:
        """The first and last screen row of the cursor on `token`."""
        return self.rows_of_line(self.cursor_line(token))

    def page(self, height: int) -> tuple[int, int]:
        """A page of a screen `height` rows high: (lines, rows), one line kept from the last."""
        per_line = 2 if self.pinyin_rows else 1
        lines = max(1, height // per_line - 1)
        return lines, lines * per_line

    def lines_away(self, token: int, delta: int) -> int | None:
        """The reading offset of the word `delta` lines (with words) from `token`, nearest its
        column; None when there is none."""
        if not self.lines:
            return None
        if self.raw is not None:
            return self._raw_lines_away(token, delta)
        start = self.tokens[token].start
        n = self.line_of_token(token)
        x = next((p.x for p in self.line(n).pieces if p.start <= start < p.end), 0)
        target = n
        step = 1 if delta > 0 else -1
        remaining = abs(delta)
        while remaining and 0 <= target + step < len(self.lines):
            target += step
            if self.line(target).pieces:
                remaining -= 1
        pieces = [p for p in self.line(target).pieces if p.token in self.word_set]
        if not pieces:
            return None
        return min(pieces, key=lambda p: abs(p.x - x)).start

    def _raw_lines_away(self, token: int, delta: int) -> int | None:
        raw = self.raw
        start = self.raw_span(token)[0]
        if raw is None or start < 0:
            return None
        n = self.lines.line_at(start)
        x = next((p.x for p in self.line(n).pieces if p.start == start), 0)
        step = 1 if delta > 0 else -1
        remaining, target = abs(delta), n
        best: int | None = None
        here = self.tokens[token]
        while remaining and 0 <= target + step < len(self.lines):
            target += step
            # Lines cleaning left out (a site's navigation) hold no word: they are passed over.
            # So are the characters of the word the cursor is on, when it runs on to this line.
            pieces = [
                (p, o)
                for p in self.line(target).pieces
                if (o := raw.from_raw(p.start)) is not None and not here.start <= o < here.end
            ]
            if pieces:
                remaining -= 1
                best = min(pieces, key=lambda po: abs(po[0].x - x))[1]
        return best
