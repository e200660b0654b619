"""The article: our own widget, breaking Chinese lines ourselves and drawing only visible lines."""

from __future__ import annotations

import asyncio
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual import events, work
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.core.reading import Reading
from tui.core.study.reading_state import Change, ReadingState
from tui.core.text.analysis import TokenSpans, token_spans
from tui.core.text.indexed import Indexed
from tui.core.text.inert import inert
from tui.core.text.layout import BlockCache, LazyLayout, Line, Piece, TableCells, label_runs
from tui.core.text.tokens import HAN

if TYPE_CHECKING:
    from tui.core.library.articles import Article

TONE_COLOURS = {"1": "#e06c75", "2": "#e5c07b", "3": "#98c379", "4": "#61afef", "5": "#abb2bf"}
CURSOR = Style(reverse=True, bold=True)
GLOSSARY = Style(underline=True, color="#56b6c2")
FOUND = Style(bgcolor="#5c4a00")
PINYIN = Style(color="#8a93a3")
RULE = Style(color="#5c6370")
BOOKMARK = Style(bgcolor="#45305a")
NO_STYLE = Style()
BOLD = Style(bold=True)
# The title and top sections bold and coloured, deeper ones bold: headings read as headings.
HEADINGS = {0: Style(bold=True, color="#e5c07b"), 1: Style(bold=True, color="#e5c07b")}
SUBHEADING = Style(bold=True, color="#dcdfe4")
# A document's code: drawn as it is, never tinted or underlined as words.
CODE = Style(color="#98c379")
# Learning words stand out, new ones are a shade off, known and ignored ones are plain.
STATUS_STYLES = {"learning": Style(bgcolor="#3b4261", bold=True), "new": Style(color="#b4c2f0")}


@dataclass(frozen=True)
class Row:
    line: int
    pinyin: bool


LAYOUTS_KEPT = 6  # layouts kept per (width, script, pinyin, raw, spoken tones): toggling back is instant
# Laid-out blocks kept, over all those layouts: a piece costs about 200 bytes with its share of
# its line (tests/core/text/test_lazy_layout.py), so this is ~20 MB, where the whole of a 4 MB
# text is ~840k pieces. A screen of 120x40 is ~1,000 pieces and about three screens are laid
# out around the cursor: dozens of places and toggles stay laid out.
PIECES_KEPT = 100_000


COUNT_PAUSE = 0.004  # seconds between blocks counted in the background (one is ~6 ms)

LayoutKey = tuple[int, str, bool, bool, bool]  # (width, view, pinyin row, raw, spoken tones)


class _Rows(Indexed[Row]):
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


class _TokenLines(Indexed[int]):
    """The line where each token begins (-1 for none), from the lines laid out."""

    def __init__(self, lines: LazyLayout) -> None:
        self.lines = lines

    def __len__(self) -> int:
        return len(self.lines.spans)

    def _item(self, token: int) -> int:
        return self.lines.line_of_token(token)


_NO_LINES = LazyLayout("", [], 10)


async def _between_blocks() -> None:
    await asyncio.sleep(COUNT_PAUSE)


def _same(offset: int) -> int:
    return offset  # one token per character


