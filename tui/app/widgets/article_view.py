"""The article: our own widget, breaking Chinese lines ourselves and drawing only visible lines."""

from __future__ import annotations

from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Mapping
from dataclasses import dataclass, field

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
from tui.core.text.inert import inert
from tui.core.text.layout import Line, Piece, TableCells, label_runs, layout, layout_document, layout_part
from tui.core.text.tokens import HAN

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
# Learning words stand out, new ones are a shade off, known and ignored ones are plain.
STATUS_STYLES = {"learning": Style(bgcolor="#3b4261", bold=True), "new": Style(color="#b4c2f0")}


@dataclass(frozen=True)
class Row:
    line: int
    pinyin: bool


# Past a few screens' worth of tokens the whole text is laid out in a worker; meanwhile the
# lines around the cursor are laid out at once, so text shows at once (laying out all of 001's
# 10k characters was a third of the time from Enter to text).
PART_MIN = 1_000
LAYOUTS_KEPT = 6  # laid-out texts kept per (width, script, pinyin, raw): toggling back is instant
# ...within a bound on pieces: a whole 4 MB layout is ~840k of them, ~130-200 MB, so one is
# kept there (and dropped before the next is made): its toggle back lays out around the
# cursor at once and the rest in a worker, as the first time.
PIECES_KEPT = 1_000_000


LayoutKey = tuple[int, str, bool, bool, bool]  # (width, view, pinyin row, raw, spoken tones)


