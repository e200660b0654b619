"""The side panel: the current word, its sentence in the other script, and the glossary terms."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Self

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.css.query import NoMatches
from textual.geometry import Region, Size
from textual.message import Message
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList, TabbedContent, TabPane, Tabs

from tui.core.child import run_python
from tui.core.lexicon.dictionary import Dictionary
from tui.core.lexicon.hanzi import WordDepth, in_marks
from tui.core.reading import Reading, WordInfo
from tui.core.study.reading_state import Change, ReadingState
from tui.core.text.chars import has_han
from tui.core.text.inert import STAND_IN, inert
from tui.core.text.script import to_simplified_same_length, traditional_view
from tui.core.text.tokens import HAN

DEPTH_DELAY = 0.15  # seconds the cursor rests on a word before breakdowns are loaded

if TYPE_CHECKING:
    from rich.console import Console


class TextLines(Widget):
    """Wrapped text that repaints only the rows that changed.

    The panel changes on every cursor move; repainting just the changed rows keeps
    the bytes sent to the terminal low, which matters over SSH.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._text = Text()
        self._rows: list[list[Segment]] = []
        # Drawn rows, kept until their row or the widget's style changes: the compositor asks
        # for every row of a box that has one dirty, and the widget's style (a walk up its
        # ancestors) cost more than the row.
        self._strips: dict[int, Strip] = {}
        self._style: Style | None = None

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style = None
        self._strips.clear()

    def _widget_style(self) -> Style:
        if self._style is None:
            self._style = self.rich_style
        return self._style

    @property
    def plain(self) -> str:
        return self._text.plain

    def set_text(self, text: Text, wrapped: Wrapped | None = None) -> None:
        """Show `text`; `wrapped` is it made inert and wrapped ahead (by `wrap_rows`), for a width."""
        if wrapped is not None and wrapped.source is text and wrapped.width == self.size.width:
            self._text = wrapped.text
            self._rewrap(rows=wrapped.rows)
            return
        self._text = _inert_text(text)
        self._rewrap()

    def on_resize(self) -> None:
        self._rewrap(force=True)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        """Every wrapped line (with `height: auto`, when the panel is browsed)."""
        return len(self._wrap(self.app.console, width)) if width > 0 else 0

    def _rewrap(self, force: bool = False, rows: list[list[Segment]] | None = None) -> None:
        width = self.size.width
        if width <= 0:
            return
        if rows is None:
            console = self.app.console
            rows = [list(line.render(console)) for line in self._wrap(console, width)]
        if force:
            self._rows = rows
            self._strips.clear()
            self.refresh()
            return
        old = self._rows
        self._rows = rows
        for y in range(max(len(old), len(rows))):
            before = old[y] if y < len(old) else []
            after = rows[y] if y < len(rows) else []
            if before != after:
                self._strips.pop(y, None)
                # Only the cells that changed: a row's unchanged head and blank tail are
                # not sent again, which halves what a cursor move writes.
                span = _changed_cells(before, after)
                if span is not None:
                    self.refresh(Region(span[0], y, span[1] - span[0], 1))

    def _wrap(self, console: Console, width: int) -> list[Text]:
        return list(self._text.wrap(console, width))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        strip = self._strips.get(y)
        if strip is not None and strip.cell_length == width:
            return strip
        style = self._widget_style()
        if y < len(self._rows):
            # The widget's colours under the text's own styles, as Static would draw it.
            strip = Strip(Segment.apply_style(self._rows[y], style=style)).adjust_cell_length(width, style)
        else:
            strip = Strip.blank(width, style)
        self._strips[y] = strip
        return strip


@dataclass(frozen=True)
class Wrapped:
    """A Text made inert and broken into rendered rows for `width`: work a worker does ahead."""

    source: Text
    text: Text
    width: int
    rows: list[list[Segment]]

    @classmethod
    def of(cls, source: Text, width: int, console: Console) -> Wrapped:
        text = _inert_text(source)
        return cls(source, text, width, wrap_rows(text, width, console))


def _inert_text(text: Text) -> Text:
    # Words, sentences and glossary notes come from files: shown, never obeyed. The
    # replacement is one character for one, so the styles' spans stay where they were.
    shown = _based(inert(text.plain))
    if shown is not text.plain:
        text = text.copy()
        text.plain = shown
    return text


