"""`d` in the reader: how hard this text is, its HSK bands drawn as bars, and the words to learn first."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, Static
from textual_plotext import PlotextPlot

from tui.core.study.vocab import BANDS, Difficulty

if TYPE_CHECKING:
    from tui.core.lexicon.glossary import Glossary
    from tui.core.text.analysis import Analysis


class DifficultyScreen(Screen[None]):
    BINDINGS = [Binding("escape,d,q", "app.pop_screen", "Back to the text", id="difficulty.close")]

    def __init__(self, article_id: str, title: str, analysis: Analysis, glossary: Glossary) -> None:
        super().__init__()
        self.article_id = article_id
        self.article_title = title
        self.analysis = analysis
        self.glossary = glossary
        self.data: Difficulty | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with Vertical(id="difficulty"):
            yield Static(id="difficulty-summary")
            with Horizontal():
                yield PlotextPlot(id="difficulty-bands")
                yield Static(id="difficulty-prestudy")
        yield Footer()

    def on_mount(self) -> None:
        self.title = self.article_title
        self.sub_title = "difficulty"
        self.query_one("#difficulty-summary", Static).update(Text("counting the words…", style="dim"))
        self._count()

    @work(thread=True, exclusive=True, group="difficulty")
    def _count(self) -> None:
        from tui.core.study.vocab import difficulty_of
        from tui.store.study import Study

        data = difficulty_of(self.article_id, self.analysis, Study().statuses(), self.glossary, prestudy=25)
        self.app.call_from_thread(self._show, data)

    def _show(self, data: Difficulty) -> None:
        self.data = data
        words = data["words"]
        bands = data["hsk"]
        level = data["level_for_95"]
        summary = Text()
        summary.append(f"{words} words", style="bold")
        summary.append(" (running words: a word used ten times counts ten times)\n", style="dim")
        summary.append(f"You know {data['known']} of them: {data['coverage']:.0%}.  ")
        if level == "beyond":
            summary.append("95% of the text needs words beyond HSK 7-9 (names, terms).")
        else:
            summary.append(f"A reader of HSK {level} knows 95% of it.")
        self.query_one("#difficulty-summary", Static).update(summary)

        plot = self.query_one("#difficulty-bands", PlotextPlot)
        plt = plot.plt
        plt.clear_figure()
        labels = [f"HSK {b}" if b != "beyond" else "beyond" for b in BANDS]
        shares = [round(100 * bands[b] / words, 1) if words else 0.0 for b in BANDS]
        plt.bar(labels, shares, orientation="horizontal", width=0.6)
        plt.title("share of the words at each HSK 3.0 band (%)")
        plot.refresh()

        table = Table(box=None, title="learn these first", title_style="bold", expand=True)
        table.add_column("word", no_wrap=True)
        table.add_column("pinyin", style="cyan", no_wrap=True)
        table.add_column("×", justify="right", style="dim")
        table.add_column("meaning", overflow="ellipsis", no_wrap=True)
        prestudy = data["prestudy"]
        for item in prestudy:
            table.add_row(Text(item["word"]), Text(item["pinyin"]), str(item["count"]), Text(item["gloss"] or ""))
        self.query_one("#difficulty-prestudy", Static).update(table)
