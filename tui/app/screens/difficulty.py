"""`d` in the reader: how hard this text is, its HSK bands drawn as bars, and the words to learn first.

The bars are Rich's `Bar` in a table, one row per band from HSK 1 down: plotext's
horizontal bars land on whole rows unevenly (bands touched or took 2 and 4 rows).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table
from rich.text import Text
from textual import work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Header, Static

from tui.app.commands import bindings
from tui.app.titles import fit_title
from tui.app.widgets.reader_footer import SteadyFooter
from tui.core.study.difficulty import BANDS, Difficulty

if TYPE_CHECKING:
    from tui.core.lexicon.glossary import Glossary
    from tui.core.text.analysis import Analysis


class DifficultyScreen(Screen[None]):
    BINDINGS = bindings("difficulty")

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
                yield Static(id="difficulty-bands")
                yield Static(id="difficulty-prestudy")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.sub_title = "difficulty"
        self.title = fit_title(self.article_title, self.app.size.width, "difficulty")
        self.query_one("#difficulty-summary", Static).update(Text("counting the words…", style="dim"))
        self._count()

    @work(thread=True, exclusive=True, group="difficulty")
    def _count(self) -> None:
        from tui.core.study.difficulty import difficulty_of
        from tui.store.study import Study

        data = difficulty_of(self.article_id, self.analysis, Study().statuses(), self.glossary, prestudy=25)
        self.app.call_from_thread(self._show, data)

    def on_resize(self) -> None:
        self.title = fit_title(self.article_title, self.size.width, "difficulty")
        if self.data is not None:
            self._show(self.data)  # the bars spaced out or not, for the height

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

        # A blank row between bars when every band still fits (8 bands, the summary, the titles).
        spaced = self.size.height >= 2 * len(BANDS) + 12
        chart = band_chart({b: int(bands[b]) for b in BANDS}, words, spaced=spaced)
        self.query_one("#difficulty-bands", Static).update(chart)

        table = Table(box=None, title="learn these first", title_style="bold", expand=True)
        table.add_column("word", no_wrap=True)
        table.add_column("pinyin", style="cyan", no_wrap=True)
        table.add_column("×", justify="right", style="dim", no_wrap=True)  # else Rich squeezes it to nothing
        # The one column Rich may narrow (it narrows wrappable ones first); each cell is cut, not wrapped.
        table.add_column("meaning", overflow="ellipsis")
        prestudy = data["prestudy"]
        for item in prestudy:
            table.add_row(
                Text(item["word"]),
                Text(item["pinyin"]),
                str(item["count"]),
                Text(item["gloss"] or "", no_wrap=True, overflow="ellipsis"),
            )
        self.query_one("#difficulty-prestudy", Static).update(table)


def band_chart(bands: dict[str, int], words: int, spaced: bool = True) -> Table:
    """One bar per band, HSK 1 first, each as long as its share of the running words."""
    from rich.bar import Bar

    table = Table(box=None, title="running words at each HSK 3.0 band", title_style="bold", expand=True)
    table.add_column("band", justify="right", no_wrap=True)
    table.add_column("bar", ratio=1)
    table.add_column("words", justify="right", no_wrap=True)
    table.add_column("share", justify="right", style="dim", no_wrap=True)
    widest = max(bands.values(), default=0) or 1
    for band, n in bands.items():
        label = f"HSK {band}" if band != "beyond" else "beyond"
        share = n / words if words else 0.0
        if table.row_count and spaced:
            table.add_row()  # a blank row between bars: Table's `leading` needs a box to draw it
        table.add_row(label, Bar(widest, 0, n, color="magenta"), str(n), f"{share:.0%}")
    return table
