"""The reader: outline pane, the article, and the side panel."""

from __future__ import annotations

import time

from rich.cells import cell_len
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Header, Input, OptionList, TabbedContent

from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.outline_pane import OutlinePane
from tui.app.widgets.reader_footer import ReaderFooter
from tui.app.widgets.side_panel import SidePanel
from tui.core.lexicon.dictionary import Dictionary
from tui.core.lexicon.hanzi import WordDepth
from tui.core.library.outline import heading_spans
from tui.core.reading import VIEWS, Reading
from tui.core.study.progress import ReadingClock
from tui.core.text.inert import inert
from tui.core.text.layout import TableCells, table_cells
from tui.core.text.tokens import HAN
from tui.store.study import SavedWord, Study

# The position is saved once the cursor has rested this long, so that closing the terminal
# loses at most the last second of moving, and a held key does not write on every step.
POSITION_SAVE_DELAY = 1.0
DEPTH_DELAY = 0.15  # seconds the cursor rests on a word before its breakdown is loaded


class _Stopped(Exception):
    """The reader closed while its analysis ran."""


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
        Binding("t", "next_tab", "Panel tab", id="reader.next_tab", show=False),
        Binding("g", "glossary", "Glossary terms", id="reader.glossary", show=False),
        Binding("B", "next_bookmark", "Next bookmark", id="reader.next_bookmark", show=False),
        Binding("d", "difficulty", "Difficulty", id="reader.difficulty", show=False),
        Binding("escape", "back", "Library", id="reader.back"),
        Binding("q", "app.quit", "Quit", id="reader.quit"),
    ]

    def __init__(
        self,
        reading: Reading,
        start: int | None,
        outline: dict[str, object] | None,
        bookmarks: list[int] | None = None,
    ) -> None:
        super().__init__()
        self.saved_bookmarks = list(bookmarks or [])
        self.senses: dict[str, int] = {}  # word -> the sense chosen with `e`
        self.reading = reading
        self.start = start
        self.outline = outline
        self.dictionary: Dictionary | None = None
        self.hit = -1
        self.reading_offset = start or 0  # where the cursor is, kept for saving the position
        self.saved_offset = self.reading_offset
        self._position_timer: Timer | None = None
        self._clock = ReadingClock(time.time())  # reading time, for the progress screen
        self._depths: dict[str, WordDepth] = {}  # word -> its breakdown and examples, as loaded
        self._depth_word = ""
        self.analysing: str | None = "analysing…" if reading.analysis.provisional else None
        self._waiting: list[tuple[str, tuple[object, ...]]] = []  # word keys pressed before words came

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OutlinePane(self.outline, id="outline")
            yield ArticleView(self.reading, tables=self._tables(), id="article")
            yield SidePanel(id="side")
        yield Input(placeholder="find: characters in either script, or pinyin", id="find")
        yield ReaderFooter()

    def on_mount(self) -> None:
        self._show_state()
        self.query_one("#find", Input).display = False
        self.query_one(OutlinePane).display = False
        self._fill_glossary()
        view = self.query_one(ArticleView)
        view.bookmarks = self.saved_bookmarks
        view.statuses = Study().statuses()
        view.focus()
        if self.start:
            view.move_to_offset(self.start)
        self._load_dictionary()
        if self.reading.analysis.provisional:
            self._analyse()
        elif self.outline is None:
            self._make_outline(self.reading)

    # --- words, pinyin and outline arrive -------------------------------------------------

    def _show_state(self) -> None:
        """The header says which view this is and, while words are on their way, so."""
        view = "raw" if self.view.raw else self.view.view
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
        app = self.app
        gate = getattr(app, "analysis_gate", None)
        if gate is not None:
            gate.wait()
        article = self.reading.article

        def progress(share: float) -> None:
            if worker.is_cancelled:
                raise _Stopped
            app.call_from_thread(self._progress, share)

        try:
            analyzer = getattr(app, "analyzer", None) or Analyzer()
            app.analyzer = analyzer  # type: ignore[attr-defined]
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
            app.call_from_thread(self._analysis_failed, str(exc))
            return
        if worker.is_cancelled:
            return
        app.call_from_thread(self._words_arrived, reading)
        self._outline_of(reading, worker)

    @work(thread=True, exclusive=True, group="outline")
    def _make_outline(self, reading: Reading) -> None:
        from textual.worker import get_current_worker

        self._outline_of(reading, get_current_worker())

    def _outline_of(self, reading: Reading, worker: object) -> None:
        from tui.core.library.outline import outline_json

        try:
            outline = outline_json(reading.article, 3, self.app.analyzer, reading.analysis)  # type: ignore[attr-defined]
        except Exception as exc:  # the text and words stay usable without an outline
            self.app.call_from_thread(self.notify, f"no outline: {exc}", severity="error", markup=False)
            outline = {"sections": [], "tables": [], "front_matter": []}
        if not getattr(worker, "is_cancelled", False):
            self.app.call_from_thread(self._outline_arrived, outline)

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
        self.view.set_reading(reading)
        self._fill_glossary()
        waiting, self._waiting = self._waiting, []
        self._show_state()
        for action, args in waiting:
            getattr(self, f"action_{action}")(*args)

    def _outline_arrived(self, outline: dict[str, object]) -> None:
        self.outline = outline
        self.analysing = None
        self._show_state()
        self.query_one(OutlinePane).set_outline(outline)
        self.view.headings = heading_spans(outline, self.reading.article)
        self.view.set_tables(self._tables())
        self._follow_in_outline(self.reading_offset)

    @work(thread=True, exclusive=True, group="dictionary")
    def _load_dictionary(self) -> None:
        from tui.core.lexicon.dictionary import ensure_built
        from tui.core.library.index import SearchIndex

        ensure_built()  # the slow part, once: SQLite connections stay in their own thread
        SearchIndex().sync()  # library-wide counts come from the index, current from here on
        self.app.call_from_thread(self._dictionary_ready)

    def _dictionary_ready(self) -> None:
        self.dictionary = Dictionary()
        self._update_panel(self.view.cursor_token)

    def _fit_title(self) -> None:
        """Shorten the article's title, so that the header keeps the view's name at any width."""
        # The header's title gets the width less its icon (8) and clock space (10).
        room = self.size.width - 18 - cell_len(f" — {self.sub_title}") - 1
        title = Text(inert(self.reading.article.title, one_line=True))
        if title.cell_len > room:
            title.truncate(max(1, room), overflow="ellipsis")
        self.title = title.plain

    def on_resize(self) -> None:
        self._fit_title()

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def _tables(self) -> tuple[TableCells, ...]:
        found = []
        for table in (self.outline or {}).get("tables", []):  # type: ignore[attr-defined]
            cells = table_cells(
                self.reading.article.paragraphs, table["start"], table["end"], len(table["columns"]), len(table["rows"])
            )
            if cells is not None:
                found.append(cells)
        return tuple(found)

    # --- panes -------------------------------------------------------------------------------

    def _follow_in_outline(self, offset: int) -> None:
        """Keep the outline on the section being read, unless the user is moving in it."""
        pane = self.query_one(OutlinePane)
        if pane.display and not pane.has_focus:
            pane.follow(offset)

    def _fill_glossary(self) -> None:
        options = self.query_one("#glossary", OptionList)
        options.clear_options()
        self._glossary_terms = self.reading.glossary_counts()
        options.add_options([_label(f"{term}  ×{count}") for term, count, _ in self._glossary_terms])

    @on(OptionList.OptionSelected, "#outline")
    def _jump(self, event: OptionList.OptionSelected) -> None:
        """Enter in the outline: go there, and back to reading."""
        self.view.move_to_offset(self.query_one(OutlinePane).offsets[event.option_index])
        self.view.focus()

    @on(OptionList.OptionSelected, "#glossary")
    def _next_occurrence(self, event: OptionList.OptionSelected) -> None:
        _, _, offsets = self._glossary_terms[event.option_index]
        here = self.reading.analysis.tokens[self.view.cursor_token].start
        after = [o for o in offsets if o > here]
        self.view.move_to_offset(after[0] if after else offsets[0])

    @on(ArticleView.CursorMoved)
    def _cursor_moved(self, event: ArticleView.CursorMoved) -> None:
        # The view's cursor now, not the event's: words may have replaced characters since.
        token = self.view.cursor_token
        self.reading_offset = self.reading.analysis.tokens[token].start
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(POSITION_SAVE_DELAY, self._save_position)
        self._clock.tick(time.time())
        self._update_panel(token)
        self._follow_in_outline(self.reading_offset)

    def _update_panel(self, token: int) -> None:
        panel = self.query_one(SidePanel)
        if self.dictionary is not None:
            panel.show_word(self.reading.word_info(token, self.dictionary), self.senses.get(self._word(token), 0))
        start, end = self.reading.sentence_span(token)
        other = "traditional" if self.reading.article.script != "traditional" else "simplified"
        sentence = self.reading.view_slice(other, start, end)
        first, last = self.reading.token_at(start), self.reading.token_at(max(start, end - 1))
        panel.show_sentence(sentence, self.reading.pinyin_line(first, last))
        self._show_depth(token)

    # --- the Word tab's depth: characters taken apart, examples from the library -----------------
    def _show_depth(self, token: int) -> None:
        """From the cache at once, else from a worker: a cursor move never waits for SQLite."""
        tok = self.reading.analysis.tokens[token]
        word = self.reading.analysis.simplified[tok.start : tok.end] if tok.kind == HAN else ""
        if word == self._depth_word and (not word or word in self._depths):
            return  # the same word again: the panel shows it already
        self._depth_word = word
        panel = self.query_one(SidePanel)
        if word in self._depths:
            panel.show_depth(self._depths[word])
            return
        if not word:
            panel.show_depth(None)
            return
        # The last breakdown stays until this one comes (each row starts with its character):
        # clearing it on every move would double what a move sends to the terminal.
        self._load_depth(word)

    @work(thread=True, exclusive=True, group="depth")
    def _load_depth(self, word: str) -> None:
        from textual.worker import get_current_worker

        from tui.core.lexicon.hanzi import word_depth

        # Held back a moment: while the cursor runs through the text, only the word it
        # stops on is looked up, and the UI thread keeps the CPU.
        time.sleep(DEPTH_DELAY)
        if get_current_worker().is_cancelled:
            return
        depth = word_depth(word, current=self.reading.article.id)
        self.app.call_from_thread(self._depth_ready, depth)

    def _depth_ready(self, depth: WordDepth) -> None:
        self._depths[depth.word] = depth
        if depth.word == self._depth_word:
            self.query_one(SidePanel).show_depth(depth)

    @on(OptionList.OptionSelected, "#word-examples")
    def _jump_to_example(self, event: OptionList.OptionSelected) -> None:
        depth = self._depths.get(self._depth_word)
        if depth is None or event.option_index >= len(depth.examples):
            return
        example = depth.examples[event.option_index]
        if example.article == self.reading.article.id:
            self.view.move_to_offset(example.start)
            self.view.focus()
        else:
            self._save_position()
            self.app.open_article(example.article, example.start)  # type: ignore[attr-defined]

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
        self.view.focus()

    def action_find_text(self, query: str) -> bool:
        """Go to the first hit at or after the cursor; False when there is none."""
        # Either script and pinyin need the analysis: the search waits for it.
        if self._wait_for_words("find_text", query):
            return True
        hits = self.reading.find(query)
        self.view.hits = hits
        if not hits:
            if not self.query_one("#find", Input).display:  # run later, for a find typed before the words
                self.notify(f"not found: {query.strip()}", severity="warning")
            return False
        here = self.reading.analysis.tokens[self.view.cursor_token].start
        self.hit = next((i for i, (s, _) in enumerate(hits) if s >= here), 0)
        self.view.move_to_offset(hits[self.hit][0])
        return True

    def action_next_hit(self, delta: int) -> None:
        hits = self.view.hits
        if not hits:
            return
        self.hit = (self.hit + delta) % len(hits)
        self.view.move_to_offset(hits[self.hit][0])

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
        chosen = senses[self.senses.get(simplified, 0)] if senses else ""
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
        self.view.set_status(simplified, "learning")
        surface = tok.text
        self.app.study_writes.submit(  # type: ignore[attr-defined]
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
        return [sense for _, _, senses in info.definitions[:6] for sense in senses[:6]]

    def action_next_sense(self) -> None:
        """Choose the next sense of the word: the one a saved word keeps."""
        if self._wait_for_words("next_sense"):
            return
        token = self.view.cursor_token
        senses = self._sense_list(token)
        if not senses:
            return
        word = self._word(token)
        self.senses[word] = (self.senses.get(word, 0) + 1) % len(senses)
        self._update_panel(token)

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
        self.view.set_status(word, status)
        surface = tok.text
        self.app.study_writes.submit(  # type: ignore[attr-defined]
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
            for word in changed:
                self.view.set_status(word, "ignored" if ignored else "new", refresh=False)
            self.view.refresh()
            if not ignored:
                self.notify(f"{len(changed)} glossary terms and names no longer ignored")
                return
            kept = len(words) - len(changed)
            message = f"{len(changed)} glossary terms and names ignored"
            if kept:
                message += f", {kept} you marked kept as they were"
            self.notify(message + " (i again: undo)")

        self.app.study_writes.submit(ignore, done)  # type: ignore[attr-defined]

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
        self.app.study_writes.submit(  # type: ignore[attr-defined]
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
        self.app.study_writes.submit(  # type: ignore[attr-defined]
            lambda study: study.fix_segment(word, parts), lambda _: self._reanalyse(tok.start, message)
        )

    def _reanalyse(self, offset: int, message: str) -> None:
        if not self.is_current:
            return
        app = self.app
        app.analyzer = None  # type: ignore[attr-defined]
        app.pop_screen()
        app.open_article(self.reading.article.id, offset)  # type: ignore[attr-defined]
        app.notify(message)

    def action_show_status(self) -> None:
        self.view.show_status = not self.view.show_status

    def action_next_tab(self) -> None:
        tabs = self.query_one("#side-tabs", TabbedContent)
        order = ["tab-word", "tab-sentence", "tab-glossary"]
        tabs.active = order[(order.index(tabs.active) + 1) % len(order)] if tabs.active in order else order[0]

    def action_glossary(self) -> None:
        self.query_one("#side-tabs", TabbedContent).active = "tab-glossary"
        self.query_one("#glossary", OptionList).focus()

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
            if self.is_attached:
                self.view.bookmarks = bookmarks
            self.notify("bookmarked" if added else "bookmark removed")

        self.app.study_writes.submit(toggle, done)  # type: ignore[attr-defined]

    def action_next_bookmark(self) -> None:
        bookmarks = self.view.bookmarks
        if not bookmarks:
            self.notify("no bookmarks in this article (b adds one)")
            return
        here = self.reading.analysis.tokens[self.view.cursor_token].start
        after = [b for b in bookmarks if b > here]
        self.view.move_to_offset(after[0] if after else bookmarks[0])

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
        article, offset, moved = self.reading.article.id, self.reading_offset, self.reading_offset != self.saved_offset
        self.saved_offset = offset
        seconds = self._clock.take()

        def save(study: Study) -> None:
            if moved:
                study.save_position(article, offset)
            for day, spent in seconds.items():
                study.add_reading_time(article, spent, day)

        self.app.study_writes.submit(save)  # type: ignore[attr-defined]

    def on_unmount(self) -> None:
        from tui.store.db import StoreError

        if self._position_timer is not None:
            self._position_timer.stop()
        # Leaving waits for the writes asked for (bounded: a lock held elsewhere gives up in 2 s),
        # then saves the position here: a worker might not start while the app shuts down.
        self.app.study_writes.wait(timeout=5)  # type: ignore[attr-defined]
        if self.reading.article.origin == "file":
            return
        try:
            study = Study()
            if self.reading_offset != self.saved_offset:
                study.save_position(self.reading.article.id, self.reading_offset)
            self._clock.tick(time.time())
            self._clock.flush(study, self.reading.article.id)
        except StoreError:
            pass  # locked, read-only or full: the last position saved while reading stands


def _label(text: str) -> Text:
    """A label from the article or glossary: a Text, so never parsed as markup, made inert."""
    return Text(inert(text, one_line=True))