def _based(text: str) -> str:
    """`text` with each zero-width character that could begin a row shown as ⬚ (one for one).

    At a row's start it has no character of the box to join: the terminal joins it to the
    cell left of the box (the border), which a later write of the box never sends again."""
    if not any(cell_len(ch) == 0 for ch in text):
        return text
    chars = list(text)
    for i, ch in enumerate(chars):
        if (i == 0 or text[i - 1].isspace()) and ch != "\n" and not ch.isspace() and cell_len(ch) == 0:
            chars[i] = STAND_IN
    shown = "".join(chars)
    return text if shown == text else shown


def wrap_rows(text: Text, width: int, console: Console) -> list[list[Segment]]:
    return [list(line.render(console)) for line in text.wrap(console, width)]


def _changed_cells(before: list[Segment], after: list[Segment]) -> tuple[int, int] | None:
    """Cells [start, end) that cover where two renderings of a row differ; None when they do not.

    The reader's compositor writes a dirty region from its start (Textual's own writes from
    the widget's left edge), so neither the unchanged head (`  also`, ` • `) nor the unchanged,
    often blank, tail is sent again. Both ends fall between characters."""
    if before == after:
        return None
    a, b = _cells(before), _cells(after)
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    start = sum(cell_len(ch) for ch, _ in a[:head])
    wide, wide_after = sum(cell_len(ch) for ch, _ in a), sum(cell_len(ch) for ch, _ in b)
    if wide != wide_after:
        return (start, max(wide, wide_after)) if head < max(len(a), len(b)) else None
    # As wide: the characters the two end with in common stay too.
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    end = wide - sum(cell_len(ch) for ch, _ in a[len(a) - tail :])
    return (start, end) if end > start else None


def _cells(row: list[Segment]) -> list[tuple[str, object]]:
    """Each character of a row with its style."""
    return [(ch, segment.style) for segment in row if not segment.control for ch in segment.text]


class ExampleList(OptionList):
    """The Word tab's example sentences: a list of fixed size, so new examples repaint it alone.

    An OptionList lays the whole screen out again when its lines change in number (its
    virtual size is a layout reactive), which repaints the article's scrollbar on every
    cursor move. Its size is set in CSS, so a repaint is enough while the examples change;
    anything else (showing it, hiding it) still lays out as usual."""

    _replacing = False
    _shown: list[list[Segment]] | None = None  # the rows as last drawn by set_examples
    _shown_as: tuple[int, int | None, bool] | None = None  # (rows, highlighted, focused) then

    def set_examples(self, examples: list[Text]) -> None:
        """Show these examples, repainting only the cells that differ from what was shown."""
        rows = self.scrollable_content_region.height if self.is_mounted else 0
        # What was drawn, unless the size, highlight or focus changed it since.
        before = self._shown if self._shown_as == (rows, self.highlighted, self.has_focus) else None
        self._replacing = True
        try:
            self.set_options(examples)
            # Drawn while still replacing: the list updates its lines (and virtual size, a
            # layout reactive) lazily, in render_line, which would lay the screen out again.
            after = [list(self.render_line(y)) for y in range(rows)]
        finally:
            self._replacing = False
        self._shown, self._shown_as = after, (rows, self.highlighted, self.has_focus)
        if before is None:
            self.refresh()
            return
        for y in range(rows):
            span = _changed_cells(before[y], after[y])
            if span is not None:
                self.refresh(Region(span[0], y, span[1] - span[0], 1))

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        if self._replacing:
            return self  # set_examples repaints what changed
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


class SentenceLines(TextLines):
    """TextLines whose Chinese lines break by our line rules (Rich starts a row with ，)."""

    def _wrap(self, console: Console, width: int) -> list[Text]:
        from tui.core.text.wrap import wrap_spans

        rows: list[Text] = []
        for line in self._text.split("\n", allow_blank=True):
            if has_han(line.plain):
                rows += [line[a:b] for a, b in wrap_spans(line.plain, width)]
            else:
                rows += line.wrap(console, width)
        return rows