@dataclass(frozen=True)
class Laid:
    lines: list[Line]
    line_of_token: list[int]
    rows: list[Row]
    partial: bool = False
    pieces: int = 0
    text_row: list[int] = field(default_factory=list)  # the screen row of each line's text


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
    cursor = reactive(0, repaint=False)  # index into reading.words; watch_cursor repaints

    def __init__(
        self, reading: Reading, state: ReadingState, tables: tuple[TableCells, ...] = (), *, id: str | None = None
    ) -> None:
        super().__init__(id=id)
        self.reading = reading
        self.state = state
        self.tables = tables
        self._lines: list[Line] = []
        self._line_of_token: list[int] = []  # the line where each token begins
        self._rows: list[Row] = []
        self._text_row: list[int] = []
        self._layout_key: LayoutKey | None = None
        self._shown: dict[tuple[bool, str], str] = {}  # (raw, view) -> the text made inert
        self._layouts: OrderedDict[LayoutKey, Laid] = OrderedDict()
        self._partial = False  # only the lines around the cursor are laid out yet
        # Per-offset flags, so drawing a piece is a lookup, not a scan of every span.
        self._in_glossary = _mask(len(reading.article.text), reading.glossary_spans())
        self._hits: list[tuple[int, int]] = []
        self._bookmarks: set[int] = set(state.bookmarks)
        self._in_hit = bytearray(len(reading.article.text))
        self._headings: list[tuple[int, int, int]] = []
        self._raw_map: tuple[list[int], list[int], list[int]] | None = None  # line starts, ends, raw starts
        self._heading = bytearray(len(reading.article.text))  # heading level + 1 per offset, 0 in body text

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
        self.reading = reading
        self._shown = {}
        if tables is not None:
            self.tables = tables
        self._in_glossary = _mask(len(reading.article.text), reading.glossary_spans())
        self._raw_map = None
        self._layouts.clear()
        self._layout_key = None
        self.set_reactive(ArticleView.cursor, reading.word_at(offset))
        self._relayout()
        row = self.row_of_line(self.line_of_token(self.cursor_token))
        self.scroll_to(y=max(0, row - screen_row), animate=False, immediate=True)
        self.refresh()
        self._tell_position()

    def set_tables(self, tables: tuple[TableCells, ...]) -> None:
        self.tables = tables
        self._layouts.clear()
        self._layout_key = None
        self._relayout()
        self.refresh()

    def _relayout(self) -> None:
        # The scrollbar's columns are kept free whether or not it shows yet, so the text is
        # broken once per width (breaking 001 costs ~50 ms), not again when the bar appears.
        free = self.content_region.width - self.styles.scrollbar_size_vertical
        if free <= 0:
            return  # not laid out by Textual yet
        width = max(free - 1, 10)
        key = (width, self.view, self.show_pinyin, self.raw, self.sandhi)
        if key == self._layout_key:
            return
        laid = self._layouts.get(key)
        if laid is not None:
            self._layouts.move_to_end(key)
        elif self.raw or len(self.reading.analysis.tokens) <= self._part_tokens():
            laid = self._lay_out(key, None)
            self._keep(key, laid)
        else:
            # Lay out what is around the cursor now and the whole in a worker; characters
            # before words arrive only around the cursor, as it goes: words come soon.
            laid = self._lay_out(key, self._part_around(self.cursor_token))
            if not self.reading.analysis.provisional:
                self._make_room(len(self.reading.analysis.tokens))
                self._lay_out_whole(key)
        self._install(key, laid)

    def _make_room(self, pieces: int) -> None:
        """Drop the oldest kept layouts until one of about `pieces` more fits the bound."""
        while self._layouts and sum(kept.pieces for kept in self._layouts.values()) + pieces > PIECES_KEPT:
            self._layouts.popitem(last=False)

    def _keep(self, key: LayoutKey, laid: Laid) -> None:
        self._layouts[key] = laid
        while len(self._layouts) > LAYOUTS_KEPT or (
            len(self._layouts) > 1 and sum(kept.pieces for kept in self._layouts.values()) > PIECES_KEPT
        ):
            self._layouts.popitem(last=False)

    def _install(self, key: LayoutKey, laid: Laid) -> None:
        self._layout_key = key
        self._partial = laid.partial
        self._lines, self._line_of_token, self._rows = laid.lines, laid.line_of_token, laid.rows
        self._text_row = laid.text_row
        self.virtual_size = Size(key[0], len(laid.rows))

    def _part_tokens(self) -> int:
        """Tokens in two screens of Chinese at this size (Latin fills rows twice as fast:
        still a screen)."""
        width = max(10, self.content_region.width)
        rows = max(5, self.content_region.height)
        if self.show_pinyin:
            rows = max(3, rows // 2)
        return max(PART_MIN, 2 * (width // 2) * rows)

    def _part_around(self, token: int) -> tuple[int, int]:
        """Tokens around `token`, from a line start: a few screens' worth."""
        text = self.reading.article.text
        tokens = self.reading.analysis.tokens
        part = self._part_tokens()
        # From a line start a little before the cursor, so the screen above it is filled too.
        back = max(0, tokens[token].start - part // 2)
        line_start = text.rfind("\n", 0, back) + 1 if back else 0
        first = self.reading.token_at(line_start)
        return first, min(len(tokens), max(first + part, token + part // 2))

    def _lay_out(self, key: LayoutKey, part: tuple[int, int] | None) -> Laid:
        """Lines, the line of each token and screen rows for `key`; pure, so a worker may run it."""
        width, view, show_pinyin, raw, sandhi = key
        reading = self.reading
        if raw:
            text = self._inert(True, str(view))
            lines = layout(text, TokenSpans(None, 0, len(text)), width)
        else:
            text = self._inert(False, str(view))
            tokens = reading.analysis.tokens
            spans = token_spans(tokens)
            first, last = part if part is not None else (0, len(tokens))
            pinyin: list[list[str]] | None = None
            if show_pinyin:
                pinyin = [[] for _ in range(first)] + [
                    reading.pinyin_written(i, sandhi=bool(sandhi)) for i in range(first, last)
                ]
            if part is None:
                lines = layout_document(text, spans, width, pinyin, self.tables, gaps=True)
            else:
                lines = layout_part(text, spans, first, last, width, pinyin, gaps=True)
        of_token = [-1] * len(reading.analysis.tokens)
        if not raw:
            for n, line in enumerate(lines):
                for piece in line.pieces:
                    if of_token[piece.token] < 0:
                        of_token[piece.token] = n
        rows = []
        text_row = []
        for n, line in enumerate(lines):
            # A line with no words (a paragraph gap, a table rule) has no pinyin row: a gap is
            # one blank row with the pinyin row on or off, and a table's rules stay joined.
            if show_pinyin and not raw and line.pieces:
                rows.append(Row(n, True))
            text_row.append(len(rows))
            rows.append(Row(n, False))
        return Laid(lines, of_token, rows, part is not None, sum(len(line.pieces) for line in lines), text_row)

    @work(thread=True, exclusive=True, group="layout")
    def _lay_out_whole(self, key: LayoutKey) -> None:
        reading = self.reading
        laid = self._lay_out(key, None)
        self.app.call_from_thread(self._whole_laid_out, key, reading, laid)

    def _whole_laid_out(self, key: LayoutKey, reading: Reading, laid: Laid) -> None:
        if reading is not self.reading:
            return  # words arrived meanwhile: that layout is on its way
        self._keep(key, laid)
        if key != self._layout_key:
            return
        screen_row = self.row_of_line(self.line_of_token(self.cursor_token)) - int(self.scroll_offset.y)
        self._install(key, laid)
        row = self.row_of_line(self.line_of_token(self.cursor_token))
        self.scroll_to(y=max(0, row - screen_row), animate=False, immediate=True)
        self.refresh()
        freeze = getattr(self.screen, "freeze_heap", None)  # a large layout: out of the collector's sight
        if freeze is not None:
            freeze()

    def on_resize(self, event: events.Resize) -> None:
        self._relayout()  # a no-op unless the width changed
        self.scroll_to_cursor(animate=False)

    def watch_view(self) -> None:
        self._changed()

    def watch_show_pinyin(self) -> None:
        self._changed()

    def watch_raw(self) -> None:
        self._changed()

    def watch_sandhi(self) -> None:
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
        return max(0, bisect_right([line.start for line in self._lines], raw_offset) - 1)

    def _move_raw_lines(self, delta: int) -> None:
        start = self._raw_cursor()[0]
        if start < 0 or not self._lines:
            return
        n = self._raw_line(start)
        x = next((p.x for p in self._lines[n].pieces if p.start == start), 0)
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
                for p in self._lines[target].pieces
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
        # Repaint only the lines the cursor leaves and enters: over SSH every byte counts.
        words = self.reading.words
        if self._partial and words and self._line_of_token[self.cursor_token] < 0:
            # Past the lines laid out so far, before the whole is: lay out around the cursor.
            key = self._layout_key
            if key is not None:
                self._install(key, self._lay_out(key, self._part_around(self.cursor_token)))
                self.refresh()
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
            for piece in self._lines[line].pieces:
                if piece.token == token:
                    # A pinyin label may reach past its piece (over closing marks): all of it.
                    width = max(piece.width, cell_len(piece.pinyin or ""))
                    # A region ending inside a wide character would send half of it as a space.
                    self.refresh(Region(piece.x, top - y, width, row - top + 1))

    def line_of_token(self, token: int) -> int:
        return max(0, self._line_of_token[token]) if token < len(self._line_of_token) else 0

    def lines_of_token(self, token: int) -> range:
        """The lines a token is drawn on: more than one when a long word is cut."""
        first = last = self.line_of_token(token)
        while (
            last + 1 < len(self._lines)
            and self._lines[last + 1].pieces[:1]
            and self._lines[last + 1].pieces[0].token == token
        ):
            last += 1
        return range(first, last + 1)

    def row_of_line(self, line: int) -> int:
        """The screen row of a line's text."""
        return self._text_row[line] if 0 <= line < len(self._text_row) else line

    def rows_of_line(self, line: int) -> tuple[int, int]:
        """The first and last screen row of a line: its pinyin row, when shown, and its text."""
        row = self.row_of_line(line)
        top = row - 1 if row > 0 and self._rows[row - 1].pinyin else row  # a pinyin row comes before its text
        return top, row

    def scroll_to_cursor(self, animate: bool = False) -> None:
        if not self._lines:
            return
        if self.raw:
            start = self._raw_cursor()[0]
            top = row = self._raw_line(start) if start >= 0 else 0
        else:
            top, row = self.rows_of_line(self.line_of_token(self.cursor_token))
        y = int(self.scroll_offset.y)
        if y <= top and row < y + self.scrollable_content_region.height:
            return  # already in view: scrolling would repaint the scrollbar for nothing
        self.scroll_to_region(Region(0, top, 1, row - top + 1), animate=animate, force=True)

    def move_to_offset(self, offset: int) -> None:
        self.cursor = self.reading.word_at(offset)

    def move_lines(self, delta: int) -> None:
        if not self._lines:
            return
        if self.raw:
            self._move_raw_lines(delta)
            return
        n = self.line_of_token(self.cursor_token)
        leaves = (n + delta < 0 and self._lines[0].start > 0) or (
            n + delta >= len(self._lines) and self._lines[-1].end < len(self.reading.article.text)
        )
        if self._partial and self._layout_key is not None and leaves:
            # Only a part is laid out and the move leaves it: lay out around the cursor first.
            self._install(self._layout_key, self._lay_out(self._layout_key, self._part_around(self.cursor_token)))
            self.refresh()
        token = self.reading.analysis.tokens[self.cursor_token]
        n = self.line_of_token(self.cursor_token)
        x = next((p.x for p in self._lines[n].pieces if p.start <= token.start < p.end), 0)
        target = n
        step = 1 if delta > 0 else -1
        remaining = abs(delta)
        while remaining and 0 <= target + step < len(self._lines):
            target += step
            if self._lines[target].pieces:
                remaining -= 1
        pieces = [p for p in self._lines[target].pieces if p.token in self.reading.word_set]
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
        y = event.y + int(self.scroll_offset.y)
        if not 0 <= y < len(self._rows):
            return
        row = self._rows[y]
        x = event.x + int(self.scroll_offset.x)
        for piece in self._lines[row.line].pieces:
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

    def render_line(self, y: int) -> Strip:
        self._relayout()
        scroll_y = int(self.scroll_offset.y)
        index = y + scroll_y
        width = self.scrollable_content_region.width
        if index >= len(self._rows):
            return Strip.blank(width, self.rich_style)
        row = self._rows[index]
        line = self._lines[row.line]
        if row.pinyin and not line.pieces:
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
            if row.pinyin:
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
        strip = Strip(segments).simplify()
        return strip.adjust_cell_length(width, base)


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


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))


def _mask(length: int, spans: list[tuple[int, int]]) -> bytearray:
    mask = bytearray(length)
    for start, end in spans:
        mask[start:end] = b"\x01" * (end - start)
    return mask
