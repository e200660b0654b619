"""The Textual app: the library screen and the reader screen."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass
from functools import partial
from typing import TYPE_CHECKING

from textual import on, work
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.message import Message
from textual.screen import Screen

from tui.app.commands import Command, bindings
from tui.app.study_writes import StudyWrites, StudyWritten
from tui.core.library.articles import Article, Library
from tui.core.text.inert import inert

if TYPE_CHECKING:
    from textual.driver import Driver
    from textual.notifications import SeverityLevel

    from tui.core.text.analysis import Analyzer


@dataclass
class CacheNotice(Message):
    text: str


class YueduApp(App[int]):
    CSS_PATH = "yuedu.tcss"
    TITLE = "yuedu 阅读"
    BINDINGS = bindings("app")

    def __init__(self, article: str | Article | None = None, review: bool = False) -> None:
        super().__init__()
        self.start_article = article
        self.start_review = review
        self.library = Library()
        # Articles opened from a file outside the library (`yuedu read PATH`), by id.
        self.files: dict[str, Article] = {}
        self.opening: str | None = None
        self.analyzer: Analyzer | None = None
        self.study_writes = StudyWrites(self)
        self.keymap: dict[str, str] = {}  # binding id -> keys, from $YUEDU_HOME/keymap.toml
        # When set, the reader's analysis waits for it: tests hold the analysis with it to
        # check what the reader does before words arrive.
        self.analysis_gate: threading.Event | None = None

    def get_driver_class(self) -> type[Driver]:
        # Colours written as changes, not whole styles per segment: a third of the bytes.
        from tui.app.terminal import driver_class

        return driver_class(super().get_driver_class())

    def _post_cache_notice(self, text: str) -> None:
        self.post_message(CacheNotice(text))  # from any thread

    @on(CacheNotice)
    def _cache_notice(self, message: CacheNotice) -> None:
        self.notify(message.text, severity="warning", markup=False)

    def on_unmount(self) -> None:
        from tui.store import cache

        cache.notice = cache.notice_to_stderr
        # The writes asked for while quitting still run (bounded, as the reader's unmount waits).
        self.study_writes.close(timeout=5)

    @on(StudyWritten)
    def _study_written(self, message: StudyWritten) -> None:
        self.study_writes.delivered()
        if message.error is not None:
            from tui.store.db import explain

            reason = explain(message.error) or f"{type(message.error).__name__}: {message.error}"
            self.notify(f"not saved: {reason}", severity="error", timeout=6, markup=False)
        elif message.then is not None:
            message.then(message.result)

    def on_mount(self) -> None:
        from tui.app.screens.library import LibraryScreen
        from tui.store import cache
        from tui.store.study import Study

        self._load_keymap()
        # While the screen is ours, a notice (a cache being rebuilt) is a notification, not stderr.
        cache.notice = self._post_cache_notice

        self.push_screen(LibraryScreen(self.library, Study().positions()))
        if self.start_article:
            start = self.start_article
            article = start if isinstance(start, Article) else self.library.resolve(start)
            if article.origin == "file":
                self.files[article.id] = article
            self.open_article(article.id)
        elif self.start_review:
            from tui.app.screens.review import ReviewScreen

            self.push_screen(ReviewScreen(exit_when_done=True))
        else:
            # After the library is on screen, so it does not compete with the first paint.
            self.set_timer(0.2, self._prewarm)

    def _load_keymap(self) -> None:
        """$YUEDU_HOME/keymap.toml: binding id = keys. A bad file is one notice; the app runs on."""
        from tui.app.commands import BY_ID
        from tui.app.keys import read_keymap
        from tui.store import paths

        self.keymap, problem = read_keymap(paths.home() / "keymap.toml", set(BY_ID))
        self.set_keymap(self.keymap)
        if problem:
            self.notify(problem, title="keymap", severity="warning", timeout=8, markup=False)

    def effective_keys(self, command: Command) -> str:
        """A command's keys after the user's keymap."""
        return self.keymap.get(command.id, command.keys)

    def open_article(
        self, article_id: str, offset: int | None = None, settings: dict[str, object] | None = None
    ) -> None:
        """Show the reader at once with the text as characters; the reader analyses it in a
        worker and words, pinyin, panel and outline fill in when they arrive. A text opened
        before in this process shows its words at once (the analyser keeps its analysis)."""
        from tui.app.screens.reader import ReaderScreen
        from tui.core.lexicon.glossary import Glossary
        from tui.core.reading import Reading
        from tui.core.study.reading_state import ReadingState
        from tui.core.text.analysis import provisional
        from tui.store.study import Study

        if self.opening:
            return
        self.opening = article_id
        try:
            article = self.files.get(article_id) or self.library.resolve(article_id)
            study = Study()
            start = offset if offset is not None else study.position(article.id)
            if start is not None:  # saved for a longer text (the file changed): what exists
                start = max(0, min(start, article.length - 1))
            state = ReadingState(study.statuses(), study.bookmarks(article.id), start or 0)
        except Exception as exc:  # shown, not raised: the library stays usable
            self.opening = None
            self.notify(f"{article_id}: {exc}", severity="error")
            return
        if not article.text:  # no word for the cursor to stand on: the reader is not opened
            self.opening = None
            self.notify(f"{article.title or article_id}: nothing to read, the text is empty", severity="warning")
            return
        glossary = self.analyzer.glossary if self.analyzer is not None else Glossary([])
        # Opened before in this process: with its words (and outline) at once, else as characters
        # until they come.
        analysis = outline = None
        if self.analyzer is not None and (analysis := self.analyzer.kept(article.text)) is not None:
            from tui.app.screens.reader_loading import OUTLINE_CLAIMS
            from tui.core.library.outline import kept_outline

            outline = kept_outline(article, OUTLINE_CLAIMS, self.analyzer)
        reading = Reading(article, analysis or provisional(article.text), glossary)
        self.push_screen(ReaderScreen(self, reading, state, start, settings, outline))
        self.opening = None

    def segmentation_fixed(
        self, article_id: str, offset: int, message: str, settings: dict[str, object] | None = None
    ) -> None:
        """The user merged or split a word: analyse again with the fix, and reopen there as it was shown."""
        self.analyzer = None  # it holds the segmentation fixes it was made with
        self.pop_screen()
        self.open_article(article_id, offset, settings)
        self.notify(message)

    @work(thread=True, group="prewarm")
    def _prewarm(self) -> None:
        """While the user looks at the library: load what opening an article needs."""
        import tui.app.screens.reader  # noqa: F401  (the reader's widget modules)
        from tui.core.text.analysis import Analyzer

        analyzer = Analyzer()
        analyzer.glossary.han_forms()
        _ = analyzer.fingerprint
        if self.analyzer is None:
            self.analyzer = analyzer
        from tui.core.text import polyphone

        if polyphone.available():
            polyphone.model().knows("的")  # numpy and the weights: ~0.15 s not spent on opening

    def notify(
        self,
        message: str,
        *,
        title: str = "",
        severity: SeverityLevel = "information",
        timeout: float | None = None,
        markup: bool = True,
    ) -> None:
        """Every toast, from any screen: our messages quote titles, queries and typed text,
        so none is parsed as markup and control characters show."""
        place = getattr(self.screen, "place_notices", None)  # the reader keeps them off the cursor
        if place is not None:
            place()
        super().notify(inert(message), title=inert(title), severity=severity, timeout=timeout, markup=False)

    def get_system_commands(self, screen: Screen[object]) -> Iterable[SystemCommand]:
        """Textual's own commands, and every one of our bindings active on the screen, described."""
        from tui.app.commands import BY_ID, of_screen, screen_of
        from tui.app.keys import keys_label

        yield from super().get_system_commands(screen)
        keys: dict[str, list[str]] = {}
        found: dict[str, tuple[Binding, object]] = {}
        for key, active in screen.active_bindings.items():
            binding = active.binding
            # Only ours: the widgets' own cursor and scroll bindings are not commands anyone looks for.
            if binding.id in BY_ID:
                keys.setdefault(binding.id, []).append(key)
                found.setdefault(binding.id, (binding, active.node))
        for binding_id, (binding, node) in found.items():
            yield SystemCommand(
                f"{binding.description} ({keys_label(','.join(keys[binding_id]))})",
                BY_ID[binding_id].description,
                partial(self.run_action, binding.action, node),  # type: ignore[arg-type]
            )
        # The screen's own commands whose keys a focused widget takes (the library table's Enter).
        for command in of_screen(screen_of(type(screen)) or ""):
            if command.id not in found:
                yield SystemCommand(
                    f"{command.label} ({keys_label(self.effective_keys(command))})",
                    command.description,
                    partial(self.run_action, command.action, screen),
                )

    def action_help(self) -> None:
        from tui.app import commands
        from tui.app.screens.help import HelpScreen

        # Every screen's commands, from the table; library, reader, its examples and review first.
        order = ["library", "reader", "examples", "review"]
        screens = {c.screen: None for c in commands.COMMANDS if c.screen != "app"}
        names = [*(n for n in order if n in screens), *sorted(n for n in screens if n not in order)]
        sections: list[tuple[str, list[commands.Command | commands.Note]]] = [
            (n, list(commands.of_screen(n))) for n in names
        ]
        # The keys of the screen you are on come first: at 24 rows the others are a scroll away.
        here = commands.screen_of(type(self.screen)) or "library"
        sections.sort(key=lambda section: section[0] != here)
        everywhere: list[commands.Command | commands.Note] = [*commands.of_screen("app")]
        everywhere += [n for n in commands.NOTES if n.screen == commands.EVERYWHERE]
        sections.append((commands.EVERYWHERE, everywhere))
        self.push_screen(HelpScreen(self.effective_keys, sections))
