"""The Textual app: the library screen and the reader screen."""

from __future__ import annotations

from textual.app import App
from textual.binding import Binding

from tui.core.articles import Library


class YueduApp(App[int]):
    CSS_PATH = "yuedu.tcss"
    TITLE = "yuedu 阅读"
    BINDINGS = [Binding("question_mark", "help", "Help", id="app.help")]

    def __init__(self, article: str | None = None) -> None:
        super().__init__()
        self.start_article = article
        self.library = Library()

    def on_mount(self) -> None:
        from tui.app.screens.library import LibraryScreen
        from tui.store.study import Study

        self.push_screen(LibraryScreen(self.library, Study().positions()))
        if self.start_article:
            self.open_article(self.library.resolve(self.start_article).id)

    def open_article(self, article_id: str, offset: int | None = None) -> None:
        from tui.app.screens.reader import ReaderScreen
        from tui.core.analysis import Analyzer
        from tui.core.outline import outline_json
        from tui.core.reading import Reading
        from tui.store.study import Study

        article = self.library.resolve(article_id)
        analyzer = Analyzer()
        analysis = analyzer.analyse(article.text)
        reading = Reading(article, analysis, analyzer.glossary)
        start = offset if offset is not None else Study().position(article.id)
        self.push_screen(ReaderScreen(reading, start, outline_json(article, 3, analyzer)))

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen
        from tui.app.screens.library import LibraryScreen
        from tui.app.screens.reader import ReaderScreen

        self.push_screen(
            HelpScreen(
                [
                    ("library", list(LibraryScreen.BINDINGS)),  # type: ignore[arg-type]
                    ("reader", list(ReaderScreen.BINDINGS)),  # type: ignore[arg-type]
                ]
            )
        )
