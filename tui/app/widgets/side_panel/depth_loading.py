"""Breakdowns and examples for the word at the cursor: from the cache at once, else a worker.

A mixin of the side panel (a cursor move never waits for SQLite): it keeps what was loaded
and lays out ahead what the next move will need."""

from __future__ import annotations

import time

from rich.text import Text
from textual import work
from textual.css.query import NoMatches
from textual.widget import Widget
from textual.worker import Worker

from tui.app.widgets.side_panel.depth import (
    DEPTH_DELAY,
    LAID_OUT_KEPT,
    DepthBox,
    Prepared,
    breakdown_lines,
    breakdowns_built_apart,
    depth_heading,
    lay_out_depth,
)
from tui.app.widgets.side_panel.examples import ExampleLines, example_line, lay_out_examples
from tui.app.widgets.side_panel.lines import Wrapped
from tui.core.lexicon.hanzi import WordDepth
from tui.core.reading import Reading
from tui.core.study.reading_state import ReadingState
from tui.core.text.tokens import HAN

# Words either side of the cursor (in words, nearest first): a move that finds these loaded
# starts no worker (a worker a move cost the UI thread ~1 ms); one that starts it loads the
# wider window, so that the next few moves find theirs loaded too.
NEAR = (1, -1, 2)
AHEAD = (1, -1, 2, 3, -2, 4, 5, 6)


class DepthLoading(Widget):
    """The depth box and the examples of the side panel, and the worker that fills them."""

    reading: Reading
    state: ReadingState
    _script: str  # the view the article shows: its characters are taken apart

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._depths: dict[tuple[str, str], WordDepth] = {}  # (word, as shown) -> its depth, as loaded
        self._example_lines: dict[tuple[str, int], list[Text]] = {}  # (word, width) -> laid out: a word met again
        self._depth_key = ("", "")
        self._depth_worker: Worker[None] | None = None

    def show_depth(self, depth: WordDepth | None) -> None:
        """Each character taken apart, words of the library sharing it, and sentences from elsewhere."""
        examples = self.query_one("#word-examples", ExampleLines)
        box = self.query_one("#word-depth", DepthBox)
        if depth is None:
            if examples.option_count:
                examples.show(None)
            box.show(None)
            return
        headings, style, key = depth_heading(depth)
        box.show(lambda width: breakdown_lines(depth, width), headings, style, key=key)
        examples.show(lambda width: self._example_rows(depth, width))

    def _example_rows(self, depth: WordDepth, width: int) -> list[Text]:
        """The word's examples broken for `width`: kept, for a word met again."""
        lines = self._example_lines.get((depth.word, width))
        if lines is None:
            if len(self._example_lines) > LAID_OUT_KEPT:
                self._example_lines.clear()
            lines = [example_line(e.article, e.sentence, depth.word, width) for e in depth.examples]
            self._example_lines[(depth.word, width)] = lines
        return lines

    def _forms(self, token: int) -> tuple[str, str, str]:
        """(Simplified word, the word as shown, the word in the other script) at `token`."""
        reading = self.reading
        tok = reading.analysis.tokens[token]
        if tok.kind != HAN:
            return ("", "", "")
        word = reading.word_text(token)
        shown = reading.view_slice(self._script, tok.start, tok.end)
        other = reading.view_slice("traditional", tok.start, tok.end) if shown == word else word
        return (word, shown, other)

    def _show_depth(self, token: int) -> None:
        """From the cache at once, else from a worker: a cursor move never waits for SQLite."""
        forms = self._forms(token)
        key = (forms[0], forms[1])
        if key != self._depth_key or (key[0] and key not in self._depths):
            self._depth_key = key
            if key in self._depths:
                self.show_depth(self._depths[key])
            elif not key[0]:
                self.show_depth(None)
            # Else the last breakdown stays until this one comes (each row starts with its
            # character): clearing it on every move would double what a move sends.
        worker = self._depth_worker
        if worker is None or worker.is_finished:
            depths = self._depths
            near = [forms, *self._neighbours(token, NEAR)]
            if all(not f[0] or (f[0], f[1]) in depths for f in near):
                return  # loaded ahead: no worker, and a worker still resting is not moved on
        sizes = (self.query_one("#word-depth", DepthBox).box_size(), self.query_one(ExampleLines).box_size())
        self._depth_worker = self._load_depths(forms, self._neighbours(token, AHEAD), sizes)

    def _neighbours(self, token: int, steps: tuple[int, ...]) -> list[tuple[str, str, str]]:
        """The words `steps` words from the cursor, nearest first: where it goes next."""
        reading = self.reading
        words, tokens = reading.words, reading.analysis.tokens
        if reading.analysis.provisional or not words:
            return []
        i = reading.word_at(tokens[token].start)
        found: list[tuple[str, str, str]] = []
        for k in (i + step for step in steps):
            if 0 <= k < len(words) and tokens[words[k]].kind == HAN:
                found.append(self._forms(words[k]))
        return found

    @work(thread=True, exclusive=True, group="depth")
    def _load_depths(
        self,
        forms: tuple[str, str, str],
        neighbours: list[tuple[str, str, str]],
        sizes: tuple[tuple[int, int], tuple[int, int, int]],
    ) -> None:
        from textual.worker import get_current_worker

        from tui.core.lexicon.hanzi import word_depth

        wanted = [f for f in dict.fromkeys([forms, *neighbours]) if f[0] and (f[0], f[1]) not in self._depths]
        if not wanted:
            return
        breakdowns_built_apart()
        # Held back a moment: while the cursor runs through the text, only the words where it
        # stops are looked up, and the UI thread keeps the CPU. The neighbours are loaded
        # ahead so that the next move shows its breakdown in the same frame as the cursor.
        time.sleep(DEPTH_DELAY)
        worker = get_current_worker()
        article = self.reading.article.id
        console = self.app.console
        for word, shown, other in wanted:
            if worker.is_cancelled:
                return
            depth = word_depth(word, current=article, shown=shown, other=other)
            # Laid out here too, for the sizes the boxes had when the move started: the move
            # that reaches this word only compares rows.
            (width, height), examples_box = sizes
            headings, style, key = depth_heading(depth)
            laid = lay_out_depth(breakdown_lines(depth, width), headings, style, width, height, console)
            laid_examples: dict[int, list[Text]] = {}

            def rows(width: int, depth: WordDepth = depth, laid: dict[int, list[Text]] = laid_examples) -> list[Text]:
                lines = [example_line(e.article, e.sentence, depth.word, width) for e in depth.examples]
                laid[width] = lines
                return lines

            lay_out_examples(rows, *examples_box)
            prepared = (key, Wrapped.of(laid, width, console), height, laid_examples)
            self.app.call_from_thread(self._depth_ready, depth, prepared)

    def _depth_ready(self, depth: WordDepth, prepared: Prepared | None = None) -> None:
        self._depths[depth.key] = depth
        if prepared is not None:
            key, wrapped, height, laid_examples = prepared
            try:
                self.query_one("#word-depth", DepthBox).keep(key, wrapped, height)
            except NoMatches:
                return  # the reader closed while it was loaded
            if len(self._example_lines) > LAID_OUT_KEPT:
                self._example_lines.clear()
            for examples_width, lines in laid_examples.items():
                self._example_lines[(depth.word, examples_width)] = lines
        if depth.key == self._depth_key:
            try:
                self.show_depth(depth)
            except NoMatches:  # the reader closed (or reopened the article) while it was loaded
                pass