class ArticleView(ScrollView, can_focus=True):
    """Shows a Reading in one view (script, pinyin, raw) with a word cursor.

    Statuses and bookmarks come from the reading state, which it observes; moving the cursor
    sets the state's position, which the other panes observe in the same call."""

    view = reactive("original")
    show_pinyin = reactive(False)
    sandhi = reactive(False)  # spoken tones in the pinyin row
    tone_colours = reactive(False)
    raw = reactive(False)
    show_status = reactive(True)
    text_width = reactive(0)  # columns of text at most, centred; 0: the whole width
    cursor = reactive(0, repaint=False)  # index into reading.words; watch_cursor repaints

    def __init__(
        self, reading: Reading, state: ReadingState, tables: tuple[TableCells, ...] = (), *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.reading = reading
        self.state = state
        self.tables = tables
        # Laid out by blocks when first shown (tui/core/text/layout.py LazyLayout): the lines
        # near the screen, not the whole text; a worker counts the other blocks' lines.
        self._lines: LazyLayout = _NO_LINES
        self._line_of_token: Sequence[int] = _TokenLines(_NO_LINES)  # the line where each token begins
        self._rows: Sequence[Row] = _Rows(_NO_LINES, False)
        self._layout_key: LayoutKey | None = None
        self._screen_key: tuple[int, int, int, int] | None = None  # what _lay_out_screen last saw
        self._margin = 0  # blank columns left of the text (a text width narrower than the view)
        self._place_at: float | None = None  # where a jump put the cursor on the screen (a share of it)
        self._shown: dict[tuple[bool, str], str] = {}  # (raw, view) -> the text made inert
        self._layouts: OrderedDict[LayoutKey, LazyLayout] = OrderedDict()
        self._blocks = BlockCache(PIECES_KEPT)
        # Per-offset flags, so drawing a piece is a lookup, not a scan of every span.
        self._in_glossary = _mask(len(reading.article.text), reading.glossary_spans())
        self._hits: list[tuple[int, int]] = []
        self._bookmarks: set[int] = set(state.bookmarks)
        self._in_hit = bytearray(len(reading.article.text))
        self._headings: list[tuple[int, int, int]] = []
        self._raw_map: tuple[list[int], list[int], list[int]] | None = None  # line starts, ends, raw starts
        self._heading = bytearray(len(reading.article.text))  # heading level + 1 per offset, 0 in body text
        self._code = _code_mask(reading.article)

    @property
    def headings(self) -> list[tuple[int, int, int]]:
        return self._headings

    @headings.setter
    def headings(self, spans: list[tuple[int, int, int]]) -> None:
        """(start, end, level) of the heading lines, from the outline."""
        self._headings = spans
        self._heading = bytearray(len(self.reading.article.text))
        for start, end, level in spans:
            self._heading[start:end] = bytes([min(level, 254) + 1]) * (end - start)
        self.refresh()

    def on_mount(self) -> None:
        self.state.observe(self._state_changed)

    def on_unmount(self) -> None:
        self.state.forget(self._state_changed)

    def _state_changed(self, change: Change) -> None:
        if change.what == "bookmarks":
            self._bookmarks = set(self.state.bookmarks)
            self.refresh()
        elif change.what == "statuses":
            self.refresh()

    @property
    def statuses(self) -> Mapping[str, str]:
        """Simplified word -> new / learning / known / ignored: the reading state's."""
        return self.state.statuses

    @property
    def hits(self) -> list[tuple[int, int]]:
        return self._hits

    @hits.setter
    def hits(self, spans: list[tuple[int, int]]) -> None:
        self._hits = spans
        self._in_hit = _mask(len(self.reading.article.text), spans)
        self.refresh()

    @property
    def bookmarks(self) -> list[int]:
        return sorted(self._bookmarks)

    # --- layout ---------------------------------------------------------------------------

    @property
    def text(self) -> str:
        """The text on screen: control characters shown as pictures, one for one, so every
        offset still maps to the article (an ESC in a file never reaches the terminal)."""
        return self._inert(bool(self.raw), self.view)

    def _inert(self, raw: bool, view: str) -> str:
        key = (raw, view)
        shown = self._shown.get(key)
        if shown is None:
            shown = self._shown[key] = inert(self.reading.article.raw if raw else self.reading.views[view])
        return shown

    def set_reading(self, reading: Reading, tables: tuple[TableCells, ...] | None = None) -> None:
        """Show another analysis of the same text (words after characters), keeping the
        cursor on the same character and at the same row of the screen."""
        offset = self.reading.analysis.tokens[self.cursor_token].start if self.reading.words else 0
        screen_row = self.row_of_line(self.line_of_token(self.cursor_token)) - int(self.scroll_offset.y)
        if not 0 <= screen_row < self.scrollable_content_region.height:
            screen_row = self.scrollable_content_region.height // 3  # not on screen yet (not sized)
        self.reading = reading
        self._shown = {}
        if tables is not None:
            self.tables = tables
        self._in_glossary = _mask(len(reading.article.text), reading.glossary_spans())
        self._raw_map = None
        self._forget_layouts()
        self.set_reactive(ArticleView.cursor, reading.word_at(offset))
        self._relayout()
        row = self.row_of_line(self.line_of_token(self.cursor_token))
        self.scroll_to(y=max(0, row - screen_row), animate=False, immediate=True)
        self.refresh()
        self._tell_position()

    def set_tables(self, tables: tuple[TableCells, ...]) -> None:
        self.tables = tables
        self._forget_layouts()
        self._relayout()
        self.refresh()

    def _forget_layouts(self) -> None:
        self._layouts.clear()
        self._blocks = BlockCache(PIECES_KEPT)
        self._layout_key = None

    def _relayout(self) -> None:
        # The scrollbar's columns are kept free whether or not it shows yet, so the text is
        # broken once per width (breaking 001 costs ~50 ms), not again when the bar appears.
        free = self.content_region.width - self.styles.scrollbar_size_vertical
        if free <= 0:
            return  # not laid out by Textual yet
        full = max(free - 1, 10)
        width = min(full, max(10, self.text_width)) if self.text_width else full
        self._margin = (full - width) // 2  # centred in a wide terminal
        key = (width, self.view, self.show_pinyin, self.raw, self.sandhi)
        if key == self._layout_key:
            return
        lines = self._layouts.get(key)
        if lines is not None:
            self._layouts.move_to_end(key)
        else:
            lines = self._layouts[key] = self._new_layout(key)
            while len(self._layouts) > LAYOUTS_KEPT:
                _, dropped = self._layouts.popitem(last=False)
                self._blocks.drop(dropped.owner)
        self._layout_key = key
        self._lines, self._line_of_token = lines, _TokenLines(lines)
        self._rows = _Rows(lines, self.show_pinyin and not self.raw)
        # Around the cursor now; the other blocks' lines counted in a worker, so the
        # scrollbar comes right without the whole text laid out at once.
        self._lay_out_around_cursor(anchor=False)
        if not lines.exact:
            self.call_after_refresh(self._count_lines, key, lines)  # the frame first

    def _new_layout(self, key: LayoutKey) -> LazyLayout:
        width, view, show_pinyin, raw, sandhi = key
        if raw:
            text = self._inert(True, view)
            return LazyLayout(text, TokenSpans(None, 0, len(text)), width, cache=self._blocks, token_at=_same)
        reading = self.reading
        pinyin = None
        if show_pinyin:

            def pinyin(first: int, last: int) -> list[list[str]]:
                return [reading.pinyin_written(i, sandhi=sandhi) for i in range(first, last)]

        spans = token_spans(reading.analysis.tokens)
        shown = self._inert(False, view)
        code = [(b.start, b.end) for b in reading.article.cleaned.blocks if b.kind == "code"]
        return LazyLayout(
            shown,
            spans,
            width,
            pinyin,
            self.tables,
            gaps=True,
            cache=self._blocks,
            token_at=reading.token_at,
            preformatted=code,
        )

    def _sync_size(self) -> None:
        if self._layout_key is not None and self.virtual_size.height != len(self._rows):
            self.virtual_size = Size(self._layout_key[0], len(self._rows))

    def _lay_out_around_cursor(self, extra: int = 0, anchor: bool = True) -> None:
        """The blocks around the cursor laid out, a screen (and `extra` lines) either side;
        the cursor keeps its place on the screen when blocks above it changed their count."""
        lines = self._lines
        if not len(lines.spans):
            self._sync_size()
            return
        if self.raw:
            start = self._raw_cursor()[0]
            token = max(0, start)
            before = self.rows_of_line(lines.line_at(token))[0]
        else:
            token = self.cursor_token
            before = self.rows_of_line(max(0, lines.line_of_token(token)))[0]
        per_line = 2 if self.show_pinyin and not self.raw else 1
        screen = max(5, self.scrollable_content_region.height) // per_line + 1 + extra
        lines.ensure(token, screen, screen)
        after = self.rows_of_line(lines.line_at(token) if self.raw else max(0, lines.line_of_token(token)))[0]
        self._sync_size()
        if anchor and after != before:
            self.scroll_to(y=max(0, int(self.scroll_offset.y) + after - before), animate=False, immediate=True)

    @work(exclusive=True, group="layout")
    async def _count_lines(self, key: LayoutKey, lines: LazyLayout) -> None:
        """Every block's lines counted, nearest the cursor first, a block at a time between
        keys (on the UI's own loop: a thread would take the GIL from it for seconds). A pause
        after each block lets a key's handling and its frame through (a frame takes several
        turns of the loop, and a turn runs a block). The counts come in at once at the end,
        with the cursor kept where it is on the screen."""
        counts: dict[int, tuple[int, int]] = {}
        here = max(0, self._raw_cursor()[0]) if self.raw else self.cursor_token
        for k in lines.unknown(lines.block_of_token(here)):
            if lines.counts[k] < 0:  # not laid out around the cursor meanwhile
                block = lines.lay_out(k)
                counts[k] = (len(block.lines), block.rows)
                await _between_blocks()
        if self._layouts.get(key) is not lines:
            return  # another text or tables came meanwhile
        height = self.scrollable_content_region.height
        screen_row = self._cursor_row() - int(self.scroll_offset.y) if key == self._layout_key else 0
        for k, (n, rows) in counts.items():
            lines.set_count(k, n, rows)
        if key != self._layout_key:
            return
        self._sync_size()
        if not 0 <= screen_row < height:
            screen_row = height // 3  # the cursor was not on screen: it is now
        y = max(0, self._cursor_row() - screen_row)
        if y != int(self.scroll_offset.y):
            self.scroll_to(y=y, animate=False, immediate=True)
        self.refresh()
        freeze = getattr(self.screen, "freeze_heap", None)  # a large layout: out of the collector's sight
        if freeze is not None:
            freeze()

    def _cursor_row(self) -> int:
        if self.raw:
            return self.rows_of_line(self._lines.line_at(max(0, self._raw_cursor()[0])))[0]
        return self.rows_of_line(self.line_of_token(self.cursor_token))[0]

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()  # a no-op unless the width changed
        self.scroll_to_cursor(animate=False, at=self._place_at)

    def watch_view(self) -> None:
        self._changed()

    def watch_show_pinyin(self) -> None:
        self._changed()

    def watch_raw(self) -> None:
        self._changed()

    def watch_sandhi(self) -> None:
        self._changed()

    def watch_text_width(self) -> None:
        self._changed()

    def watch_tone_colours(self) -> None:
        self.refresh()

    def _changed(self) -> None:
        self._relayout()
        self.refresh()
        self.scroll_to_cursor(animate=False)

    # --- the raw view: the file as written, with the reading text's cursor on it -----------

    def _raw_lines(self) -> tuple[list[int], list[int], list[int]]:
        if self._raw_map is None:
            from tui.core.text.cleaning import raw_starts

            article = self.reading.article
            lines = article.paragraphs
            self._raw_map = (
                [a for a, _ in lines],
                [b for _, b in lines],
                list(raw_starts(article.raw, article.cleaned)),
            )
        return self._raw_map

    def to_raw(self, offset: int) -> int:
        """The raw text's offset of a reading text's offset (-1 where it has none)."""
        starts, ends, raws = self._raw_lines()
        k = bisect_right(starts, offset) - 1
        if k < 0 or raws[k] < 0:
            return -1
        return raws[k] + min(offset, ends[k]) - starts[k]

    def from_raw(self, raw_offset: int) -> int | None:
        """The reading text's offset of a raw one, or None on what cleaning left out."""
        starts, ends, raws = self._raw_lines()
        for k in range(bisect_right(raws, raw_offset) - 1, -1, -1):
            if raws[k] >= 0:
                return starts[k] + raw_offset - raws[k] if raw_offset < raws[k] + ends[k] - starts[k] else None
        return None

    def _raw_cursor(self) -> tuple[int, int]:
        if not self.reading.words:
            return (-1, -1)
        token = self.reading.analysis.tokens[self.cursor_token]
        at = self.to_raw(token.start)
        return (at, at + token.end - token.start) if at >= 0 else (-1, -1)

    def _raw_line(self, raw_offset: int) -> int:
        return self._lines.line_at(raw_offset)

    def _move_raw_lines(self, delta: int) -> None:
        start = self._raw_cursor()[0]
        if start < 0 or not self._lines:
            return
        n = self._raw_line(start)
        x = next((p.x for p in self._line(n).pieces if p.start == start), 0)
        step = 1 if delta > 0 else -1
        remaining, target = abs(delta), n
        best: int | None = None
        here = self.reading.analysis.tokens[self.cursor_token]
        while remaining and 0 <= target + step < len(self._lines):
            target += step
            # Lines cleaning left out (a site's navigation) hold no word: they are passed over.
            # So are the characters of the word the cursor is on, when it runs on to this line.
            pieces = [
                (p, o)
                for p in self._line(target).pieces
                if (o := self.from_raw(p.start)) is not None and not here.start <= o < here.end
            ]
            if pieces:
                remaining -= 1
                best = min(pieces, key=lambda po: abs(po[0].x - x))[1]
        if best is not None:
            self.move_to_offset(best)

    # --- cursor ----------------------------------------------------------------------------

    @property
    def cursor_token(self) -> int:
        words = self.reading.words
        return words[self.cursor] if words else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._place_at = None
        # Repaint only the lines the cursor leaves and enters: over SSH every byte counts.
        words = self.reading.words
        self._lay_out_around_cursor()
        before = int(self.scroll_offset.y)
        self.scroll_to_cursor()
        if int(self.scroll_offset.y) != before or not self._lines or self.raw or not words:
            self.refresh()
        else:
            for index in {old, new}:
                if 0 <= index < len(words):
                    self._refresh_token(words[index])
        self._tell_position()

    def _tell_position(self) -> None:
        # In this call, not by a message: the panes that show the position repaint before
        # the next frame, so a keypress is one frame.
        tokens = self.reading.analysis.tokens
        self.state.move_to(tokens[self.cursor_token].start if len(tokens) else 0)

    def _refresh_token(self, token: int) -> None:
        """Repaint the cells of one word (and its pinyin), not its lines: over SSH every byte counts."""
        y = int(self.scroll_offset.y)
        for line in self.lines_of_token(token):
            top, row = self.rows_of_line(line)
            for piece in self._line(line).pieces:
                if piece.token == token:
                    # A pinyin label may reach past its piece (over closing marks): all of it.
                    width = max(piece.width, cell_len(piece.pinyin or ""))
                    # A region ending inside a wide character would send half of it as a space.
                    self.refresh(Region(self._margin + piece.x, top - y, width, row - top + 1))

    def line_of_token(self, token: int) -> int:
        return max(0, self._line_of_token[token]) if token < len(self._line_of_token) else 0

    def lines_of_token(self, token: int) -> range:
        """The lines a token is drawn on: more than one when a long word is cut."""
        first = last = self.line_of_token(token)
        while (following := self._line(last + 1).pieces[:1]) and following[0].token == token:
            last += 1
        return range(first, last + 1)

    def row_of_line(self, line: int) -> int:
        """The screen row of a line's text."""
        return self._lines.text_row(line) if self.show_pinyin and not self.raw else line

    def rows_of_line(self, line: int) -> tuple[int, int]:
        """The first and last screen row of a line: its pinyin row, when shown, and its text."""
        row = self.row_of_line(line)
        top = row - 1 if row > 0 and self._rows[row - 1].pinyin else row  # a pinyin row comes before its text
        return top, row

    def scroll_to_cursor(self, animate: bool = False, at: float | None = None) -> None:
        """Bring the cursor's rows on screen, by the least scroll, or with `at` its top row
        that share of the way down the screen (find's hits: a third). At once, never after
        the next refresh: a scroll deferred from before a relayout would land on other rows."""
        if not self._lines:
            return
        if self.raw:
            start = self._raw_cursor()[0]
            top = row = self._raw_line(start) if start >= 0 else 0
        else:
            top, row = self.rows_of_line(self.line_of_token(self.cursor_token))
        y = int(self.scroll_offset.y)
        height = self.scrollable_content_region.height
        if at is not None:
            target = top - int(height * at)
        elif y <= top and row < y + height:
            return  # already in view: scrolling would repaint the scrollbar for nothing
        else:
            target = top if top < y else row - height + 1
        self._sync_size()
        self.scroll_to(y=max(0, target), animate=animate, immediate=True)

    def move_to_offset(self, offset: int, at: float | None = None) -> None:
        """The cursor on the word at `offset`; with `at`, that word's row that share of the
        way down the screen (a find's hit, an outline jump: a third)."""
        self.cursor = self.reading.word_at(offset)
        if at is not None:
            self._place_at = at  # kept until the cursor moves: a resize (the find box closing) places it again
            self.scroll_to_cursor(at=at)
            self.refresh()

    def move_lines(self, delta: int) -> None:
        if not self._lines:
            return
        if self.raw:
            self._move_raw_lines(delta)
            return
        self._lay_out_around_cursor(abs(delta))  # the lines walked over, laid out before counting them
        token = self.reading.analysis.tokens[self.cursor_token]
        n = self.line_of_token(self.cursor_token)
        x = next((p.x for p in self._line(n).pieces if p.start <= token.start < p.end), 0)
        target = n
        step = 1 if delta > 0 else -1
        remaining = abs(delta)
        while remaining and 0 <= target + step < len(self._lines):
            target += step
            if self._line(target).pieces:
                remaining -= 1
        pieces = [p for p in self._line(target).pieces if p.token in self.reading.word_set]
        if not pieces:
            return
        best = min(pieces, key=lambda p: abs(p.x - x))
        self.move_to_offset(best.start)

    # Scrolling keys move the word cursor instead; the view follows it.
    def _screen_action(self, name: str, *args: int) -> None:
        getattr(self.screen, f"action_{name}")(*args)

    def action_scroll_home(self) -> None:
        self._screen_action("edge", 0)

    def action_scroll_end(self) -> None:
        self._screen_action("edge", 1)

    def action_scroll_up(self) -> None:
        self._screen_action("line", -1)

    def action_scroll_down(self) -> None:
        self._screen_action("line", 1)

    def action_page_up(self) -> None:
        self._screen_action("page", -1)

    def action_page_down(self) -> None:
        self._screen_action("page", 1)

    # --- mouse -----------------------------------------------------------------------------

    def on_click(self, event: events.Click) -> None:
        shown = self._shown_line(event.y + int(self.scroll_offset.y))
        if shown is None:
            return
        x = event.x + int(self.scroll_offset.x) - self._margin
        for piece in shown[0].pieces:
            # A double-width character spans two cells: either half selects it.
            if piece.x <= x < piece.x + piece.width:
                offset = self.from_raw(piece.start) if self.raw else piece.start
                if offset is None:
                    return  # left out of the reading text: no word there
                self.move_to_offset(offset)
                self.focus()
                return

    def _status_style(self, token: int) -> Style:
        tok = self.reading.analysis.tokens[token]
        if tok.kind != HAN:
            return NO_STYLE
        status = self.statuses.get(self.reading.analysis.simplified[tok.start : tok.end], "new")
        return STATUS_STYLES.get(status, NO_STYLE)

    def watch_show_status(self) -> None:
        self.refresh()

    # --- drawing ---------------------------------------------------------------------------

    def _toned(self, piece: Piece, shown: str, style: Style, label: bool) -> list[Segment]:
        """`shown` (the piece's pinyin `label`, or its characters) coloured syllable by syllable."""
        token = self.reading.analysis.tokens[piece.token]
        a, b = piece.start - token.start, piece.end - token.start
        numbered = self.reading.analysis.pinyin[piece.token][a:b]
        if label:
            runs = label_runs(shown, self.reading.pinyin_written(piece.token)[a:b])
        else:
            runs = [(ch, k) for k, ch in enumerate(shown)]
        return [
            Segment(run, style + _tone_style(numbered[k]) if k < len(numbered) and numbered[k] else style)
            for run, k in runs
        ]

    def _lay_out_screen(self) -> None:
        """Every row on screen laid out before one is drawn: a row is never taken from an
        estimate, and laying out a block while the screen is drawn cannot move the rows
        already drawn (tui/core/text/layout.py LazyLayout.ensure_lines)."""
        lines = self._lines
        if lines.exact:
            return
        key = (lines.owner, lines.generation, int(self.scroll_offset.y), self.scrollable_content_region.height)
        if key == self._screen_key:
            return
        generation = lines.generation
        lines.ensure_lines(key[2], key[3], self.show_pinyin and not self.raw)
        self._screen_key = (lines.owner, lines.generation, key[2], key[3])
        if lines.generation != generation:
            self.call_later(self._screen_moved)

    def _screen_moved(self) -> None:
        self._sync_size()
        self.refresh()  # rows drawn before the blocks were laid out, if any, drawn again

    def _line(self, n: int) -> Line:
        """Line `n`, or an empty one past the end: laying out a block to find a line may
        make the whole shorter than when `n` was counted."""
        lines = self._lines
        return lines[n] if 0 <= n < len(lines) else Line((), len(lines.text), len(lines.text))

    def _shown_line(self, index: int) -> tuple[Line, bool] | None:
        """The line at screen row `index` of the whole view and whether it is its pinyin row;
        None past the end (an estimate that was over)."""
        if not 0 <= index < len(self._rows):
            return None
        row = self._rows[index]
        if not 0 <= row.line < len(self._lines):
            return None
        return self._line(row.line), row.pinyin

    def render_line(self, y: int) -> Strip:
        self._relayout()
        self._lay_out_screen()
        scroll_y = int(self.scroll_offset.y)
        index = y + scroll_y
        width = self.scrollable_content_region.width
        shown = self._shown_line(index)
        if shown is None:
            return Strip.blank(width, self.rich_style)
        line, pinyin_row = shown
        if pinyin_row and not line.pieces:
            return Strip.blank(width, self.rich_style)
        text = self.text
        cursor = -1 if self.raw else self.cursor_token
        raw_from, raw_to = self._raw_cursor() if self.raw else (-1, -1)
        segments: list[Segment] = []
        base = self.rich_style
        x = 0
        decor = list(line.decor)
        tones = self.tone_colours and not self.raw
        for piece in line.pieces:
            while decor and decor[0][0] < piece.x:
                x = _put(segments, x, decor.pop(0), base + RULE)
            if piece.x > x:
                segments.append(Segment(" " * (piece.x - x), base))
                x = piece.x
            end = piece.x + piece.width
            if pinyin_row:
                # A label may reach over the closing marks after its word (their pieces
                # draw no pinyin): draw it whole, then pad to the end of the piece.
                label = piece.pinyin
                if label and x == piece.x:
                    style = base + PINYIN + (BOLD if piece.token == cursor else NO_STYLE)
                    if tones:
                        segments += self._toned(piece, label, style, label=True)
                    else:
                        segments.append(Segment(label, style))
                    x += cell_len(label)
                if end > x:
                    segments.append(Segment(" " * (end - x), base))
                    x = end
                continue
            chars = text[piece.start : piece.end].replace("\t", " ")
            style = base
            if not self.raw and self._code[piece.start]:
                segments.append(Segment(chars, style + CODE + (CURSOR if piece.token == cursor else NO_STYLE)))
                x = piece.x + cell_len(chars)
                if end > x:
                    segments.append(Segment(" " * (end - x), base))
                    x = end
                continue
            if not self.raw and self._in_glossary[piece.start]:
                style += GLOSSARY
            if not self.raw and self._in_hit[piece.start]:
                style += FOUND
            if not self.raw and piece.start in self._bookmarks:
                style += BOOKMARK
            if self.show_status and not self.raw and piece.token != cursor:
                style += self._status_style(piece.token)
            if not self.raw and (level := self._heading[piece.start]):
                style += HEADINGS.get(level - 1, SUBHEADING)  # over the word colours: a heading reads as one
            if piece.token == cursor or raw_from <= piece.start < raw_to:
                style += CURSOR
            if tones and not self.show_pinyin:  # no pinyin row: the characters take the colours
                segments += self._toned(piece, chars, style, label=False)
            else:
                segments.append(Segment(chars, style))
            x = piece.x + cell_len(chars)
            if end > x:
                segments.append(Segment(" " * (end - x), base))
                x = end
        for item in decor:
            x = _put(segments, x, item, base + RULE)
        if self._margin:
            segments.insert(0, Segment(" " * self._margin, base))
        strip = Strip(segments).simplify()
        return strip.adjust_cell_length(width, base)


def _code_mask(article: Article) -> bytearray:
    """1 at each offset of a document's code blocks (`article.cleaned.blocks`), else 0."""
    mask = bytearray(len(article.text))
    if article.cleaned.blocks:
        for block in article.cleaned.blocks:
            if block.kind == "code":
                mask[block.start : block.end] = b"\x01" * (block.end - block.start)
    return mask


def _tone_style(syllable: str) -> Style:
    return Style(color=TONE_COLOURS.get(syllable[-1:], TONE_COLOURS["5"]))


def _put(segments: list[Segment], x: int, item: tuple[int, str], style: Style) -> int:
    """Draw a rule at its column after whatever is drawn up to `x`; returns the new x."""
    at, text = item
    if at > x:
        segments.append(Segment(" " * (at - x), style))
        x = at
    segments.append(Segment(text, style))
    return x + cell_len(text)


def _mask(length: int, spans: list[tuple[int, int]]) -> bytearray:
    mask = bytearray(length)
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask
