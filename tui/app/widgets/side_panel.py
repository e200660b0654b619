"""The side panel: the current word, its sentence in the other script, and the glossary terms."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList, TabbedContent, TabPane

from tui.core.lexicon.hanzi import WordDepth, in_marks
from tui.core.reading import WordInfo
from tui.core.text.inert import inert

if TYPE_CHECKING:
    from rich.console import Console


class TextLines(Widget):
    """Wrapped text that repaints only the rows that changed.

    The panel changes on every cursor move; repainting just the changed rows keeps
    the bytes sent to the terminal low, which matters over SSH.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._text = Text()
        self._rows: list[list[Segment]] = []

    @property
    def plain(self) -> str:
        return self._text.plain

    def set_text(self, text: Text) -> None:
        # Words, sentences and glossary notes come from files: shown, never obeyed. The
        # replacement is one character for one, so the styles' spans stay where they were.
        shown = inert(text.plain)
        if shown is not text.plain:
            text = text.copy()
            text.plain = shown
        self._text = text
        self._rewrap()

    def on_resize(self) -> None:
        self._rewrap(force=True)

    def _rewrap(self, force: bool = False) -> None:
        width = self.size.width
        if width <= 0:
            return
        console = self.app.console
        rows = [list(line.render(console)) for line in self._text.wrap(console, width)]
        if force:
            self._rows = rows
            self.refresh()
            return
        old = self._rows
        self._rows = rows
        for y in range(max(len(old), len(rows))):
            if y >= len(old) or y >= len(rows) or old[y] != rows[y]:
                self.refresh(Region(0, y, width, 1))

    def render_line(self, y: int) -> Strip:
        width = self.size.width
        if y < len(self._rows):
            # The widget's colours under the text's own styles, as Static would draw it.
            segments = Segment.apply_style(self._rows[y], style=self.rich_style)
            return Strip(segments).adjust_cell_length(width, self.rich_style)
        return Strip.blank(width, self.rich_style)


class DepthBox(TextLines):
    """The Word tab's breakdown: built for the box's own width and height, again when it resizes.

    The height is fixed (a move changes rows, not the layout): what does not fit is left
    out a kind at a time, and the rest sits at the bottom, over the sentences it introduces.
    """

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self._build: Callable[[int], list[tuple[int, Text]]] | None = None
        self._headings: tuple[str, ...] = ()
        self._heading_style = ""
        self._key = ""
        self._laid: dict[tuple[str, int, int], Text] = {}  # (key, width, height) -> laid out: a word met again

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
        self.set_text(self._laid_out())

    def on_resize(self) -> None:
        self.set_text(self._laid_out())  # through set_text: the text is made inert there
        self._rewrap(force=True)

    def _laid_out(self) -> Text:
        if self._build is None:
            return Text()
        width = self.size.width or PANEL_WIDTH
        height = self.size.height or DEPTH_ROWS
        cache_key = (self._key, width, height)
        if self._key and cache_key in self._laid:
            return self._laid[cache_key]
        if len(self._laid) > LAID_OUT_KEPT:
            self._laid.clear()
        self._laid[cache_key] = laid = self._lay_out(self._build, width, height)
        return laid

    def _lay_out(self, build: Callable[[int], list[tuple[int, Text]]], width: int, height: int) -> Text:
        console = self.app.console
        lines = _fit(build(width), height - 1, width, console)
        t = Text("\n" * max(0, height - 1 - sum(_rows(line, width, console) for line in lines)))
        for line in lines:
            t.append_text(line)
            t.append("\n")
        fitting = [h for h in self._headings if cell_len(h) <= width] or list(self._headings[-1:])
        t.append(fitting[0] if fitting else "", style=self._heading_style)
        return t


class SidePanel(Vertical):
    """Tabs for the word under the cursor, its sentence, and the article's glossary terms."""

    def compose(self) -> ComposeResult:
        with TabbedContent(id="side-tabs"):
            with TabPane("Word", id="tab-word"):
                yield TextLines(id="word")
                yield DepthBox(id="word-depth")
                yield OptionList(id="word-examples")
            with TabPane("Sentence", id="tab-sentence"):
                yield TextLines(id="sentence")
            with TabPane("Glossary", id="tab-glossary"):
                yield OptionList(id="glossary")

    def show_word(self, info: WordInfo, chosen: int = 0) -> None:
        """The word; `chosen` is the sense (counted over all entries) the user picked with `e`."""
        t = Text()
        t.append(info.simplified, style="bold")
        if info.traditional != info.simplified:
            t.append("  " + info.traditional, style="bold")
        t.append("\n")
        t.append(info.pinyin["marks"], style="bold cyan")
        t.append(f"  {info.pinyin['numbers']}  {info.pinyin['zhuyin']}\n", style="cyan")
        if info.pinyin.get("spoken", info.pinyin["marks"]) != info.pinyin["marks"]:
            t.append(f"spoken {info.pinyin['spoken']}\n", style="cyan")
        if info.hsk:
            t.append(f"HSK {info.hsk}", style="dim")
        t.append(f"  ×{info.count_article} here, ×{info.count_library} in library\n\n", style="dim")
        n = 0
        for form, pinyin, senses in info.definitions[:6]:
            t.append(f"{form} {pinyin}\n", style="yellow")
            for sense in senses[:6]:
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

    def show_depth(self, depth: WordDepth | None) -> None:
        """Each character taken apart, words of the library sharing it, and sentences from elsewhere."""
        examples = self.query_one("#word-examples", OptionList)
        if examples.option_count:
            examples.clear_options()
        box = self.query_one("#word-depth", DepthBox)
        if depth is None:
            box.show(None)
            return
        if depth.examples:
            headings, style = ("Elsewhere in your library (Enter jumps)", "Elsewhere (Enter jumps)"), "bold"
        else:
            headings, style = ("In no other sentence in your library", "In no other sentence"), "dim"
        key = f"{depth.word}|{len(depth.examples)}"
        box.show(lambda width: _breakdown_lines(depth, width), headings, style, key=key)
        # All at once: each add_option lays out every option again.
        width = examples.scrollable_content_region.width or PANEL_WIDTH
        examples.add_options([_example_line(e.article, e.sentence, depth.word, width) for e in depth.examples])

    def show_sentence(self, other: str, pinyin: str) -> None:
        t = Text(other + "\n\n")
        t.append(pinyin, style="cyan")
        self.query_one("#sentence", TextLines).set_text(t)


EXAMPLE_CONTEXT = 14  # characters either side of the word: two rows of the panel
PANEL_WIDTH = 40  # the panel's inner width and the depth box's height before the first layout (yuedu.tcss)
DEPTH_ROWS = 10
LAID_OUT_KEPT = 256  # words whose breakdown layout is kept


def _breakdown_lines(depth: WordDepth, width: int) -> list[tuple[int, Text]]:
    """(priority, line) for each character: its radical and rank (0), components and phonetic (1),
    and other words of the library that share it (2, as many as fit one row of `width`)."""
    lines: list[tuple[int, Text]] = []
    for c in depth.characters:
        head = Text(str(c["char"]), style="bold")
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
