"""The article: our own widget, breaking Chinese lines ourselves and drawing only visible lines.

Where the cursor goes is the Navigator's (tui/core/text/navigator.py); how a row is drawn,
article_draw's; the layouts, article_layout's. This widget lays out, scrolls and repaints."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Self

from rich.cells import cell_len
from rich.style import Style
from textual import events, work
from textual.geometry import Region, Size
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.app import terminal
from tui.app.terminal.row_cache import Content, RowCache
from tui.app.widgets.article_draw import Marks, mask, offset_at, row_content, row_strip
from tui.app.widgets.article_layout import LayoutKey, lay_out_screen, new_layout
from tui.app.widgets.line_count import count_lines
from tui.core.reading import Reading
from tui.core.study.reading_state import Change, ReadingState
from tui.core.text.inert import inert
from tui.core.text.layout_lazy import BlockCache, LazyLayout
from tui.core.text.layout_tables import TableCells
from tui.core.text.navigator import Navigator, RawMap

LAYOUTS_KEPT = 6  # layouts kept per (width, script, pinyin, raw, spoken tones): toggling back is instant
# Laid-out blocks kept, over all those layouts: a piece costs about 200 bytes with its share of
# its line (tests/core/text/test_lazy_layout.py), so this is ~20 MB, where the whole of a 4 MB
# text is ~840k pieces. A screen of 120x40 is ~1,000 pieces and about three screens are laid
# out around the cursor: dozens of places and toggles stay laid out.
PIECES_KEPT = 100_000
_NO_LINES = LazyLayout("", [], 10)


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
        self._frame_style: Style | None = None  # the widget's style while a frame is drawn
        self._keep_rows = False  # set while the cursor moves: its refreshes change no line's row
        super().__init__(id=id)
        if terminal.ours():
            # Rows kept by the line they show: a word move that scrolls draws the rows it
            # brings in and the cursor's, not every row again (tui/app/terminal/row_cache.py).
            self._styles_cache = RowCache(self._row_content)
        self._place_at: float | None = None  # where a jump put the cursor on the screen (a share of it)
        self.reading = reading
        self.state = state
        self.tables = tables
        # Laid out by blocks when first shown (tui/core/text/layout_lazy.py LazyLayout): the lines
        # near the screen, not the whole text; a worker counts the other blocks' lines.
        self._lines: LazyLayout = _NO_LINES
        self._raw_map: RawMap | None = None
        self.nav = self._navigator(_NO_LINES, False)
        self._layout_key: LayoutKey | None = None
        self._screen_key: tuple[int, int, int, int] | None = None  # what _lay_out_screen last saw
        self._margin = 0  # blank columns left of the text (a text width narrower than the view)
        self._shown: dict[tuple[bool, str], str] = {}  # (raw, view) -> the text made inert
        self._layouts: OrderedDict[LayoutKey, LazyLayout] = OrderedDict()
        self._blocks = BlockCache(PIECES_KEPT)
        self.marks = Marks(reading, state.bookmarks)

    @property
    def headings(self) -> list[tuple[int, int, int]]:
        return self.marks.headings

    @headings.setter
    def headings(self, spans: list[tuple[int, int, int]]) -> None:
        self.marks.set_headings(spans)
        self.refresh()

    @property
    def hits(self) -> list[tuple[int, int]]:
        return self.marks.hits

    @hits.setter
    def hits(self, spans: list[tuple[int, int]]) -> None:
        self.marks.set_hits(spans)
        self.refresh()

    @property
    def bookmarks(self) -> list[int]:
        return sorted(self.marks.bookmarks)

    def on_mount(self) -> None:
        self.state.observe(self._state_changed)

    def on_unmount(self) -> None:
        self.state.forget(self._state_changed)

    def _state_changed(self, change: Change) -> None:
        if change.what == "bookmarks":
            self.marks.bookmarks = set(self.state.bookmarks)
            self.refresh()
        elif change.what == "statuses":
            self.refresh()

    @property
    def statuses(self) -> Mapping[str, str]:
        """Simplified word -> new / learning / known / ignored: the reading state's."""
        return self.state.statuses

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
        screen_row = self.nav.row_of_line(self.nav.line_of_token(self.cursor_token)) - int(self.scroll_offset.y)
        if not 0 <= screen_row < self.scrollable_content_region.height:
            screen_row = self.scrollable_content_region.height // 3  # not on screen yet (not sized)
        self.reading = reading
        self._shown = {}
        if tables is not None:
            self.tables = tables
        self.marks.glossary = mask(len(reading.article.text), reading.glossary_spans())
        self._raw_map = None
        self._forget_layouts()
        self.nav = self._navigator(self._lines, bool(self.raw))
        self.set_reactive(ArticleView.cursor, reading.word_at(offset))
        self._relayout()
        row = self.nav.row_of_line(self.nav.line_of_token(self.cursor_token))
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

    def _navigator(self, lines: LazyLayout, raw: bool) -> Navigator:
        reading = self.reading
        if raw and self._raw_map is None:
            self._raw_map = RawMap(reading.article)
        raw_map = self._raw_map if raw else None
        return Navigator(lines, reading.analysis.tokens, reading.words, reading.word_set, raw_map, self.show_pinyin)

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
            shown = self._inert(key[3], key[1])
            lines = self._layouts[key] = new_layout(self.reading, key, shown, self.tables, self._blocks)
            while len(self._layouts) > LAYOUTS_KEPT:
                _, dropped = self._layouts.popitem(last=False)
                self._blocks.drop(dropped.owner)
        self._layout_key = key
        self._lines, self.nav = lines, self._navigator(lines, bool(self.raw))
        # Around the cursor now; the other blocks' lines counted in a worker, so the
        # scrollbar comes right without the whole text laid out at once.
        self._lay_out_around_cursor(anchor=False)
        if not lines.exact:
            self.call_after_refresh(self._count_lines, key, lines)  # the frame first

    def _sync_size(self) -> None:
        if self._layout_key is not None and self.virtual_size.height != len(self.nav.rows):
            self.virtual_size = Size(self._layout_key[0], len(self.nav.rows))

    def _lay_out_around_cursor(self, extra: int = 0, anchor: bool = True) -> None:
        """The blocks around the cursor laid out, a screen (and `extra` lines) either side;
        the cursor keeps its place on the screen when blocks above it changed their count."""
        lines, nav = self._lines, self.nav
        if not len(lines.spans):
            self._sync_size()
            return
        before = nav.cursor_rows(self.cursor_token)[0]
        per_line = 2 if nav.pinyin_rows else 1
        screen = max(5, self.scrollable_content_region.height) // per_line + 1 + extra
        lines.ensure(nav.anchor(self.cursor_token), screen, screen)
        after = nav.cursor_rows(self.cursor_token)[0]
        self._sync_size()
        if anchor and after != before:
            self.scroll_to(y=max(0, int(self.scroll_offset.y) + after - before), animate=False, immediate=True)

    @work(exclusive=True, group="layout")
    async def _count_lines(self, key: LayoutKey, lines: LazyLayout) -> None:
        await count_lines(self, key, lines)

    def _cursor_row(self) -> int:
        return self.nav.cursor_rows(self.cursor_token)[0]

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
        # As a resize does: a jump's word stays that share of the way down, whatever comes
        # first of the toggle's own scroll and the resize its scrollbar may bring.
        self.scroll_to_cursor(animate=False, at=self._place_at)

    # --- the raw view: the file as written, with the reading text's cursor on it -----------

    def to_raw(self, offset: int) -> int:
        """The raw text's offset of a reading text's offset (-1 where it has none)."""
        return (self._raw_map or RawMap(self.reading.article)).to_raw(offset)

    def from_raw(self, raw_offset: int) -> int | None:
        """The reading text's offset of a raw one, or None on what cleaning left out."""
        return (self._raw_map or RawMap(self.reading.article)).from_raw(raw_offset)

    # --- cursor ----------------------------------------------------------------------------

    @property
    def cursor_token(self) -> int:
        words = self.reading.words
        return words[self.cursor] if words else 0

    def watch_cursor(self, old: int, new: int) -> None:
        self._place_at = None
        # Repaint only the lines the cursor leaves and enters: over SSH every byte counts.
        words = self.reading.words
        self._keep_rows = True
        try:
            self._lay_out_around_cursor()
            before = int(self.scroll_offset.y)
            self.scroll_to_cursor()
            if int(self.scroll_offset.y) != before or not self._lines or self.raw or not words:
                self.refresh()
            else:
                for index in {old, new}:
                    if 0 <= index < len(words):
                        self._refresh_token(words[index])
        finally:
            self._keep_rows = False
        self._tell_position()

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        # Anything but a cursor move (a toggle, marks, statuses, a theme) may change any row.
        if not self._keep_rows and isinstance(self._styles_cache, RowCache):
            self._styles_cache.forget()
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)

    def _tell_position(self) -> None:
        # In this call, not by a message: the panes that show the position repaint before
        # the next frame, so a keypress is one frame.
        tokens = self.reading.analysis.tokens
        self.state.move_to(tokens[self.cursor_token].start if len(tokens) else 0)

    def _refresh_token(self, token: int) -> None:
        """Repaint the cells of one word (and its pinyin), not its lines: over SSH every byte counts."""
        y = int(self.scroll_offset.y)
        for line in self.nav.lines_of_token(token):
            top, row = self.nav.rows_of_line(line)
            for piece in self.nav.line(line).pieces:
                if piece.token == token:
                    # A pinyin label may reach past its piece (over closing marks): all of it.
                    width = max(piece.width, cell_len(piece.pinyin or ""))
                    # A region ending inside a wide character would send half of it as a space.
                    self.refresh(Region(self._margin + piece.x, top - y, width, row - top + 1))

    def scroll_to_cursor(self, animate: bool = False, at: float | None = None) -> None:
        """Bring the cursor's rows on screen, by the least scroll, or with `at` its top row
        that share of the way down the screen (find's hits: a third). At once, never after
        the next refresh: a scroll deferred from before a relayout would land on other rows."""
        if not self._lines:
            return
        top, row = self.nav.cursor_rows(self.cursor_token)
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

    # --- moves: the reader's keys, each one call to the Navigator ----------------------------

    def move_words(self, delta: int) -> None:
        self.cursor = self.nav.word(self.cursor, delta)

    def move_to_edge(self, end: int) -> None:
        self.cursor = self.nav.edge(end)

    def move_lines(self, delta: int) -> None:
        if not self._lines:
            return
        if not self.raw:
            self._lay_out_around_cursor(abs(delta))  # the lines walked over, laid out before counting them
        offset = self.nav.lines_away(self.cursor_token, delta)
        if offset is not None:
            self.move_to_offset(offset)

    def move_page(self, delta: int) -> None:
        lines, rows = self.nav.page(self.size.height)
        # The page turns under the cursor: it keeps its place on the screen.
        self.scroll_to(y=self.scroll_offset.y + delta * rows, animate=False, immediate=True)
        self.move_lines(delta * lines)

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
        offset = offset_at(self, event.x, event.y)
        if offset is not None:  # a word there, in the reading text
            self.move_to_offset(offset)
            self.focus()

    def watch_show_status(self) -> None:
        self.refresh()

    # --- drawing ---------------------------------------------------------------------------

    def _lay_out_screen(self) -> None:
        lay_out_screen(self)

    def _screen_moved(self) -> None:
        self._sync_size()
        self.refresh_moved()  # rows drawn before the blocks were laid out, if any, drawn again

    def refresh_moved(self) -> None:
        """Every row drawn again where lines moved (blocks laid out, counted) but none changed:
        the rows kept by their line (RowCache) are still right."""
        self._keep_rows = True
        try:
            self.refresh()
        finally:
            self._keep_rows = False

    @property
    def base_style(self) -> Style:
        """The widget's own style (colours from the CSS), under every row's."""
        return self.rich_style if self._frame_style is None else self._frame_style

    def render_lines(self, crop: Region) -> list[Strip]:
        # Textual works rich_style out from every ancestor's styles at each call (~50 us);
        # a frame's rows take it once: no style changes while a frame is drawn.
        self._frame_style = self.rich_style
        try:
            return super().render_lines(crop)
        finally:
            self._frame_style = None

    def _row_content(self, y: int) -> Content | None:
        return row_content(self, y)

    def render_line(self, y: int) -> Strip:
        return row_strip(self, y)