class DepthBox(TextLines):
    """The Word tab's breakdown: built for the box's own width and height, again when it resizes.

    The height is fixed (a move changes rows, not the layout): what does not fit is left
    out a kind at a time, and the rest sits at the bottom, over the sentences it introduces.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._build: Callable[[int], list[tuple[int, Text]]] | None = None
        self._headings: tuple[str, ...] = ()
        self._heading_style = ""
        self._key = ""
        # (key, width, height) -> laid out and wrapped: a word met again, or prepared by a worker
        self._laid: dict[tuple[str, int, int], Wrapped] = {}

    def show(
        self,
        build: Callable[[int], list[tuple[int, Text]]] | None,
        headings: tuple[str, ...] = (),
        style: str = "",
        key: str = "",
    ) -> None:
        """`build(width)` gives (priority, line) pairs; higher priorities go first when rows run short.
        The last row is the first of `headings` that fits it. `key` names what is shown, for the cache."""
        self._build, self._headings, self._heading_style, self._key = build, headings, style, key
        wrapped = self._laid_out()
        self.set_text(wrapped.source if wrapped else Text(), wrapped)

    def on_resize(self) -> None:
        wrapped = self._laid_out()
        self.set_text(wrapped.source if wrapped else Text())  # through set_text: made inert there
        self._rewrap(force=True)

    def box_size(self) -> tuple[int, int]:
        return self.size.width or PANEL_WIDTH, self.size.height or DEPTH_ROWS

    def keep(self, key: str, wrapped: Wrapped, height: int) -> None:
        """A layout made ahead (by a worker) for this box's size, shown when `key` is."""
        if len(self._laid) > LAID_OUT_KEPT:
            self._laid.clear()
        self._laid[(key, wrapped.width, height)] = wrapped

    def _laid_out(self) -> Wrapped | None:
        if self._build is None:
            return None
        width, height = self.box_size()
        cache_key = (self._key, width, height)
        if self._key and cache_key in self._laid:
            return self._laid[cache_key]
        console = self.app.console
        laid = lay_out_depth(self._build(width), self._headings, self._heading_style, width, height, console)
        wrapped = Wrapped.of(laid, width, console)
        self.keep(self._key, wrapped, height)
        return wrapped


def lay_out_depth(
    lines: list[tuple[int, Text]], headings: tuple[str, ...], style: str, width: int, height: int, console: Console
) -> Text:
    """The breakdown's lines that fit `height - 1` rows at the bottom, over the first heading that fits."""
    kept = _fit(lines, height - 1, width, console)
    t = Text("\n" * max(0, height - 1 - sum(_rows(line, width, console) for line in kept)))
    for line in kept:
        t.append_text(line)
        t.append("\n")
    fitting = [h for h in headings if cell_len(h) <= width] or list(headings[-1:])
    t.append(fitting[0] if fitting else "", style=style)
    return t


