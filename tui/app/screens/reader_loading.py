"""The reader's workers: the words, the outline and the dictionary arrive after the text shows.

The screen's state they fill (reading, outline, dictionary) and the header that says what is
still on its way live here too; the keys are ReaderScreen's (tui/app/screens/reader.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import work
from textual.screen import Screen

from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.outline_pane import OutlinePane
from tui.app.widgets.side_panel import SidePanel
from tui.core.lexicon.dictionary import Dictionary
from tui.core.library.outline import Outline, heading_spans
from tui.core.reading import Reading
from tui.core.text.layout_tables import TableCells, table_cells

if TYPE_CHECKING:
    from textual.worker import Worker

    from tui.app.main import YueduApp
    from tui.core.study.reading_state import ReadingState


OUTLINE_CLAIMS = 3  # key claims the outline shows a section


class _Stopped(Exception):
    """The reader closed while its analysis ran."""


class ReaderLoading(Screen[None]):
    host: YueduApp
    reading: Reading
    state: ReadingState
    outline: Outline | None
    dictionary: Dictionary | None
    analysing: str | None  # what the header says is on its way, if anything
    hit: int  # the find hit shown, -1 for none
    _waiting: list[tuple[str, tuple[object, ...]]]  # word keys pressed before words came

    @property
    def view(self) -> ArticleView:
        return self.query_one(ArticleView)

    def _start_workers(self) -> None:
        self._load_dictionary()
        if self.reading.analysis.provisional:
            self._analyse()
        elif self.outline is None:  # an article reopened has it already
            self._make_outline(self.reading)

    def _show_state(self) -> None:
        """The header says which view this is and, while words are on their way, so."""
        view = "raw" if self.view.raw else self.view.view
        if self.view.hits and 0 <= self.hit < len(self.view.hits):
            view += f" · hit {self.hit + 1} of {len(self.view.hits)}"
        state = self.analysing
        if state and self._waiting:
            state += f" · {len(self._waiting)} key{'s' if len(self._waiting) > 1 else ''} waiting for words"
        self.sub_title = f"{view} · {state}" if state else view
        self._fit_title()

    def _fit_title(self) -> None:
        """Shorten the article's title, so that the header keeps the view's name at any width."""
        from tui.app.titles import fit_title

        self.title = fit_title(self.reading.article.title, self.size.width, str(self.sub_title))

    def on_resize(self) -> None:
        self._fit_title()

    def _wait_for_words(self, action: str, *args: object) -> bool:
        """Keys that act on a word wait until the words arrive, then act."""
        if not self.reading.analysis.provisional:
            return False
        self._waiting.append((action, args))
        self._show_state()
        return True

    @work(thread=True, exclusive=True, group="analysis")
    def _analyse(self) -> None:
        from textual.worker import get_current_worker

        from tui.core.text.analysis import SUBPROCESS_CHARS, Analyzer, analyse_in_child

        worker = get_current_worker()
        host = self.host
        if host.analysis_gate is not None:
            host.analysis_gate.wait()
        article = self.reading.article

        def progress(share: float) -> None:
            if worker.is_cancelled:
                raise _Stopped
            host.call_from_thread(self._progress, share)

        try:
            analyzer = host.analyzer or Analyzer()
            host.analyzer = analyzer
            analysis = analyzer.cached(article.text)
            if analysis is None and len(article.text) > SUBPROCESS_CHARS:
                analyse_in_child(article.text, progress)  # stores it in the cache
                analysis = analyzer.cached(article.text)
            if analysis is None:
                analysis = analyzer.analyse(article.text, progress=progress)
            reading = Reading(article, analysis, analyzer.glossary)
        except _Stopped:
            return
        except Exception as exc:  # shown, not raised: the text stays readable as characters
            host.call_from_thread(self._analysis_failed, str(exc))
            return
        if worker.is_cancelled:
            return
        host.call_from_thread(self._words_arrived, reading)
        self._outline_of(reading, worker)

    @work(thread=True, exclusive=True, group="outline")
    def _make_outline(self, reading: Reading) -> None:
        from textual.worker import get_current_worker

        self._outline_of(reading, get_current_worker())

    def _outline_of(self, reading: Reading, worker: Worker[None]) -> None:
        from tui.core.library.outline import outline as outline_of

        try:
            outline = outline_of(reading.article, OUTLINE_CLAIMS, self.host.analyzer, reading.analysis)
        except Exception as exc:  # the text and words stay usable without an outline
            self.host.call_from_thread(self.notify, f"no outline: {exc}", severity="error", markup=False)
            outline = Outline(reading.article.id, reading.article.title, [], [], [])
        if not worker.is_cancelled:
            self.host.call_from_thread(self._outline_arrived, outline)

    def _progress(self, share: float) -> None:
        if self.analysing is not None and share < 1:
            self.analysing = f"analysing… {share:.0%}"
            self._show_state()

    def _analysis_failed(self, message: str) -> None:
        self.analysing = "not analysed"
        self._waiting.clear()
        self._show_state()
        self.notify(f"analysis failed: {message}", severity="error", markup=False)

    def _words_arrived(self, reading: Reading) -> None:
        self.reading = reading
        self.analysing = "outline…" if self.outline is None else None
        self.query_one(SidePanel).set_reading(reading)
        self.view.set_reading(reading)  # tells the position: the panel shows the word
        waiting, self._waiting = self._waiting, []
        self._show_state()
        for action, args in waiting:
            getattr(self, f"action_{action}")(*args)
        self.freeze_heap()

    def freeze_heap(self) -> None:
        """What the reader has built (words, layout, dictionary) goes out of the collector's sight.

        A full collection over it cost 40-80 ms, and came in the middle of a cursor move every
        so often. Garbage made before the freeze stays until the reader closes (`on_unmount`
        unfreezes), so the characters-only reading before words is never frozen."""
        import gc

        if not self.reading.analysis.provisional and self.is_attached:
            gc.freeze()

    def _outline_arrived(self, outline: Outline) -> None:
        if not self.is_attached:
            return  # the screen closed while the outline was made
        self.outline = outline
        self.analysing = None
        self._show_state()
        pane = self.query_one(OutlinePane)
        pane.set_outline(outline)
        self.view.headings = heading_spans(outline, self.reading.article)
        self.view.set_tables(self._tables())
        if pane.display and not pane.has_focus:
            pane.follow(self.state.position)
        self.freeze_heap()

    @work(thread=True, exclusive=True, group="dictionary")
    def _load_dictionary(self) -> None:
        from tui.core.lexicon.dictionary import ensure_built
        from tui.core.lexicon.senses import load_tables
        from tui.core.library.index import SearchIndex

        ensure_built()  # the slow part, once: SQLite connections stay in their own thread
        load_tables()  # here, not in the first cursor move
        SearchIndex().sync()  # library-wide counts come from the index, current from here on
        self.host.call_from_thread(self._dictionary_ready)

    def _dictionary_ready(self) -> None:
        self.dictionary = Dictionary()
        self.query_one(SidePanel).set_dictionary(self.dictionary)
        self.freeze_heap()

    def _tables(self) -> tuple[TableCells, ...]:
        found = []
        for table in self.outline.tables if self.outline is not None else []:
            cells = table_cells(
                self.reading.article.paragraphs,
                table.start,
                table.end,
                len(table.columns),
                len(table.rows),
                titled=bool(table.title),
            )
            if cells is not None:
                found.append(cells)
        return tuple(found)
