"""The raw view has the word cursor: on the file's own characters, passing what cleaning left out."""

from __future__ import annotations

from tests.app.helpers import screen_ready, settle, wait_until
from tui.app.main import YueduApp
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.article_view import ArticleView


def _reversed_text(view: ArticleView) -> str:
    """The characters drawn in reverse video on screen: the cursor."""
    return "".join(
        seg.text
        for y in range(view.size.height)
        for seg in view.render_line(y)
        if seg.style is not None and seg.style.reverse
    )


async def test_the_raw_view_has_a_word_cursor_that_skips_removed_lines() -> None:
    app = YueduApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        await pilot.press("down", "down", "down", "enter")  # 003: its file has a site's stamp line cleaning removes
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen) and screen_ready(pilot), "the reader")
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.reading.article.id.startswith("003")
        view = screen.query_one(ArticleView)
        raw, text = view.reading.article.raw, view.reading.article.text
        removed = raw.index("编辑于")  # a line of the file that is not in the reading text
        assert raw[removed : raw.index("\n", removed)] not in text

        await pilot.press("r")
        await pilot.pause()
        assert view.raw
        passed = False
        for _ in range(8):
            token = view.reading.analysis.tokens[view.cursor_token]
            word = text[token.start : token.end]
            at = view.to_raw(token.start)
            assert raw[at : at + len(word)] == word  # the cursor sits on the same characters in the file
            assert _reversed_text(view) == word
            passed = passed or at > removed
            before = at
            await pilot.press("down")
            await pilot.pause()
            after = view.to_raw(view.reading.analysis.tokens[view.cursor_token].start)
            assert after > before, "down moves on in the file"
        assert passed, "the cursor went past the removed line"
        assert view.from_raw(removed) is None
