"""The library screen is painted, and its known columns filled, from the articles' summaries:
no article's text is read but those of the analysed articles."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from tests.app.helpers import settle
from tui.app.main import YueduApp
from tui.app.screens.library import LibraryScreen
from tui.core.library import articles as articles_module
from tui.core.library.articles import Library
from tui.core.text.analysis import Analyzer

# What the home's cache DB holds is the subject: no analysis kept in memory by an earlier test.
pytestmark = pytest.mark.cold

COUNT = 60


def _library_of(home: Path) -> list[str]:
    folder = home / "library"
    folder.mkdir()
    for n in range(COUNT):
        (folder / f"t{n:03d}.txt").write_text(f"第{n}篇\n\n日本和美国的同盟关系第{n}次受到考验。\n", "utf-8")
    return [a.id for a in Library().articles if a.length > 0]  # every summary made (and stored)


def _spy_on_reads(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    read: list[str] = []
    real = articles_module.read_article_file

    def spy(path: Path, origin: str) -> str:
        read.append(path.stem)
        return real(path, origin)

    monkeypatch.setattr(articles_module, "read_article_file", spy)
    return read


async def test_the_library_reads_only_the_analysed_texts(fresh_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    ids = _library_of(fresh_home)
    analysed = Library().resolve("t007")
    analyzer = Analyzer()
    analyzer.analyse(analysed.text)  # one article read before: its columns need its analysis
    # With the seeds that earlier tests analysed in the session's cache.
    with_analysis = {a.id for a in Library().articles if analyzer.cached(a.text) is not None}
    assert "t007" in with_analysis and "t006" not in with_analysis
    read = _spy_on_reads(monkeypatch)

    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # every row painted and its known columns filled
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == len(ids) >= COUNT
        assert sorted(read) == sorted(with_analysis)  # each once, and no other
        assert str(table.get_cell("t007", screen.coverage_column)).endswith("%")
        assert str(table.get_cell("t006", screen.coverage_column)) == "·"
        chars = next(c.key for c in table.ordered_columns if str(c.label) == "chars")
        assert str(table.get_cell("t007", chars)) == str(len(analysed.text))


async def test_rows_past_the_first_screenfuls_are_added_in_chunks(
    fresh_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.app.screens import library as library_screen

    ids = _library_of(fresh_home)
    late = ids[-3]
    Analyzer().analyse(Library().resolve(late).text)
    monkeypatch.setattr(library_screen, "FIRST_ROWS", 10)
    monkeypatch.setattr(library_screen, "CHUNK_ROWS", 7)
    chunks: list[tuple[int, int, int]] = []  # (first row, rows, rows in the table before)
    real = LibraryScreen._add_chunk

    def spy(self: LibraryScreen, listing: int, articles: list[object], start: int, count: int, then: object) -> None:
        chunks.append((start, count, self.query_one(DataTable).row_count))
        real(self, listing, articles, start, count, then)  # type: ignore[arg-type]

    monkeypatch.setattr(LibraryScreen, "_add_chunk", spy)
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(DataTable)
        await settle(pilot)
        assert screen.rows_added and [str(table.get_row_at(i)[0]) for i in range(table.row_count)] == [
            i[:3] for i in ids
        ]
        starts = list(range(10, len(ids), 7))
        assert chunks == [(0, 10, 0)] + [(s, 7, s) for s in starts]  # each after the one before
        assert str(table.get_cell(late, screen.coverage_column)).endswith("%")  # filled once its row was in
