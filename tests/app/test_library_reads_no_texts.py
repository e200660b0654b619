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
from tui.store import blobs

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
    # The home's cache is copied from the session's, which holds what earlier tests analysed.
    keys = {a.id: analyzer.cache_key(a.text_hash) for a in Library().articles}
    found = blobs.present(list(keys.values()))
    with_analysis = sorted(i for i, k in keys.items() if k in found)
    assert "t007" in with_analysis and "t006" not in with_analysis
    read = _spy_on_reads(monkeypatch)

    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)  # every row painted and its known columns filled
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == len(ids) >= COUNT
        assert sorted(read) == with_analysis
        assert str(table.get_cell("t007", screen.coverage_column)).endswith("%")
        assert str(table.get_cell("t006", screen.coverage_column)) == "·"
        chars = next(c.key for c in table.ordered_columns if str(c.label) == "chars")
        assert str(table.get_cell("t007", chars)) == str(len(analysed.text))