class SidePanel(Vertical):
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
        self._glossary_terms: list[tuple[str, int, list[int]]] = []
        self._depths: dict[tuple[str, str], WordDepth] = {}  # (word, as shown) -> its depth, as loaded
        self._example_lines: dict[tuple[str, int], list[Text]] = {}  # (word, width) -> laid out: a word met again
        self._depth_key = ("", "")
        self._script = "original"  # the view the article shows: its characters are taken apart
        self._sentence_shown: tuple[Reading, int, int] | None = None  # whose sentence the tab shows

    def compose(self) -> ComposeResult:
        with TabbedContent(id="side-tabs"):
            with TabPane("Word", id="tab-word"):
                # Tab comes here from the text: arrows and PgUp/PgDn scroll it, Esc goes back.
                with VerticalScroll(id="word-scroll"):
                    yield TextLines(id="word")
                    yield DepthBox(id="word-depth")
                    yield ExampleList(id="word-examples")
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
        options = self.query_one("#glossary", OptionList)
        self._glossary_terms = self.reading.glossary_counts()
        # Each term as the article writes it in the script shown, the glossary's name after it
        # when that is another word (川普 ×21 (特朗普)).
        written = self.reading.glossary_written(self._script)
        script = self.reading.article.script if self._script == "original" else self._script
        labels = []
        for term, count, _ in self._glossary_terms:
            form = written.get(term, term)
            label = _label(f"{form}  ×{count}")
            if to_simplified_same_length(form) != term:
                name = traditional_view(term, "simplified") if script == "traditional" else term
                label.append(f"  ({inert(name, one_line=True)})", style="dim")
            labels.append(label)
        options.set_options(labels)

    @on(OptionList.OptionSelected, "#glossary")
    def _next_occurrence(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        _, _, offsets = self._glossary_terms[event.option_index]
        here = self.state.position
        after = [o for o in offsets if o > here]
        self.post_message(self.Jump(after[0] if after else offsets[0]))

    @on(OptionList.OptionSelected, "#word-examples")
    def _example_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        depth = self._depths.get(self._depth_key)
        if depth is None or event.option_index >= len(depth.examples):
            return
        example = depth.examples[event.option_index]
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
            other = "traditional" if reading.article.script != "traditional" else "simplified"
            sentence = reading.view_slice(other, start, end)
            first, last = reading.token_at(start), reading.token_at(max(start, end - 1))
            self.show_sentence(sentence, reading.pinyin_line(first, last))
        self._show_depth(token)

    def show_word(self, info: WordInfo, chosen: int = 0) -> None:
        """The word; `chosen` is the sense (counted over all entries) the user picked with `e`."""
        t = Text()
        t.append(info.simplified, style="bold")
        if info.traditional != info.simplified:
            t.append("  " + info.traditional, style="bold")
        t.append("\n")
        # Latin words and numbers (1.6, VT100, Linux) have no reading: no empty lines for one.
        if info.pinyin["marks"].strip():
            t.append(info.pinyin["marks"] + "\n", style="bold cyan")
        if info.pinyin.get("spoken", info.pinyin["marks"]) != info.pinyin["marks"]:
            t.append(f"spoken {info.pinyin['spoken']}\n", style="cyan")
        # Zhuyin, then the tone numbers in brackets: another way to write it, not a second reading.
        if info.pinyin["zhuyin"].strip() or info.pinyin["numbers"].strip():
            t.append(f"{info.pinyin['zhuyin']}  ({info.pinyin['numbers']})\n", style="dim cyan")
        note = self._status_note(info.simplified)
        if note:
            t.append(f"{note}\n", style="magenta")
        if info.hsk:
            t.append(f"HSK {info.hsk}", style="dim")
        t.append(f"  ×{info.count_article} here, ×{info.count_library} in library\n\n", style="dim")
        n = 0
        for form, pinyin, senses in info.definitions:  # every entry, every sense: the panel scrolls
            t.append(f"{form} {pinyin}\n", style="yellow")
            for sense in senses:
                if n == chosen:
                    t.append(f" ▸ {sense}\n", style="bold")
                else:
                    t.append(f" • {sense}\n")
                n += 1
        if not info.definitions:
            t.append("no dictionary entry\n", style="dim")
        if info.glossary_term:
            t.append(f"\nGlossary: {info.glossary_term} — {info.glossary_english}\n", style="bold green")
            t.append(f"{info.glossary_note}\n")
        self.query_one("#word", TextLines).set_text(t)

    def _status_note(self, word: str) -> str | None:
        """ "known (imported 2026-12-07)", "learning since …": the word's status and how it got it."""
        status = self.state.status(word)
        if status == "new":
            return None
        from tui.core.study.vocab import status_note
        from tui.store.db import StoreError
        from tui.store.study import Study

        try:
            found = Study().status_of(word)
        except StoreError:
            found = None
        return status_note(*found) if found is not None and found[0] == status else status

    def show_depth(self, depth: WordDepth | None) -> None:
        """Each character taken apart, words of the library sharing it, and sentences from elsewhere."""
        examples = self.query_one("#word-examples", ExampleList)
        box = self.query_one("#word-depth", DepthBox)
        if depth is None:
            if examples.option_count:
                examples.set_examples([])
            box.show(None)
            return
        headings, style, key = _depth_heading(depth)
        box.show(lambda width: _breakdown_lines(depth, width), headings, style, key=key)
        # Replaced in one go: cleared first, the list's size would change twice and the
        # screen be laid out again (repainting the article's scrollbar) for nothing.
        width = self._examples_width()
        lines = self._example_lines.get((depth.word, width))
        if lines is None:
            if len(self._example_lines) > LAID_OUT_KEPT:
                self._example_lines.clear()
            lines = [_example_line(e.article, e.sentence, depth.word, width) for e in depth.examples]
            self._example_lines[(depth.word, width)] = lines
        examples.set_examples([line.copy() for line in lines])

    def _examples_width(self) -> int:
        return self.query_one("#word-examples", ExampleList).scrollable_content_region.width or PANEL_WIDTH

    def show_sentence(self, other: str, pinyin: str) -> None:
        t = Text(other + "\n\n")
        t.append(pinyin, style="cyan")
        self.query_one("#sentence", TextLines).set_text(t)

    def show_script(self, view: str) -> None:
        """The article shows `view` now (original, simplified, traditional): take its characters apart."""
        if view != self._script:
            self._script = view
            self._fill_glossary()
            self._show_depth(self.reading.token_at(self.state.position))

    def _forms(self, token: int) -> tuple[str, str, str]:
        """(Simplified word, the word as shown, the word in the other script) at `token`."""
        reading = self.reading
        tok = reading.analysis.tokens[token]
        if tok.kind != HAN:
            return ("", "", "")
        word = reading.analysis.simplified[tok.start : tok.end]
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
        sizes = (self.query_one("#word-depth", DepthBox).box_size(), self._examples_width())
        self._load_depths(forms, self._neighbours(token), sizes)

    def _neighbours(self, token: int) -> list[tuple[str, str, str]]:
        """The words either side of the cursor, nearest first: where it goes next."""
        reading = self.reading
        words, tokens = reading.words, reading.analysis.tokens
        if reading.analysis.provisional or not words:
            return []
        i = reading.word_at(tokens[token].start)
        found: list[tuple[str, str, str]] = []
        for k in (i + 1, i - 1, i + 2, i + 3, i - 2):
            if 0 <= k < len(words) and tokens[words[k]].kind == HAN:
                found.append(self._forms(words[k]))
        return found

    @work(thread=True, exclusive=True, group="depth")
    def _load_depths(
        self, forms: tuple[str, str, str], neighbours: list[tuple[str, str, str]], sizes: tuple[tuple[int, int], int]
    ) -> None:
        from textual.worker import get_current_worker

        from tui.core.lexicon.hanzi import word_depth

        wanted = [f for f in dict.fromkeys([forms, *neighbours]) if f[0] and (f[0], f[1]) not in self._depths]
        if not wanted:
            return
        _breakdowns_built_apart()
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
            (width, height), examples_width = sizes
            headings, style, key = _depth_heading(depth)
            laid = lay_out_depth(_breakdown_lines(depth, width), headings, style, width, height, console)
            lines = [_example_line(e.article, e.sentence, depth.word, examples_width) for e in depth.examples]
            prepared = (key, Wrapped.of(laid, width, console), height, examples_width, lines)
            self.app.call_from_thread(self._depth_ready, depth, prepared)

    def _depth_ready(self, depth: WordDepth, prepared: Prepared | None = None) -> None:
        self._depths[depth.key] = depth
        if prepared is not None:
            key, wrapped, height, examples_width, lines = prepared
            try:
                self.query_one("#word-depth", DepthBox).keep(key, wrapped, height)
            except NoMatches:
                return  # the reader closed while it was loaded
            if len(self._example_lines) > LAID_OUT_KEPT:
                self._example_lines.clear()
            self._example_lines[(depth.word, examples_width)] = lines
        if depth.key == self._depth_key:
            try:
                self.show_depth(depth)
            except NoMatches:  # the reader closed (or reopened the article) while it was loaded
                pass


_BUILDING_APART = threading.Lock()
_BUILT: set[str] = set()  # homes whose breakdowns were found built: not asked again


def _breakdowns_built_apart() -> None:
    """Build the breakdown table (once per home, 2 s of CPU) in a child process.

    Built in this worker thread it held the GIL: the first moves of a new home took up to
    200 ms each. Waiting for a child leaves the UI thread free; other workers wait here."""
    from tui.core.lexicon.hanzi import breakdowns_ready
    from tui.store.paths import cache_db_path

    home = str(cache_db_path())
    if home in _BUILT:
        return
    with _BUILDING_APART:
        if breakdowns_ready():
            _BUILT.add(home)
            return
        # If the child fails, the first lookup builds it here, as before.
        run_python("from tui.core.lexicon.hanzi import decompose; decompose('一')")


EXAMPLE_CONTEXT = 14  # characters either side of the word: two rows of the panel


PANEL_WIDTH = 40  # the panel's inner width and the depth box's height before the first layout (yuedu.tcss)
DEPTH_ROWS = 10
LAID_OUT_KEPT = 256  # words whose breakdown layout is kept


# What a worker prepares for a word: the depth box's key, its layout, the box height it is for,
# and the example rows with the list width they are for.
Prepared = tuple[str, Wrapped, int, int, list[Text]]


def _depth_heading(depth: WordDepth) -> tuple[tuple[str, ...], str, str]:
    """The depth box's headings (longest first), their style, and the key that names the layout."""
    if depth.examples:
        headings, style = ("Elsewhere in your library (Enter jumps)", "Elsewhere (Enter jumps)"), "bold"
    else:
        headings, style = ("In no other sentence in your library", "In no other sentence"), "dim"
    return headings, style, f"{depth.shown}|{depth.word}|{len(depth.examples)}"


def _breakdown_lines(depth: WordDepth, width: int) -> list[tuple[int, Text]]:
    """(priority, line) for each character: its radical and rank (0), components and phonetic (1),
    and other words of the library that share it (2, as many as fit one row of `width`)."""
    lines: list[tuple[int, Text]] = []
    for c in depth.characters:
        head = Text(str(c["char"]), style="bold")
        if other := depth.other.get(str(c["char"])):
            head.append(f" ({other})")  # both scripts: the one shown is taken apart
        if c["radical"]:
            head.append(f"  radical {c['radical']}", style="green")
            if c["radical_meaning"]:
                head.append(f" {c['radical_meaning']}", style="green")
        if c["rank"]:
            head.append(f"  #{c['rank']}", style="dim")
        lines.append((0, head))
        parts = Text("  " + " + ".join(map(str, c["components"])))  # type: ignore[call-overload]
        if c["phonetic"]:
            sound = "sounds alike" if c["regular"] else str(c["regularity"] or "sounds different")
            parts.append(f"  sound {c['phonetic']} {in_marks(str(c['phonetic_pinyin']))}: {sound}", style="cyan")
        if c["components"] or c["phonetic"]:
            lines.append((1, parts))
        shared = depth.shared.get(str(c["char"]), [])
        also = Text("  also", style="dim")
        for n, (w, _) in enumerate(shared):
            gap = " " if n == 0 else "  "
            if also.cell_len + len(gap) + cell_len(w) > width:
                break
            also.append(gap + w)
        if also.cell_len > len("  also"):
            lines.append((2, also))
    return lines


def _rows(line: Text, width: int, console: Console) -> int:
    return len(line.wrap(console, width))


def _fit(lines: list[tuple[int, Text]], rows: int, width: int, console: Console) -> list[Text]:
    """The lines in order, leaving out the least needed kind until they fit in `rows`."""
    for keep in (2, 1, 0):
        kept = [line for priority, line in lines if priority <= keep]
        if sum(_rows(line, width, console) for line in kept) <= rows:
            return kept
    return kept[: max(0, rows)]


def _example_line(article: str, sentence: str, word: str, width: int = PANEL_WIDTH) -> Text:
    """`001·…context 同盟 context…`, the word in bold: a sentence cut to fit the panel and
    broken into rows of `width` by our line rules (Rich would start a row with 。).

    Broken here, once, into plain rows: an option that wraps itself is laid out again
    by the list on every change, which cost a cursor move more than the rest of the panel.
    """
    from tui.core.lexicon.glossary import normalise
    from tui.core.text.wrap import wrap_spans

    sentence = inert(sentence, one_line=True)  # from a file: shown, never obeyed (one for one)
    at = normalise(sentence).find(normalise(word))
    marker = Text(f"{article[:3]}·", style="dim")
    if at < 0:
        body = Text(sentence[: 2 * EXAMPLE_CONTEXT])
    else:
        lo, hi = max(0, at - EXAMPLE_CONTEXT), min(len(sentence), at + len(word) + EXAMPLE_CONTEXT)
        body = Text(("…" if lo else "") + sentence[lo:at])
        body.append(sentence[at : at + len(word)], style="bold underline")
        body.append(sentence[at + len(word) : hi] + ("…" if hi < len(sentence) else ""))
    out = Text(no_wrap=True, overflow="ellipsis")
    for n, (start, end) in enumerate(wrap_spans(body.plain, max(4, width - marker.cell_len))):
        out.append_text(marker if n == 0 else Text("\n" + " " * marker.cell_len))
        out.append_text(body[start:end])
    return out


def _label(text: str) -> Text:
    """A label from the article or glossary: a Text, so never parsed as markup, made inert."""
    return Text(inert(text, one_line=True))
