"""The reader: outline pane, the article, the side panel and the footer, wired together.

Each pane owns what it shows and does; they share one `ReadingState` (statuses, bookmarks,
senses, position), which they observe, and ask the screen for what is not theirs (a jump,
another article) with messages. The screen keeps the keys, the workers and the writes."""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input

from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.outline_pane import OutlinePane
from tui.app.widgets.reader_footer import ReaderFooter
from tui.app.widgets.side_panel import SidePanel
from tui.core.lexicon.dictionary import Dictionary
from tui.core.library.outline import Outline, heading_spans
from tui.core.reading import VIEWS, Reading
from tui.core.study.progress import ReadingClock
from tui.core.study.reading_state import Change, ReadingState
from tui.core.text.inert import inert
from tui.core.text.layout import TableCells, table_cells
from tui.core.text.script import in_view
from tui.core.text.tokens import HAN
from tui.store.study import SavedWord, Study

if TYPE_CHECKING:
    from textual.widget import Widget
    from textual.worker import Worker

    from tui.app.main import YueduApp

# The position is saved once the cursor has rested this long, so that closing the terminal
# loses at most the last second of moving, and a held key does not write on every step.
POSITION_SAVE_DELAY = 1.0


class _Stopped(Exception):
    """The reader closed while its analysis ran."""


# Where a find's hit or an outline jump puts its line: a third of the way down the screen,
# with what leads to it above and room to read on below.
HIT_AT = 1 / 3
TEXT_WIDTHS = (60, 80, 100, 0)  # w cycles them; 0 is the whole width

# ArticleView toggles a reopened article keeps (x and m reopen it analysed again).
VIEW_SETTINGS = ("view", "show_pinyin", "sandhi", "tone_colours", "raw", "show_status")


