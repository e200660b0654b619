"""The reader opens at once: text as characters, keys act on it, words fill in after."""

from __future__ import annotations

import threading
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.app.helpers import settle
from tui.app.main import YueduApp
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.article_view import ArticleView

# A first opening, analysed and counted in the background: nothing kept from an earlier test.
pytestmark = pytest.mark.cold

SIZE = (120, 40)


@pytest.fixture
async def gate() -> AsyncIterator[threading.Event]:
    """What the analysis waits for: nothing here depends on timing. Set at the end whatever
    the test did, or the analysis thread waits on, and closing the test's event loop (which
    joins its threads) never ends. An async fixture, so it ends before that loop closes."""
    event = threading.Event()
    yield event
    event.set()


async def test_keys_act_on_the_reader_before_analysis_finishes(fresh_home: Path, gate: threading.Event) -> None:
    app = YueduApp()
    app.analysis_gate = gate
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one(ArticleView)
        assert view.reading.analysis.provisional
        assert "analysing" in str(screen.sub_title)  # said in place, in the reader's header
        text = view.reading.article.text
        assert view._lines and view._lines[0].pieces  # the text is laid out and drawn
        # Movement keys move over characters.
        await pilot.press("right", "right", "right")
        assert view.cursor == 3
        await pilot.press("down")
        moved_to = view.reading.analysis.tokens[view.cursor_token].start
        # The next line with characters (an empty line follows each paragraph).
        assert view.nav.line_of_token(view.cursor_token) == next(
            n for n in range(1, len(view._lines)) if view._lines[n].pieces
        )
        # A key that needs a word waits for the words instead of acting on a character.
        await pilot.press("v")  # toggles a view setting: acts at once
        assert not view.show_status
        await pilot.press("b")  # a bookmark is an offset: acts at once
        assert moved_to in view.bookmarks
        gate.set()
        await settle(pilot)
        assert not view.reading.analysis.provisional
        assert screen.reading is view.reading
        assert "analysing" not in str(screen.sub_title)
        # The cursor is on the word holding the character it was on.
        token = view.reading.analysis.tokens[view.cursor_token]
        assert token.start <= moved_to < token.end or token.start == view.reading.word_at(moved_to)
        assert text[token.start : token.end] == token.text
        assert screen.outline is not None and screen.outline.sections


async def test_word_keys_pressed_before_words_act_when_they_arrive(fresh_home: Path, gate: threading.Event) -> None:
    app = YueduApp()
    app.analysis_gate = gate
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one(ArticleView)
        await pilot.press("3")  # mark as known: needs the word, so it waits
        assert "waiting for words" in str(screen.sub_title)
        assert view.statuses.get(view.reading.article.text[0]) is None
        gate.set()
        await settle(pilot)
        token = view.reading.analysis.tokens[view.cursor_token]
        word = view.reading.analysis.simplified[token.start : token.end]
        assert len(word) > 1  # the word, not the character the cursor was on
        assert view.statuses[word] == "known"
        assert "waiting" not in str(screen.sub_title)


async def test_line_moves_go_on_past_the_part_laid_out_at_once(fresh_home: Path, gate: threading.Event) -> None:
    """Before words arrive only the blocks around the cursor are laid out; moving down
    line by line lays out the next ones instead of stopping at the end of the first."""
    app = YueduApp()
    app.analysis_gate = gate
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("down", "enter")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        view = screen.query_one(ArticleView)
        lines = view._lines
        laid = [k for k in range(len(lines.counts)) if lines.laid(k)]
        assert laid and laid[-1] + 1 < len(lines.counts)  # 001 is longer than the part laid out at once
        first_part_end = lines.spans[lines.firsts[laid[-1] + 1] - 1][1]
        assert first_part_end < len(view.reading.article.text)
        starts = []
        for _ in range(sum(len(lines.block(k).lines) for k in laid) + 5):
            await pilot.press("down")
            starts.append(view.reading.analysis.tokens[view.cursor_token].start)
        assert starts == sorted(starts) and len(set(starts)) > 1
        assert starts[-1] >= first_part_end  # past what was laid out when the reader opened
        gate.set()
        await settle(pilot)
