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

from tui.core.reading import WordInfo


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

    def show_sentence(self, other: str, pinyin: str) -> None:
        t = Text(other + "\n\n")
        t.append(pinyin, style="cyan")
        self.query_one("#sentence", TextLines).set_text(t)