class ReaderScreen(Screen[None]):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    # Below 32 rows the Word tab keeps its room for the senses; the breakdown needs 17.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        Binding("right,l", "word(1)", "Next word", id="reader.next_word"),
        Binding("left,h", "word(-1)", "Prev word", id="reader.prev_word", show=False),
        Binding("down,j", "line(1)", "Line down", id="reader.line_down", show=False),
        Binding("up,k", "line(-1)", "Line up", id="reader.line_up", show=False),
        Binding("pagedown", "page(1)", "Page down", id="reader.page_down", show=False),
        Binding("pageup", "page(-1)", "Page up", id="reader.page_up", show=False),
        Binding("home", "edge(0)", "Start", id="reader.start", show=False),
        Binding("end", "edge(1)", "End", id="reader.end", show=False),
        Binding("s", "script", "Script", id="reader.script"),
        Binding("p", "pinyin", "Pinyin", id="reader.pinyin"),
        Binding("c", "tones", "Tones", id="reader.tones"),
        Binding("S", "sandhi", "Spoken tones", id="reader.sandhi", show=False),
        Binding("r", "raw", "Raw", id="reader.raw"),
        Binding("w", "text_width", "Text width", id="reader.text_width", show=False),
        Binding("o", "outline", "Outline", id="reader.outline"),
        Binding("slash", "find", "Find", id="reader.find"),
        Binding("n", "next_hit(1)", "Next hit", id="reader.next_hit", show=False),
        Binding("N", "next_hit(-1)", "Prev hit", id="reader.prev_hit", show=False),
        Binding("a", "save_word", "Save word", id="reader.save_word"),
        Binding("b", "bookmark", "Bookmark", id="reader.bookmark"),
        Binding("1", "status('new')", "New", id="reader.status_new", show=False),
        Binding("2", "status('learning')", "Learning", id="reader.status_learning", show=False),
        Binding("3", "status('known')", "Known", id="reader.status_known", show=False),
        Binding("4", "status('ignored')", "Ignored", id="reader.status_ignored", show=False),
        Binding("i", "ignore_names", "Ignore names", id="reader.ignore_names", show=False),
        Binding("v", "show_status", "Word status", id="reader.show_status", show=False),
        Binding("e", "next_sense", "Next sense", id="reader.next_sense", show=False),
        Binding("m", "merge", "Merge with next word", id="reader.merge", show=False),
        Binding("x", "split", "Split the word", id="reader.split", show=False),
        Binding("f", "fix_reading", "Keep this reading and sense", id="reader.fix_reading", show=False),
        Binding("t", "next_tab", "Panel tab", id="reader.next_tab", show=False),
        Binding("g", "glossary", "Glossary terms", id="reader.glossary", show=False),
        Binding("B", "next_bookmark", "Next bookmark", id="reader.next_bookmark", show=False),
        Binding("d", "difficulty", "Difficulty", id="reader.difficulty", show=False),
        Binding("escape", "back", "Library", id="reader.back"),
        Binding("q", "app.quit", "Quit", id="reader.quit"),
    ]

    def __init__(
        self,
        host: YueduApp,
        reading: Reading,
        state: ReadingState,
        start: int | None,
        settings: dict[str, object] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings or {}  # the view's toggles, carried over when the article is reopened
        from tui.app.terminal import compositor

        self._compositor = compositor() or self._compositor  # a cursor move sends its words, not their lines
        self.host = host  # the app, typed: its writes, analyser and article opening
        self.reading = reading
        self.state = state
        self.start = start
        self.outline: Outline | None = None
        self.dictionary: Dictionary | None = None
        self.hit = -1
        self._position_timer: Timer | None = None
        self._clock = ReadingClock(time.time())  # reading time, for the progress screen
        self.analysing: str | None = "analysing…" if reading.analysis.provisional else None
        self._waiting: list[tuple[str, tuple[object, ...]]] = []  # word keys pressed before words came

    @property
    def reading_offset(self) -> int:
        """Where the cursor is, kept for saving the position."""
        return self.state.position

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OutlinePane(self.outline, self.state, id="outline")
            yield ArticleView(self.reading, self.state, tables=self._tables(), id="article")
            yield SidePanel(self.reading, self.state, id="side")
        yield Input(placeholder="find: characters in either script, or pinyin", id="find")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self._show_state()
        self.query_one("#find", Input).display = False
        self.query_one(OutlinePane).display = False
        self.state.observe(self._state_changed)
        view = self.view
        # The Word tab takes apart the characters the article shows (raw: the file's own).
        self.watch(view, "view", self._script_shown, init=False)
        self.watch(view, "raw", self._script_shown, init=False)
        from tui.store import preferences

        width = preferences.load().get("text_width", 0)
        view.text_width = width if width in TEXT_WIDTHS else 0
        for name, value in self.settings.items():
            setattr(view, name, value)
        if self.settings:
            self._show_state()  # the title names the script shown
        view.focus()
        if self.start:
            view.move_to_offset(self.start)
        # The workers start after the first paint: their threads take the GIL (jieba, the
        # dictionary, the index), and with them beside it the text showed half a second later.
        self.call_after_refresh(self._start_workers)

    def place_notices(self) -> None:
        """Notices (toasts) at the end of the screen away from the cursor's row: at the top
        when the cursor is in the lower half of the text, else at the bottom. Set on the rack
        itself, not by a class on the screen: a class would restyle every widget."""
        rack = self._toast_rack()
        if rack is None:
            return
        view = self.view
        row = view._cursor_row() - int(view.scroll_offset.y)
        top = row >= view.scrollable_content_region.height // 2
        dock = "top" if top else "bottom"
        if rack.styles.dock != dock:
            rack.styles.dock = dock
            rack.styles.align_vertical = dock
            # Below the header on top; above the footer at the bottom.
            rack.styles.margin = (1, 0, 0, 0) if top else (0, 0, 1, 0)

    def _toast_rack(self) -> Widget | None:
        from textual.css.query import NoMatches
        from textual.widgets._toast import ToastRack  # Textual's own: it holds the notices

        try:
            return self.get_child_by_type(ToastRack)
        except NoMatches:
            return None

    def _script_shown(self) -> None:
        shown = "original" if self.view.raw else self.view.view
        self.query_one(SidePanel).show_script(shown)
        self.query_one(OutlinePane).write_as(partial(in_view, view=shown, script=self.reading.article.script))

    def _start_workers(self) -> None:
        self._load_dictionary()
        if self.reading.analysis.provisional:
            self._analyse()
        else:
            self._make_outline(self.reading)

    # --- words, pinyin and outline arrive -------------------------------------------------

    def _show_state(self) -> None:
        """The header says which view this is and, while words are on their way, so."""
        view = "raw" if self.view.raw else self.view.view
        if self.view.hits and 0 <= self.hit < len(self.view.hits):
            view += f" · hit {self.hit + 1} of {len(self.view.hits)}"
        state = self.analysing
        if state and self._waiting:
            state += f" · {len(self._waiting)} key{'s' if len(self._waiting) > 1 else ''} waiting for words"
        self.sub_title = f"{view} · {state}" if state else view
        self._fit_title()

    def _wait_for_words(self, action: str, *args: object) -> bool:
        """Keys that act on a word wait until the words arrive, then act."""
        if not self.reading.analysis.provisional:
            return False
        self._waiting.append((action, args))
        self._show_state()
        return True

    @work(thread=True, exclusive=True, group="analysis")
    def _analyse(self) -> None:
        from textual.worker import get_current_worker

        from tui.core.text.analysis import SUBPROCESS_CHARS, Analyzer, analyse_in_child

        worker = get_current_worker()
        host = self.host
        if host.analysis_gate is not None:
            host.analysis_gate.wait()
        article = self.reading.article

        def progress(share: float) -> None:
            if worker.is_cancelled:
                raise _Stopped
            host.call_from_thread(self._progress, share)

        try:
            analyzer = host.analyzer or Analyzer()
            host.analyzer = analyzer
            analysis = analyzer.cached(article.text)
            if analysis is None and len(article.text) > SUBPROCESS_CHARS:
                analyse_in_child(article.text, progress)  # stores it in the cache
                analysis = analyzer.cached(article.text)
            if analysis is None:
                analysis = analyzer.analyse(article.text, progress=progress)
            reading = Reading(article, analysis, analyzer.glossary)
        except _Stopped:
            return
        except Exception as exc:  # shown, not raised: the text stays readable as characters
            host.call_from_thread(self._analysis_failed, str(exc))
            return
        if worker.is_cancelled:
            return
        host.call_from_thread(self._words_arrived, reading)
        self._outline_of(reading, worker)

    @work(thread=True, exclusive=True, group="outline")
    def _make_outline(self, reading: Reading) -> None:
        from textual.worker import get_current_worker

        self._outline_of(reading, get_current_worker())

    def _outline_of(self, reading: Reading, worker: Worker[None]) -> None:
        from tui.core.library.outline import outline as outline_of

        try:
            outline = outline_of(reading.article, 3, self.host.analyzer, reading.analysis)
        except Exception as exc:  # the text and words stay usable without an outline
            self.host.call_from_thread(self.notify, f"no outline: {exc}", severity="error", markup=False)
            outline = Outline(reading.article.id, reading.article.title, [], [], [])
        if not worker.is_cancelled:
            self.host.call_from_thread(self._outline_arrived, outline)

    def _progress(self, share: float) -> None:
        if self.analysing is not None and share < 1:
            self.analysing = f"analysing… {share:.0%}"
            self._show_state()

    def _analysis_failed(self, message: str) -> None:
        self.analysing = "not analysed"
        self._waiting.clear()
        self._show_state()
        self.notify(f"analysis failed: {message}", severity="error", markup=False)

    def _words_arrived(self, reading: Reading) -> None:
        self.reading = reading
        self.analysing = "outline…" if self.outline is None else None
        self.query_one(SidePanel).set_reading(reading)
        self.view.set_reading(reading)  # tells the position: the panel shows the word
        waiting, self._waiting = self._waiting, []
        self._show_state()
        for action, args in waiting:
            getattr(self, f"action_{action}")(*args)
        self.freeze_heap()

    def freeze_heap(self) -> None:
        """What the reader has built (words, layout, dictionary) goes out of the collector's sight.

        A full collection over it cost 40-80 ms, and came in the middle of a cursor move every
        so often. Garbage made before the freeze stays until the reader closes (`on_unmount`
        unfreezes), so the characters-only reading before words is never frozen."""
        import gc

        if not self.reading.analysis.provisional and self.is_attached:
            gc.freeze()

    def _outline_arrived(self, outline: Outline) -> None:
        if not self.is_attached:
            return  # the screen closed while the outline was made
        self.outline = outline
        self.analysing = None
        self._show_state()
        pane = self.query_one(OutlinePane)
        pane.set_outline(outline)
        self.view.headings = heading_spans(outline, self.reading.article)
        self.view.set_tables(self._tables())
        if pane.display and not pane.has_focus:
            pane.follow(self.state.position)
        self.freeze_heap()

    @work(thread=True, exclusive=True, group="dictionary")
    def _load_dictionary(self) -> None:
        from tui.core.lexicon.dictionary import ensure_built
        from tui.core.library.index import SearchIndex

        ensure_built()  # the slow part, once: SQLite connections stay in their own thread
        SearchIndex().sync()  # library-wide counts come from the index, current from here on
        self.host.call_from_thread(self._dictionary_ready)

    def _dictionary_ready(self) -> None:
        self.dictionary = Dictionary()
        self.query_one(SidePanel).set_dictionary(self.dictionary)
        self.freeze_heap()

    def _fit_title(self) -> None:
        """Shorten the article's title, so that the header keeps the view's name at any width."""
        from tui.app.titles import fit_title

        self.title = fit_title(self.reading.article.title, self.size.width, str(self.sub_title))

    def on_resize(self) -> None:
        self._fit_title()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def _tables(self) -> tuple[TableCells, ...]:
        found = []
        for table in self.outline.tables if self.outline is not None else []:
            cells = table_cells(
                self.reading.article.paragraphs,
                table.start,
                table.end,
                len(table.columns),
                len(table.rows),
                titled=bool(table.title),
            )
            if cells is not None:
                found.append(cells)
        return tuple(found)

    # --- what the panes ask for ------------------------------------------------------------

    def _state_changed(self, change: Change) -> None:
        if change.what != "position":
            return
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(POSITION_SAVE_DELAY, self._save_position)
        self._clock.tick(time.time())
        rack = self._toast_rack()
        if rack is not None and rack.children:  # a notice shown: it moves off the cursor's new row
            self.place_notices()

    @on(OutlinePane.Jump)
    def _outline_jump(self, event: OutlinePane.Jump) -> None:
        """Enter in the outline: go there, and back to reading."""
        self.view.move_to_offset(event.offset, at=HIT_AT)
        self.view.focus()

    @on(SidePanel.Jump)
    def _panel_jump(self, event: SidePanel.Jump) -> None:
        self.view.move_to_offset(event.offset)
        if event.focus_text:
            self.view.focus()

    @on(SidePanel.OpenExample)
    def _open_example(self, event: SidePanel.OpenExample) -> None:
        self._save_position()
        self.host.open_article(event.article, event.offset)

    # --- actions ------------------------------------------------------------------------------

    def action_word(self, delta: int) -> None:
        view = self.view
        view.cursor = max(0, min(len(self.reading.words) - 1, view.cursor + delta))

    def action_line(self, delta: int) -> None:
        self.view.move_lines(delta)

    def action_page(self, delta: int) -> None:
        view = self.view
        per_line = 2 if view.show_pinyin and not view.raw else 1
        rows = max(1, view.size.height // per_line - 1)
        # The page turns under the cursor: it keeps its place on the screen.
        view.scroll_to(y=view.scroll_offset.y + delta * rows * per_line, animate=False, immediate=True)
        view.move_lines(delta * rows)

    def action_edge(self, end: int) -> None:
        self.view.cursor = len(self.reading.words) - 1 if end else 0

    def action_script(self) -> None:
        view = self.view
        view.view = VIEWS[(VIEWS.index(view.view) + 1) % len(VIEWS)]
        self._show_state()

    def action_pinyin(self) -> None:
        self.view.show_pinyin = not self.view.show_pinyin

    def action_sandhi(self) -> None:
        """Spoken tones (tone sandhi: búshì, yíge, níhǎo) in the pinyin row, or citation tones."""
        self.view.sandhi = not self.view.sandhi
        self.notify("spoken tones (sandhi)" if self.view.sandhi else "dictionary tones")

    def action_text_width(self) -> None:
        """60, 80, 100 columns of text, centred, or the whole width; kept for the next run."""
        from tui.store import preferences

        view = self.view
        widths = list(TEXT_WIDTHS)
        view.text_width = widths[(widths.index(view.text_width) + 1) % len(widths)] if view.text_width in widths else 0
        preferences.save("text_width", view.text_width)
        self.notify(f"text width {view.text_width} columns" if view.text_width else "text width: the whole width")

    def action_tones(self) -> None:
        self.view.tone_colours = not self.view.tone_colours

    def action_raw(self) -> None:
        self.view.raw = not self.view.raw
        self._show_state()

    def action_outline(self) -> None:
        """Open the outline with the focus in it (↑/↓ move there, Enter jumps), or close it."""
        pane = self.query_one(OutlinePane)
        pane.display = not pane.display
        # Below 140 columns the outline takes the side panel's place.
        self.query_one(SidePanel).display = not pane.display or self.size.width >= 140
        if pane.display:
            pane.follow(self.reading_offset)
            pane.focus()
        else:
            self.view.focus()

    def action_find(self) -> None:
        box = self.query_one("#find", Input)
        box.display = True
        box.value = ""
        box.border_title = None
        box.focus()

    @on(Input.Changed, "#find")
    def _typed(self, event: Input.Changed) -> None:
        shown = inert(event.value, one_line=True)  # pasted text may hold escapes: show them
        if shown != event.value:
            event.input.value = shown

    @on(Input.Submitted, "#find")
    def _find(self, event: Input.Submitted) -> None:
        box = event.input
        if not self.action_find_text(event.value):
            # Said in the box, which stays open to correct the query: a toast over the
            # article lost wide characters where the article repainted under it.
            box.border_title = Text(f"not found: {event.value.strip()}")  # Text: a query is never markup
            box.select_all()
            return
        box.display = False
        self.view.focus()  # the box gone, the text is taller: the view places the hit again

    def action_find_text(self, query: str) -> bool:
        """Go to the first hit at or after the cursor; False when there is none."""
        # Either script and pinyin need the analysis: the search waits for it.
        if self._wait_for_words("find_text", query):
            return True
        hits = self.reading.find(query)
        self.view.hits = hits
        if not hits:
            self.hit = -1
            self._show_state()
            if not self.query_one("#find", Input).display:  # run later, for a find typed before the words
                self.notify(f"not found: {query.strip()}", severity="warning")
            return False
        here = self.reading.analysis.tokens[self.view.cursor_token].start
        after = next((i for i, (s, _) in enumerate(hits) if s >= here), None)
        self._go_to_hit(0 if after is None else after)
        if after is None and len(hits) > 0 and hits[0][0] < here:
            self.notify("no hit after the cursor: from the top", markup=False)
        return True

    def _go_to_hit(self, index: int) -> None:
        self.hit = index
        self.view.move_to_offset(self.view.hits[index][0], at=HIT_AT)
        self._show_state()  # hit n of N in the header

    def action_next_hit(self, delta: int) -> None:
        hits = self.view.hits
        if not hits:
            return
        index = (self.hit + delta) % len(hits)
        self._go_to_hit(index)
        if delta > 0 and index == 0:
            self.notify(f"wrapped around: hit 1 of {len(hits)}, from the top", markup=False)
        elif delta < 0 and index == len(hits) - 1:
            self.notify(f"wrapped around: hit {len(hits)} of {len(hits)}, from the end", markup=False)

    def action_save_word(self) -> None:
        if self._wait_for_words("save_word"):
            return
        import time

        token = self.view.cursor_token
        tok = self.reading.analysis.tokens[token]
        if tok.kind != HAN:
            self.notify("the cursor is not on a Chinese word", severity="warning")
            return
        start, end = self.reading.sentence_span(token)
        simplified = self.reading.analysis.simplified[tok.start : tok.end]
        english = note = ""
        if self.dictionary is not None:
            info = self.reading.word_info(token, self.dictionary)
            english = "; ".join(info.definitions[0][2]) if info.definitions else info.glossary_english or ""
            note = info.glossary_note or ""
        other = "simplified" if self.reading.article.script == "traditional" else "traditional"
        senses = self._sense_list(token)
        chosen = senses[self.state.sense(simplified) % len(senses)] if senses else ""
        word = SavedWord(
            word=simplified,
            traditional=self.reading.views["traditional"][tok.start : tok.end],
            pinyin="".join(self.reading.pinyin_written(token)).strip(),
            english=english,
            status="learning",
            sentence=self.reading.article.text[start:end],
            article=self.reading.article.id,
            offset=tok.start,
            added=time.time(),
            note=note,
            sentence_other=self.reading.views[other][start:end],
            sense=chosen,
        )
        # Shown at once; the write goes on in a worker, and says so if it fails.
        self.state.set_status(simplified, "learning")
        surface = tok.text
        self.host.study_writes.submit(
            lambda study: study.save_word(word),
            lambda _: self.notify(f"saved {surface} as learning", markup=False),
        )

    def _word(self, token: int) -> str:
        tok = self.reading.analysis.tokens[token]
        return self.reading.analysis.simplified[tok.start : tok.end]

    def _sense_list(self, token: int) -> list[str]:
        if self.dictionary is None:
            return []
        info = self.reading.word_info(token, self.dictionary)
        return [sense for _, _, senses in info.definitions for sense in senses]  # as the panel lists them

    def action_next_sense(self) -> None:
        """Choose the next sense of the word: the one a saved word keeps."""
        if self._wait_for_words("next_sense"):
            return
        token = self.view.cursor_token
        senses = self._sense_list(token)
        if not senses:
            return
        self.state.next_sense(self._word(token), len(senses))  # the panel observes it

    def action_status(self, status: str) -> None:
        """1 new, 2 learning (saved with its sentence), 3 known, 4 ignored."""
        if self._wait_for_words("status", status):
            return
        if status == "learning":
            self.action_save_word()
            return
        tok = self.reading.analysis.tokens[self.view.cursor_token]
        if tok.kind != HAN:
            return
        word = self.reading.analysis.simplified[tok.start : tok.end]
        self.state.set_status(word, status)
        surface = tok.text
        self.host.study_writes.submit(
            lambda study: study.set_status(word, status),
            lambda _: self.notify(f"{surface}: {status}", markup=False),
        )

    def action_ignore_names(self) -> None:
        """Ignore this article's glossary terms and names the user has not marked; again to undo."""
        if self._wait_for_words("ignore_names"):
            return
        article = self.reading.article.id
        words = sorted({self.reading.analysis.simplified[m.start : m.end] for m in self.reading.analysis.glossary})

        def ignore(study: Study) -> tuple[bool, list[str]]:
            if study.ignored_batch(article):
                return False, study.undo_ignore(article)
            return True, study.ignore_unmarked(article, words)

        def done(result: tuple[bool, list[str]]) -> None:
            ignored, changed = result
            self.state.set_statuses(dict.fromkeys(changed, "ignored" if ignored else "new"))
            if not ignored:
                self.notify(f"{len(changed)} glossary terms and names no longer ignored")
                return
            kept = len(words) - len(changed)
            message = f"{len(changed)} glossary terms and names ignored"
            if kept:
                message += f", {kept} you marked kept as they were"
            self.notify(message + " (i again: undo)")

        self.host.study_writes.submit(ignore, done)

    def action_merge(self) -> None:
        """Keep the word under the cursor and the next one together as one word, from now on."""
        if self._wait_for_words("merge"):
            return
        words, tokens = self.reading.words, self.reading.analysis.tokens
        i = self.view.cursor
        if i + 1 >= len(words):
            return
        a, b = tokens[words[i]], tokens[words[i + 1]]
        if b.start != a.end or a.kind != HAN or b.kind != HAN:
            self.notify("only adjacent Chinese words can be merged", severity="warning")
            return
        word = self.reading.analysis.simplified[a.start : b.end]
        message = f"{a.text}{b.text} is one word from now on"
        self.host.study_writes.submit(
            lambda study: study.fix_segment(word, [word]), lambda _: self._reanalyse(a.start, message)
        )

    def action_split(self) -> None:
        """Cut the word under the cursor in two, from now on."""
        if self._wait_for_words("split"):
            return
        tok = self.reading.analysis.tokens[self.view.cursor_token]
        word = self.reading.analysis.simplified[tok.start : tok.end]
        if tok.kind != HAN or len(word) < 2:
            return
        cut = next((n for n in range(len(word) - 1, 0, -1) if self.dictionary and self.dictionary.entries(word[:n])), 1)
        parts = [word[:cut], word[cut:]]
        message = f"{tok.text} is cut into {tok.text[:cut]} + {tok.text[cut:]} from now on"
        self.host.study_writes.submit(
            lambda study: study.fix_segment(word, parts), lambda _: self._reanalyse(tok.start, message)
        )

    def action_fix_reading(self) -> None:
        """Your fix: the sense shown (chosen with e) and its reading, for this word in every text."""
        if self._wait_for_words("fix_reading"):
            return
        from dataclasses import replace

        from tui.core.lexicon import fixes
        from tui.errors import UserError

        token = self.view.cursor_token
        tok = self.reading.analysis.tokens[token]
        if tok.kind != HAN or self.dictionary is None:
            return
        info = self.reading.word_info(token, self.dictionary)
        shown = [(pinyin, sense) for _, pinyin, senses in info.definitions[:6] for sense in senses[:6]]
        if not shown:
            self.notify("no dictionary reading to keep for this word", severity="warning")
            return
        pinyin, sense = shown[self.state.sense(self._word(token)) % len(shown)]
        try:
            fix = fixes.make(tok.text, pinyin)
        except UserError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        fix = replace(fix, sense=sense)
        message = f"{tok.text} is read {pinyin}, “{sense}”, from now on (yuedu fix remove {fix.word} undoes it)"
        self.host.study_writes.submit(
            lambda study: fixes.save(fix, study), lambda _: self._reanalyse(tok.start, message)
        )

    def _reanalyse(self, offset: int, message: str) -> None:
        if self.is_current:
            self.host.segmentation_fixed(self.reading.article.id, offset, message, self.view_settings())

    def view_settings(self) -> dict[str, object]:
        """The view's toggles (script, pinyin, tones, raw, status colours), to reopen with."""
        return {name: getattr(self.view, name) for name in VIEW_SETTINGS}

    def action_show_status(self) -> None:
        self.view.show_status = not self.view.show_status

    def action_next_tab(self) -> None:
        self.query_one(SidePanel).next_tab()

    def action_glossary(self) -> None:
        self.query_one(SidePanel).show_glossary()

    def action_bookmark(self) -> None:
        if self.reading.article.origin == "file":
            self.notify("a file outside the library: `yuedu add` it to keep bookmarks", severity="warning")
            return
        offset = self.reading.analysis.tokens[self.view.cursor_token].start
        article = self.reading.article.id

        def toggle(study: Study) -> tuple[bool, list[int]]:
            return study.toggle_bookmark(article, offset), study.bookmarks(article)

        def done(result: tuple[bool, list[int]]) -> None:
            added, bookmarks = result
            self.state.set_bookmarks(bookmarks)
            self.notify("bookmarked" if added else "bookmark removed")

        self.host.study_writes.submit(toggle, done)

    def action_next_bookmark(self) -> None:
        target = self.state.next_bookmark(self.reading.analysis.tokens[self.view.cursor_token].start)
        if target is None:
            self.notify("no bookmarks in this article (b adds one)")
            return
        self.view.move_to_offset(target)

    def action_difficulty(self) -> None:
        from tui.app.screens.difficulty import DifficultyScreen

        reading = self.reading
        self.app.push_screen(
            DifficultyScreen(reading.article.id, reading.article.title, reading.analysis, reading.glossary)
        )

    def action_back(self) -> None:
        """Esc: from the outline, the glossary list or the find box back to the text; from the text, the library."""
        if self.focused is not None and self.focused is not self.view:
            find = self.query_one("#find", Input)
            if self.focused is find:
                find.display = False
            self.view.focus()
            return
        self._save_position()
        self.app.pop_screen()

    def _save_position(self) -> None:
        if self.reading.article.origin == "file":
            return  # `yuedu read PATH` outside the library is read-only: nothing is kept for it
        self._clock.tick(time.time())
        article, offset, moved = self.reading.article.id, self.state.position, self.state.unsaved
        self.state.saved(offset)
        seconds = self._clock.take()

        def save(study: Study) -> None:
            if moved:
                study.save_position(article, offset)
            for day, spent in seconds.items():
                study.add_reading_time(article, spent, day)

        self.host.study_writes.submit(save)

    def on_screen_resume(self) -> None:
        self.freeze_heap()  # another reader's close unfroze it

    def on_unmount(self) -> None:
        import gc

        from tui.store.db import StoreError

        gc.unfreeze()  # what this reader held may be collected now

        self.state.forget(self._state_changed)
        if self._position_timer is not None:
            self._position_timer.stop()
        # Leaving waits for the writes asked for (bounded: a lock held elsewhere gives up in 2 s),
        # then saves the position here: a worker might not start while the app shuts down.
        finished = self.host.study_writes.wait(timeout=5)
        if self.reading.article.origin == "file":
            return
        try:
            study = Study()
            # A write asked for as the app quits may never start (no worker starts then): the
            # position it would have saved is saved here, or quitting under load lost it.
            if self.state.unsaved or not finished:
                study.save_position(self.reading.article.id, self.state.position)
            self._clock.tick(time.time())
            self._clock.flush(study, self.reading.article.id)
        except StoreError:
            pass  # locked, read-only or full: the last position saved while reading stands
