"""The side panel: the current word, its sentence in the other script, and the glossary terms.

Its parts live beside it: the text boxes (lines.py), the Word tab (word_tab.py, depth.py,
examples.py, depth_loading.py), the Sentence tab (sentence_tab.py), the Glossary tab
(glossary_tab.py)."""

from __future__ import annotations

from dataclasses import dataclass

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import OptionList, TabbedContent, TabPane, Tabs

from tui.app.widgets.side_panel.depth import DepthBox
from tui.app.widgets.side_panel.depth_loading import DepthLoading
from tui.app.widgets.side_panel.examples import ExampleLines
from tui.app.widgets.side_panel.glossary_tab import Terms, glossary_labels, next_occurrence
from tui.app.widgets.side_panel.lines import SentenceLines, TextLines
from tui.app.widgets.side_panel.sentence_tab import other_sentence, sentence_text
from tui.app.widgets.side_panel.word_tab import status_note, word_text
from tui.core.lexicon.dictionary import Dictionary
from tui.core.reading import Reading, WordInfo
from tui.core.study.reading_state import Change, ReadingState


class SidePanel(DepthLoading, Vertical):
    """Tabs for the word under the cursor, its sentence, and the article's glossary terms.

    It observes the reading state and shows the word at the reading position in the same
    call that moved it, so the terminal gets the cursor and the panel in one frame. Choices
    made here go out as messages: `Jump` within the text, `OpenExample` in another article."""

    @dataclass
    class Jump(Message):
        """Go to `offset` in this article's text."""

        offset: int
        focus_text: bool = False

    @dataclass
    class OpenExample(Message):
        """Open `article` at `offset`: an example sentence from elsewhere in the library."""

        article: str
        offset: int

    def __init__(self, reading: Reading, state: ReadingState, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.reading = reading
        self.state = state
        self.dictionary: Dictionary | None = None
        self._glossary_terms: Terms = []
        self._script = "original"  # the view the article shows: its characters are taken apart
        self._sentence_shown: tuple[Reading, int, int] | None = None  # whose sentence the tab shows

    def compose(self) -> ComposeResult:
        with TabbedContent(id="side-tabs"):
            with TabPane("Word", id="tab-word"):
                # Tab comes here from the text: arrows and PgUp/PgDn scroll it, Esc goes back.
                with VerticalScroll(id="word-scroll"):
                    yield TextLines(id="word")
                    yield DepthBox(id="word-depth")
                    yield ExampleLines(id="word-examples")
            with TabPane("Sentence", id="tab-sentence"):
                yield SentenceLines(id="sentence")
            with TabPane("Glossary", id="tab-glossary"):
                yield OptionList(id="glossary")

    def on_descendant_focus(self) -> None:
        # Read, not glanced at: every line the panel has, the breakdown and examples too
        # (the Word box's height follows its lines, the fold at 24 rows opens).
        self.add_class("-browsing")

    def on_descendant_blur(self) -> None:
        self.call_after_refresh(self._browsing)

    def _browsing(self) -> None:
        focused = self.screen.focused if self.is_attached else None
        if focused is None or self not in focused.ancestors:
            self.remove_class("-browsing")
            self.query_one("#word-scroll", VerticalScroll).scroll_home(animate=False, immediate=True)

    def on_mount(self) -> None:
        for tabs in self.query(Tabs):
            tabs.can_focus = False  # Tab goes into the panel's text, t changes the tab
        self._fill_glossary()
        self.state.observe(self._changed)

    def on_unmount(self) -> None:
        self.state.forget(self._changed)

    def _changed(self, change: Change) -> None:
        if change.what in ("position", "sense"):
            self.show(self.reading.token_at(self.state.position))

    def set_reading(self, reading: Reading) -> None:
        """Words arrived in place of characters: the glossary terms with them."""
        self.reading = reading
        self._fill_glossary()

    def set_dictionary(self, dictionary: Dictionary) -> None:
        self.dictionary = dictionary
        self.show(self.reading.token_at(self.state.position))

    # --- tabs --------------------------------------------------------------------------------

    def next_tab(self) -> None:
        tabs = self.query_one("#side-tabs", TabbedContent)
        order = ["tab-word", "tab-sentence", "tab-glossary"]
        tabs.active = order[(order.index(tabs.active) + 1) % len(order)] if tabs.active in order else order[0]

    def show_glossary(self) -> None:
        """The Glossary tab, with the focus in its list."""
        self.query_one("#side-tabs", TabbedContent).active = "tab-glossary"
        self.query_one("#glossary", OptionList).focus()

    def _fill_glossary(self) -> None:
        self._glossary_terms, labels = glossary_labels(self.reading, self._script)
        self.query_one("#glossary", OptionList).set_options(labels)

    @on(OptionList.OptionSelected, "#glossary")
    def _next_occurrence(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        _, _, offsets = self._glossary_terms[event.option_index]
        self.post_message(self.Jump(next_occurrence(offsets, self.state.position)))

    @on(ExampleLines.Chosen)
    def _example_chosen(self, event: ExampleLines.Chosen) -> None:
        event.stop()
        depth = self._depths.get(self._depth_key)
        if depth is None or event.index >= len(depth.examples):
            return
        example = depth.examples[event.index]
        if example.article == self.reading.article.id:
            self.post_message(self.Jump(example.start, focus_text=True))
        else:
            self.post_message(self.OpenExample(example.article, example.start))

    # --- what the panel shows ----------------------------------------------------------------

    def show(self, token: int) -> None:
        """The word at `token`, its sentence and its breakdown (from the cache, else later)."""
        reading = self.reading
        if self.dictionary is not None:
            info = reading.word_info(token, self.dictionary)
            self.show_word(info, self.state.sense(info.simplified))
        start, end = reading.sentence_span(token)
        shown = self._sentence_shown
        if shown is None or shown[0] is not reading or shown[1:] != (start, end):  # a move within a sentence leaves it
            self._sentence_shown = (reading, start, end)
            self.show_sentence(*other_sentence(reading, start, end))
        self._show_depth(token)

    def show_word(self, info: WordInfo, chosen: int = 0) -> None:
        """The word; `chosen` is the sense (counted over all entries) the user picked with `e`."""
        self.query_one("#word", TextLines).set_text(word_text(info, chosen, status_note(self.state, info.simplified)))

    def show_sentence(self, other: str, pinyin: str) -> None:
        self.query_one("#sentence", TextLines).set_text(sentence_text(other, pinyin))

    def show_script(self, view: str) -> None:
        """The article shows `view` now (original, simplified, traditional): take its characters apart."""
        if view != self._script:
            self._script = view
            self._fill_glossary()
            self._show_depth(self.reading.token_at(self.state.position))
