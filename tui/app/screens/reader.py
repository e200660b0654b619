"""The reader: outline pane, the article, the side panel and the footer, wired together.

Each pane owns what it shows and does; they share one `ReadingState` (statuses, bookmarks,
senses, position), which they observe, and ask the screen for what is not theirs (a jump,
another article) with messages. The screen keeps the keys and the writes; the rules are the
core's (Reading, saved_word_at, the Navigator), the workers are in reader_loading.py and the
find box in reader_find.py."""

from __future__ import annotations

import time
from functools import partial
from typing import TYPE_CHECKING

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Header, Input

from tui.app.commands import bindings
from tui.app.screens.reader_find import HIT_AT, ReaderFind
from tui.app.screens.reader_keeping import REST_SWEEP, ReaderKeeping
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.inert_input import InertInput
from tui.app.widgets.outline_pane import OutlinePane
from tui.app.widgets.reader_footer import ReaderFooter
from tui.app.widgets.side_panel import SidePanel
from tui.core.library.outline import Outline, heading_spans
from tui.core.reading import VIEWS, Reading
from tui.core.study.progress import ReadingClock
from tui.core.study.reading_state import ReadingState
from tui.core.text.script import in_view
from tui.core.text.tokens import HAN
from tui.store.study import Study

if TYPE_CHECKING:
    from tui.app.main import YueduApp

TEXT_WIDTHS = (60, 80, 100, 0)  # w cycles them; 0 is the whole width

# ArticleView toggles a reopened article keeps (x and m reopen it analysed again).
VIEW_SETTINGS = ("view", "show_pinyin", "sandhi", "tone_colours", "raw", "show_status")


class ReaderScreen(ReaderFind, ReaderKeeping):
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    # Below 32 rows the Word tab keeps its room for the senses; the breakdown needs 17.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = bindings("reader")

    def __init__(
        self,
        host: YueduApp,
        reading: Reading,
        state: ReadingState,
        start: int | None,
        settings: dict[str, object] | None = None,
        outline: Outline | None = None,
    ) -> None:
        """`reading` is analysed or not yet (characters, analysed in a worker); `outline`, when
        known already (the article reopened), is shown at once, else made in a worker."""
        super().__init__()
        self.settings = settings or {}  # the view's toggles, carried over when the article is reopened
        from tui.app.terminal import compositor

        self._compositor = compositor() or self._compositor  # a cursor move sends its words, not their lines
        self.host = host  # the app, typed: its writes, analyser and article opening
        self.reading = reading
        self.state = state
        self.start = start
        self.outline = outline
        self.dictionary = None
        self.hit = -1
        self._position_timer = None
        self._clock = ReadingClock(time.time())  # reading time, for the progress screen
        self._moved_at = None
        self.analysing = "analysing…" if reading.analysis.provisional else None
        self._waiting = []

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal():
            yield OutlinePane(self.outline, self.state, id="outline")
            yield ArticleView(self.reading, self.state, tables=self._tables(), id="article")
            yield SidePanel(self.reading, self.state, id="side")
        yield InertInput(placeholder="find: characters in either script, or pinyin", id="find")
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
        if self.outline is not None:
            view.headings = heading_spans(self.outline, self.reading.article)
        view.focus()
        self.set_interval(REST_SWEEP, self.sweep_at_rest)
        if self.start:
            view.move_to_offset(self.start)
        # The workers start after the first paint: their threads take the GIL (jieba, the
        # dictionary, the index), and with them beside it the text showed half a second later.
        self.call_after_refresh(self._start_workers)

    def _script_shown(self) -> None:
        shown = "original" if self.view.raw else self.view.view
        self.query_one(SidePanel).show_script(shown)
        self.query_one(OutlinePane).write_as(partial(in_view, view=shown, script=self.reading.article.script))

    # --- what the panes ask for ------------------------------------------------------------

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
        self.view.move_words(delta)

    def action_line(self, delta: int) -> None:
        self.view.move_lines(delta)

    def action_page(self, delta: int) -> None:
        self.view.move_page(delta)

    def action_edge(self, end: int) -> None:
        self.view.move_to_edge(end)

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

    def action_save_word(self) -> None:
        if self._wait_for_words("save_word"):
            return
        from tui.core.study.vocab import saved_word_at

        token = self.view.cursor_token
        chosen = self._chosen_sense(token)
        word = saved_word_at(self.reading, token, self.dictionary, chosen[1] if chosen else "")
        if word is None:
            self.notify("the cursor is not on a Chinese word", severity="warning")
            return
        # Shown at once; the write goes on in a worker, and says so if it fails.
        self.state.set_status(word.word, "learning")
        surface = self.reading.analysis.tokens[token].text
        self.host.study_writes.submit(
            lambda study: study.save_word(word),
            lambda _: self.notify(f"saved {surface} as learning", markup=False),
        )

    def _chosen_sense(self, token: int) -> tuple[str, str] | None:
        """The (reading, sense) chosen with `e` for the word at `token`."""
        index = self.state.sense(self.reading.word_text(token))
        return self.reading.sense_chosen(token, self.dictionary, index) if self.dictionary else None

    def action_next_sense(self) -> None:
        """Choose the next sense of the word: the one a saved word keeps."""
        if self._wait_for_words("next_sense"):
            return
        token = self.view.cursor_token
        if self.dictionary is None:
            return
        senses = self.reading.word_info(token, self.dictionary).senses
        if senses:
            self.state.next_sense(self.reading.word_text(token), len(senses))  # the panel observes it

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
        word = self.reading.word_text(self.view.cursor_token)
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
        article, words = self.reading.article.id, self.reading.glossary_words()

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
        if self._wait_for_words("merge") or self.view.cursor + 1 >= len(self.reading.words):
            return
        merged = self.reading.merge_with_next(self.view.cursor)
        if merged is None:
            self.notify("only adjacent Chinese words can be merged", severity="warning")
            return
        a, b, word = merged
        message = f"{a.text}{b.text} is one word from now on"
        self.host.study_writes.submit(
            lambda study: study.fix_segment(word, [word]), lambda _: self._reanalyse(a.start, message)
        )

    def action_split(self) -> None:
        """Cut the word under the cursor in two, from now on."""
        if self._wait_for_words("split"):
            return
        token = self.view.cursor_token
        cut = self.reading.split_point(token, self.dictionary)
        if cut is None:
            return
        tok, word = self.reading.analysis.tokens[token], self.reading.word_text(token)
        message = f"{tok.text} is cut into {tok.text[:cut]} + {tok.text[cut:]} from now on"
        self.host.study_writes.submit(
            lambda study: study.fix_segment(word, [word[:cut], word[cut:]]),
            lambda _: self._reanalyse(tok.start, message),
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
        chosen = self._chosen_sense(token)
        if chosen is None:
            self.notify("no dictionary reading to keep for this word", severity="warning")
            return
        pinyin, sense = chosen
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
