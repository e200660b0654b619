"""Headings drawn as headings, an empty line between paragraphs; the cursor still lands on words."""

from __future__ import annotations

from rich.segment import Segment

from tests.app.helpers import open_001, settle
from tui.app.main import YueduApp
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.article_view import ArticleView


def _segments_of(view: ArticleView, line: int) -> list[Segment]:
    return list(view.render_line(view.nav.row_of_line(line) - int(view.scroll_offset.y)))


async def test_headings_are_bold_and_paragraphs_are_apart() -> None:
    app = YueduApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_001(pilot)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.outline is not None
        text = view.reading.article.text
        headings = [h for h in view.headings if h[2] == 1]
        assert headings, "the outline of 001 has numbered sections"
        start, end, _ = headings[0]
        title = text[start:end]

        view.move_to_offset(start)
        await pilot.pause()
        line = view.nav.line_of_token(view.cursor_token)
        assert view._lines[line - 1].pieces == (), "an empty line before the heading's line"
        # Every character of the heading is drawn bold, the cursor's word included.
        drawn = [s for s in _segments_of(view, line) if s.text.strip()]
        assert "".join(s.text for s in drawn) == title
        assert all(s.style is not None and s.style.bold for s in drawn)

        # ↑ leaves the heading for the last line of the paragraph above (over the gap), ↓ comes back.
        await pilot.press("up")
        above = view.nav.line_of_token(view.cursor_token)
        assert above == line - 2 and view._lines[above].pieces
        body = [s for s in _segments_of(view, above) if s.text.strip() and s.style is not None and not s.style.reverse]
        assert body and not any(s.style is not None and s.style.bold for s in body), "body text is not bold"
        await pilot.press("down")
        assert view.nav.line_of_token(view.cursor_token) == line
        assert view.reading.analysis.tokens[view.cursor_token].start >= start

        # Raw view: the text as written, no headings drawn and no gaps added.
        await pilot.press("r")
        await pilot.pause()
        assert view.raw
        raw = view.reading.article.raw
        blank = [ln for ln in raw.rstrip("\n").split("\n") if not ln.strip()]
        assert sum(1 for ln in view._lines if not ln.pieces) == len(blank)


async def test_a_paragraph_gap_is_one_blank_row_in_every_view() -> None:
    """With the pinyin row on or off, in either script, a gap between paragraphs is one blank
    row (no empty pinyin row above it), and a table's rules have no pinyin row between them."""
    app = YueduApp()
    async with app.run_test(size=(80, 24)) as pilot:
        view = await open_001(pilot)
        await settle(pilot)
        gaps = [n for n, line in enumerate(view._lines) if not line.pieces and not line.decor and n]
        assert gaps, "001 has paragraphs"
        for keys in ((), ("p",), ("s",), ("p",)):  # off, on, on in Traditional, off in Traditional
            await pilot.press(*keys)
            await settle(pilot)
            view._relayout()
            for n, line in enumerate(view._lines):
                top, row = view.nav.rows_of_line(n)
                if line.pieces:
                    assert row - top == (1 if view.show_pinyin else 0), f"line {n} has its pinyin row"
                else:
                    assert top == row, f"line {n} (no words) takes one row"
                    assert row == 0 or not view.nav.rows[row - 1].pinyin
            for n, line in enumerate(view._lines):
                if n and not line.pieces and not line.decor:
                    # The row above the gap is the text of the paragraph's last line.
                    above = view.nav.rows[view.nav.row_of_line(n) - 1]
                    assert above.line == n - 1 and not above.pinyin
            worded = sum(1 for line in view._lines if line.pieces)
            assert len(view.nav.rows) == len(view._lines) + (worded if view.show_pinyin else 0)
