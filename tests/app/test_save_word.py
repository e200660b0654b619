"""The reader saves the word the core builds: `a` stores what `saved_word_at` makes of the token."""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from tests.app.helpers import open_001, settle
from tui.app.main import YueduApp
from tui.app.screens.reader import ReaderScreen

if TYPE_CHECKING:
    from pathlib import Path


async def test_a_saves_the_word_saved_word_at_builds_for_the_cursor(fresh_home: Path) -> None:
    from tui.core.study.vocab import saved_word_at
    from tui.store.study import Study

    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_001(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.dictionary is not None
        view.move_to_offset(view.reading.find("同盟")[0][0])
        await pilot.pause()
        await pilot.press("e")  # a chosen sense travels with the word
        token = view.cursor_token
        info = view.reading.word_info(token, screen.dictionary)
        chosen = info.senses[1 % len(info.senses)][1]
        expected = saved_word_at(view.reading, token, screen.dictionary, chosen)
        await pilot.press("a")
        await settle(pilot)
    [saved] = Study().words()
    assert expected is not None and saved.word == view.reading.word_text(token)
    assert saved == replace(expected, added=saved.added)
