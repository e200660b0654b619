"""The side panel: the current word, its sentence in the other script, and the glossary terms."""

from __future__ import annotations

from rich.segment import Segment
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.geometry import Region
from textual.strip import Strip
from textual.widget import Widget
from textual.widgets import OptionList, TabbedContent, TabPane

from tui.core.lexicon.hanzi import WordDepth
from tui.core.reading import WordInfo
from tui.core.text.inert import inert


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


class SidePanel(Vertical):
    """Tabs for the word under the cursor, its sentence, and the article's glossary terms."""

    def compose(self) -> ComposeResult:
        with TabbedContent(id="side-tabs"):
            with TabPane("Word", id="tab-word"):
                yield TextLines(id="word")
                yield TextLines(id="word-depth")
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
        t = Text()
        examples = self.query_one("#word-examples", OptionList)
        if examples.option_count:
            examples.clear_options()
        if depth is None:
            self.query_one("#word-depth", TextLines).set_text(Text())
            return
        for c in depth.characters:
            t.append(str(c["char"]), style="bold")
            if c["radical"]:
                t.append(f"  radical {c['radical']}", style="green")
                if c["radical_meaning"]:
                    t.append(f" {c['radical_meaning']}", style="green")
            if c["rank"]:
                t.append(f"  #{c['rank']}", style="dim")
            t.append("\n")
            if c["components"]:
                t.append("  " + " + ".join(map(str, c["components"])))  # type: ignore[call-overload]
            if c["phonetic"]:
                sound = "sounds alike" if c["regular"] else str(c["regularity"] or "sounds different")
                t.append(f"  sound {c['phonetic']} {c['phonetic_pinyin']}: {sound}", style="cyan")
            t.append("\n")
            shared = depth.shared.get(str(c["char"]), [])
            if shared:
                t.append("  also " + "  ".join(w for w, _ in shared) + "\n", style="dim")
        if depth.examples:
            t.append("In your library, below (Enter jumps)", style="bold")
        self.query_one("#word-depth", TextLines).set_text(t)
        for e in depth.examples:
            examples.add_option(_example_line(e.article, e.sentence, depth.word))

    def show_sentence(self, other: str, pinyin: str) -> None:
        t = Text(other + "\n\n")
        t.append(pinyin, style="cyan")
        self.query_one("#sentence", TextLines).set_text(t)


EXAMPLE_CONTEXT = 14  # characters either side of the word: two rows of the panel


def _example_line(article: str, sentence: str, word: str) -> Text:
    """`001 …context 同盟 context…`, the word in bold: a sentence cut to fit the panel."""
    from tui.core.lexicon.glossary import normalise

    at = normalise(sentence).find(normalise(word))
    line = Text(f"{article[:3]}·", style="dim")  # no space: Rich would wrap the sentence off the number
    if at < 0:
        line.append(sentence[: 2 * EXAMPLE_CONTEXT])
        return line
    lo, hi = max(0, at - EXAMPLE_CONTEXT), min(len(sentence), at + len(word) + EXAMPLE_CONTEXT)
    line.append(("…" if lo else "") + sentence[lo:at])
    line.append(sentence[at : at + len(word)], style="bold underline")
    line.append(sentence[at + len(word) : hi] + ("…" if hi < len(sentence) else ""))
    return line
