"""The Textual app: the library screen and the reader screen."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from functools import partial
from typing import TYPE_CHECKING

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen

from tui.core.articles import Library

if TYPE_CHECKING:
    from tui.core.analysis import Analyzer


class YueduApp(App[int]):
    CSS_PATH = "yuedu.tcss"
    TITLE = "yuedu 阅读"
    BINDINGS = [Binding("question_mark", "help", "Help", id="app.help")]

    def __init__(self, article: str | None = None, review: bool = False) -> None:
        super().__init__()
        self.start_article = article
        self.start_review = review
        self.library = Library()
        self.opening: str | None = None
        self.analyzer: Analyzer | None = None
        # When set, the reader's analysis waits for it: tests hold the analysis with it to
        # check what the reader does before words arrive.
        self.analysis_gate: threading.Event | None = None

    def on_mount(self) -> None:
        from tui.app.screens.library import LibraryScreen
        from tui.store.study import Study

        self.push_screen(LibraryScreen(self.library, Study().positions()))
        if self.start_article:
            self.open_article(self.library.resolve(self.start_article).id)
        elif self.start_review:
            from tui.app.screens.review import ReviewScreen

            self.push_screen(ReviewScreen(exit_when_done=True))
        else:
            # After the library is on screen, so it does not compete with the first paint.
            self.set_timer(0.2, self._prewarm)

    def open_article(self, article_id: str, offset: int | None = None) -> None:
        """Show the reader at once with the text as characters; the reader analyses it in a
        worker and words, pinyin, panel and outline fill in when they arrive."""
        from tui.app.screens.reader import ReaderScreen
        from tui.core.analysis import provisional
        from tui.core.glossary import Glossary
        from tui.core.reading import Reading
        from tui.store.study import Study

        if self.opening:
            return
        self.opening = article_id
        try:
            article = self.library.resolve(article_id)
            study = Study()
            start = offset if offset is not None else study.position(article.id)
            bookmarks = study.bookmarks(article.id)
        except Exception as exc:  # shown, not raised: the library stays usable
            self.opening = None
            self.notify(f"{article_id}: {exc}", severity="error")
            return
        glossary = self.analyzer.glossary if self.analyzer is not None else Glossary([])
        reading = Reading(article, provisional(article.text), glossary)
        self.push_screen(ReaderScreen(reading, start, None, bookmarks))
        self.opening = None

    @work(thread=True, group="prewarm")
    def _prewarm(self) -> None:
        """While the user looks at the library: load what opening an article needs."""
        import tui.app.screens.reader  # noqa: F401  (the reader's widget modules)
        from tui.core.analysis import Analyzer

        analyzer = Analyzer()
        analyzer.glossary.han_forms()
        _ = analyzer.fingerprint
        if self.analyzer is None:
            self.analyzer = analyzer

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Every binding of the screen is in the command palette too."""
        yield from super().get_system_commands(screen)
        seen = set()
        for _key, active in screen.active_bindings.items():
            binding = active.binding
            if binding.description and binding.action not in seen and binding.action != "command_palette":
                seen.add(binding.action)
                yield SystemCommand(
                    f"{binding.description} ({active.binding.key_display or _key})",
                    binding.tooltip or binding.description,
                    partial(self.run_action, binding.action, active.node),
                )

    def action_help(self) -> None:
        from tui.app.screens.help import HelpScreen
        from tui.app.screens.library import LibraryScreen
        from tui.app.screens.reader import ReaderScreen
        from tui.app.screens.review import ReviewScreen

        self.push_screen(
            HelpScreen(
                [
                    ("library", list(LibraryScreen.BINDINGS)),  # type: ignore[arg-type]
                    ("reader", list(ReaderScreen.BINDINGS)),  # type: ignore[arg-type]
                    ("review", list(ReviewScreen.BINDINGS)),  # type: ignore[arg-type]
                ]
            )
        )
