"""The library: every article with its script, length, source and reading progress."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import DataTable, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.app.commands import bindings
from tui.app.titles import cut
from tui.app.widgets.inert_input import InertInput
from tui.app.widgets.reader_footer import SteadyFooter
from tui.core.library.articles import Article, Library
from tui.core.library.index import _folders_stamp
from tui.core.text.inert import inert

if TYPE_CHECKING:
    from tui.core.library.search import Result


NOT_ANALYSED = "·"
NOT_ANALYSED_NOTE = "· not analysed yet: filled once the article is opened, or by `yuedu stats ID`"
SHORT_SCRIPT = {"simplified": "simp", "traditional": "trad"}
NARROW = 120  # below this many columns the script is abbreviated and the source cut


def column_widths(width: int) -> tuple[int, int]:
    """(title, source) widths for a screen `width` columns wide: every column stays on screen.

    The other columns take 3 + 6 + 6 + source + 4 + 5 + 7 + 6 cells (their headers and widest
    values) and two cells of padding each; the title takes what is left."""
    if width >= NARROW:
        return max(20, width - 80), 18
    source = 10
    rest = 3 + 6 + 6 + source + 4 + 5 + 7 + 6 + 9 * 2 + 2  # and the vertical scrollbar
    return max(12, width - rest), source


# Rows added before the first frame, then per frame after it.
FIRST_ROWS = 200
CHUNK_ROWS = 500
CHUNK_PAUSE = 0.01  # seconds between chunks, for the table to measure and paint the rows added


class LibraryScreen(Screen[None]):
    BINDINGS = bindings("library")

    def __init__(self, library: Library, positions: dict[str, int]) -> None:
        super().__init__()
        self.library = library
        self.positions = positions
        self.status = "library"
        self.coverage_filled = False  # the known columns shown for every analysed article
        self.rows_added = False  # every article's row is in the table
        self._listing = 0  # which listing the rows being added belong to
        self._when_added: list[Callable[[], None]] = []  # to do once every row is in
        self._shown_positions: set[str] = set(positions)  # the articles whose read column shows one
        self._covered: set[str] = set()  # rows whose known columns show figures, not "·"

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="articles", cursor_type="row", zebra_stripes=True)
        yield Static(NOT_ANALYSED_NOTE, id="not-analysed")
        yield OptionList(id="hits")
        yield InertInput(placeholder="search: characters in either script, pinyin or English; Enter", id="search")
        yield SteadyFooter()

    def on_mount(self) -> None:
        self.title = "yuedu 阅读"
        self._show_due()
        table = self.query_one(DataTable)
        table.add_column("id")
        # The title takes what the other columns leave, so that every column is on screen.
        self._narrow = self.app.size.width < NARROW
        self._title_width, self._source_width = column_widths(self.app.size.width)
        table.add_column("title", width=self._title_width)
        table.add_column("script")
        table.add_column("chars")
        table.add_column("source", width=self._source_width)
        self.read_column = table.add_column("read")
        self.coverage_column, self.level_column, self.beyond_column = table.add_columns("known", "95% at", "beyond")
        self._folders = _folders_stamp()
        self._add_rows()
        self.set_interval(2.0, self._watch_folders)
        self.query_one("#search", Input).display = False
        self.query_one("#hits", OptionList).display = False
        self.query_one("#not-analysed", Static).display = False
        self.hits: list[tuple[str, int]] = []
        table.focus()

    def _progress(self, article: Article) -> str:
        pos = self.positions.get(article.id)
        return f"{100 * pos // max(1, article.length)}%" if pos is not None else ""

    def _add_rows(self, then: Callable[[], None] | None = None) -> None:
        """The first screenfuls at once, the rest a chunk a frame (DataTable measures every cell
        it is given: 10,000 rows at once kept the library off screen for seconds); `then` when all are in."""
        self._covered = set()
        self.coverage_filled = False
        self._listing += 1
        self.rows_added = False
        self._add_chunk(self._listing, self.library.articles, 0, FIRST_ROWS, then)

    def _add_chunk(
        self, listing: int, articles: list[Article], start: int, count: int, then: Callable[[], None] | None
    ) -> None:
        if listing != self._listing:
            return  # a newer listing replaced this one
        table = self.query_one(DataTable)
        for a in articles[start : start + count]:
            # Text cells, not str: DataTable would parse a title such as `[/bold]标题` as markup.
            script = SHORT_SCRIPT.get(a.script, a.script) if self._narrow else a.script
            # Cut with an ellipsis, so that a title or source cut short says so.
            title = cut(inert(a.title, one_line=True), self._title_width)
            source = cut(inert(a.source or "", one_line=True), self._source_width)
            # The stored length: painting the list reads no article's text. "·" until an
            # analysis says more: most articles have none, and a cell update each costs a refresh.
            na = NOT_ANALYSED
            cells = (a.id[:3], title, script, str(a.length), source, self._progress(a), na, na, na)
            table.add_row(*(Text(inert(c, one_line=True)) for c in cells), key=a.id)
        if start + count < len(articles):
            # After a pause: a callback after the refresh ran before the table measured its rows.
            self.set_timer(CHUNK_PAUSE, lambda: self._add_chunk(listing, articles, start + count, CHUNK_ROWS, then))
            return
        self.rows_added = True
        if then is not None:
            then()
        waiting, self._when_added = self._when_added, []
        for callback in waiting:
            callback()

    def on_screen_suspend(self) -> None:
        """Reading now: the known columns stop being filled (each analysed article is loaded,
        ~0.1 s of CPU the reader's first frames and moves would wait for); the return fills them."""
        self.workers.cancel_group(self, "coverage")

    def on_screen_resume(self) -> None:
        """Back from reading (or from anything): the read column, and articles added meanwhile."""
        self._show_due()
        self._refresh(positions=True)

    def _watch_folders(self) -> None:
        """`yuedu add` in another process while the library is shown: three stat calls say so."""
        if self.is_current and _folders_stamp() != self._folders:
            self._refresh(positions=False)

    @work(thread=True, exclusive=True, group="library-refresh")
    def _refresh(self, positions: bool) -> None:
        """Off the UI thread: waiting for the reader's last write and loading the library both take time."""
        from tui.store.study import Study

        try:
            if positions:
                writes = getattr(self.app, "study_writes", None)
                if writes is not None:
                    writes.wait(timeout=2)  # the position the reader saved on leaving (bounded, as on quitting)
                self._shown_positions = set(self.positions)
                self.positions = Study().positions()
            stamp = _folders_stamp()
            library = Library() if stamp != self._folders else None
            if library is not None:
                _ = library.articles  # listed here, off the UI thread
        except Exception as exc:  # shown, not raised: the list as it was stays usable
            self.app.call_from_thread(self.notify, inert(f"library: {exc}", one_line=True), severity="warning")
            self.app.call_from_thread(self._after_rows, self._fill_coverage)
            return
        self.app.call_from_thread(self._show_rows, stamp, library)

    def _show_rows(self, stamp: str, library: Library | None) -> None:
        if library is None:
            self._after_rows(self._show_positions)
            return
        table = self.query_one(DataTable)
        self._folders = stamp
        self.library = self.app.library = library  # type: ignore[attr-defined]
        selected = table.coordinate_to_cell_key(table.cursor_coordinate).row_key if table.row_count else None
        table.clear()

        def then() -> None:
            if selected is not None and selected.value in {a.id for a in library.articles}:
                table.move_cursor(row=table.get_row_index(selected))
            self._fill_coverage()

        self._add_rows(then)

    def _show_positions(self) -> None:
        # Only the rows with a position, then or now: the others show none (a refresh per cell).
        table = self.query_one(DataTable)
        changed = self._shown_positions | set(self.positions)
        for a in self.library.articles:
            if a.id in changed:
                table.update_cell(a.id, self.read_column, Text(self._progress(a)))
        self._fill_coverage()

    def _after_rows(self, callback: Callable[[], None]) -> None:
        """`callback` now if every row is in the table, else once they are."""
        if self.rows_added:
            callback()
        else:
            self._when_added.append(callback)

    def _fill_coverage(self) -> None:
        self.coverage_filled = False
        self._fill_coverage_worker()

    @work(thread=True, exclusive=True, group="coverage")
    def _fill_coverage_worker(self) -> None:
        """Each article's share of known words and its HSK level for 95%, for the articles analysed already."""
        from textual.worker import get_current_worker

        from tui.core.study.difficulty import band_counts, coverage, level_for
        from tui.core.text.analysis import Analyzer
        from tui.store import blobs
        from tui.store.study import Study

        worker = get_current_worker()
        analyzer = Analyzer()
        statuses = Study().statuses()
        articles = self.library.articles
        covered = set(self._covered)
        # Keys from the stored text hashes: only the analysed articles' texts are read.
        keys = [analyzer.cache_key(a.text_hash) for a in articles]
        analysed = blobs.present(keys)
        blank = (NOT_ANALYSED,) * 3
        gone = [(a.id, *blank) for a, k in zip(articles, keys) if a.id in covered and k not in analysed]
        if gone:  # figures shown for an analysis the cache no longer holds
            self.app.call_from_thread(self._set_coverage, gone)
        for article, key in zip(articles, keys):
            if key not in analysed:
                continue
            if worker.is_cancelled:  # the library was left for the reader
                return
            analysis = analyzer.cached(article.text)
            if analysis is None:  # an older format or a damaged row
                self.app.call_from_thread(self._set_coverage, [(article.id, *blank)])
                continue
            share = coverage(analysis, statuses)
            label = f"{share:.0%}" if share is not None else NOT_ANALYSED
            bands = band_counts(analysis)
            level = f"HSK {found}" if (found := level_for(bands, 0.95)) not in (None, "beyond") else "beyond"
            beyond = f"{bands['beyond'] / max(1, sum(bands.values())):.0%}"
            self.app.call_from_thread(self._set_coverage, [(article.id, label, level, beyond)])
        # Only analyses made already (reader, `stats`, `outline`...): analysing the whole
        # library here would take the CPU from reading.
        self.app.call_from_thread(self._show_note, any(k not in analysed for k in keys))
        self.app.call_from_thread(self._coverage_done)

    def _show_note(self, missing: bool) -> None:
        self.query_one("#not-analysed", Static).display = missing

    def _coverage_done(self) -> None:
        self.coverage_filled = True

    def _set_coverage(self, rows: list[tuple[str, str, str, str]]) -> None:
        table = self.query_one(DataTable)
        for article_id, label, level, beyond in rows:
            table.update_cell(article_id, self.coverage_column, label)
            table.update_cell(article_id, self.level_column, level)
            table.update_cell(article_id, self.beyond_column, beyond)
            if (label, level, beyond) == (NOT_ANALYSED,) * 3:
                self._covered.discard(article_id)
            else:
                self._covered.add(article_id)

    def action_progress(self) -> None:
        from tui.app.screens.progress import ProgressScreen

        self.app.push_screen(ProgressScreen())

    def _show_due(self) -> None:
        import time

        from tui.store.study import Study

        due = Study().due_count(time.time())
        self.status = f"library · {due} due for review" if due else "library"
        self.sub_title = self.status

    def action_review(self) -> None:
        from tui.app.screens.review import ReviewScreen

        self.app.push_screen(ReviewScreen())

    def action_open(self) -> None:
        table = self.query_one(DataTable)
        if table.row_count:
            key = table.coordinate_to_cell_key(table.cursor_coordinate).row_key.value
            self.app.open_article(str(key))  # type: ignore[attr-defined]

    @on(DataTable.RowSelected)
    def _selected(self, event: DataTable.RowSelected) -> None:
        self.app.open_article(str(event.row_key.value))  # type: ignore[attr-defined]

    def action_search(self) -> None:
        box = self.query_one("#search", Input)
        box.display = True
        box.focus()

    @on(Input.Submitted, "#search")
    def _search(self, event: Input.Submitted) -> None:
        event.input.display = False
        if event.value.strip():
            self._run_search(event.value.strip())
        else:
            self.query_one(DataTable).focus()

    @work(thread=True, exclusive=True, group="search")
    def _run_search(self, query: str) -> None:
        from tui.core.library.search import search
        from tui.errors import UserError

        try:
            result = search(query, limit=200)
        except UserError as exc:
            self.app.call_from_thread(self.notify, str(exc), severity="warning")
            return
        self.app.call_from_thread(self._show_hits, query, result)

    def _show_hits(self, query: str, result: Result) -> None:
        hits = self.query_one("#hits", OptionList)
        hits.clear_options()
        self.hits = [(h.article, h.start) for h in result.hits]
        if not result.hits:
            self.notify(f"nothing found for {query}", severity="warning")
            self.query_one(DataTable).focus()
            return
        options = []
        for h in result.hits:
            line = Text(h.article[:3] + "  ", style="bold")
            line.append(inert(" ".join(h.before.split())[-16:], one_line=True), style="dim")
            line.append(inert(h.match, one_line=True), style="bold reverse")
            line.append(inert(" ".join(h.after.split())[:16], one_line=True), style="dim")
            if h.kind == "alias":
                line.append(inert(f"  alias of {h.term}", one_line=True), style="yellow")
            options.append(Option(line))
        hits.add_options(options)
        hits.border_title = Text(
            inert(f"{result.total} hits for {query}", one_line=True)
            + (f" (first {len(result.hits)})" if len(result.hits) < result.total else "")
        )
        hits.display = True
        hits.highlighted = 0
        hits.focus()

    @on(OptionList.OptionSelected, "#hits")
    def _open_hit(self, event: OptionList.OptionSelected) -> None:
        article, start = self.hits[event.option_index]
        self.app.open_article(article, start)  # type: ignore[attr-defined]

    def action_close_hits(self) -> None:
        hits = self.query_one("#hits", OptionList)
        if hits.display:
            hits.display = False
            self.query_one(DataTable).focus()
