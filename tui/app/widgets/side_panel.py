"""The side panel: the current word, its sentence in the other script, and the glossary terms."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.widgets import OptionList, Static, TabbedContent, TabPane

from tui.core.reading import WordInfo


class SidePanel(Vertical):
    """Tabs for the word under the cursor, its sentence, and the article's glossary terms."""

    def compose(self) -> ComposeResult:
        with TabbedContent(id="side-tabs"):
            # Fixed-size panes repainted in place: a layout pass per cursor move would
            # repaint the whole screen, which is slow over SSH.
            with TabPane("Word", id="tab-word"):
                yield Static(id="word")
            with TabPane("Sentence", id="tab-sentence"):
                yield Static(id="sentence")
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
        self.query_one("#word", Static).update(t, layout=False)

    def show_sentence(self, other: str, pinyin: str) -> None:
        t = Text(other + "\n\n")
        t.append(pinyin, style="cyan")
        self.query_one("#sentence", Static).update(t, layout=False)
