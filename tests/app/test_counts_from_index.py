"""Library-wide counts in the Word tab come from the search index: moving the cursor reads no
article's text, and the count shown is the index's."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app.helpers import open_001, settle
from tui.app.main import YueduApp
from tui.app.widgets.side_panel.lines import TextLines
from tui.core.lexicon.lookup import library_counts
from tui.core.text.tokens import HAN


async def test_moving_the_cursor_reads_no_text_and_shows_the_index_count(
    fresh_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_001(pilot)
        await settle(pilot)
        read: list[object] = []

        def no_reading(*args: object) -> str:
            read.append(args)
            raise AssertionError("an article's text was read on a cursor move")

        monkeypatch.setattr("tui.core.library.articles.read_article_file", no_reading)
        reading = view.reading
        tokens = reading.analysis.tokens
        han = [i for i in reading.words if tokens[i].kind == HAN]
        for token in han[5:40:7]:
            view.move_to_offset(tokens[token].start)
            await settle(pilot)
            word = reading.analysis.simplified[tokens[token].start : tokens[token].end]
            total = sum(library_counts(word, sync=False).values())
            assert f"×{total} in library" in app.screen.query_one("#word", TextLines).plain, word
        assert read == []
