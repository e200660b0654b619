"""A document's blocks on screen at 80x24: code lines as written (one row each, no blank row
between them, leading spaces kept, never underlined as words); the outline follows the script."""

from __future__ import annotations

from pathlib import Path

from textual.pilot import Pilot

from tests.app.helpers import settle, wait_until
from tests.app.structure import CODE, add_structure
from tui.app.main import YueduApp
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.outline_pane import OutlinePane

SIZE = (80, 24)


async def _open(pilot: Pilot) -> ArticleView:  # type: ignore[type-arg]
    app = pilot.app
    await wait_until(
        pilot,
        lambda: isinstance(app.screen, ReaderScreen) and app.screen.outline is not None,
        "the document analysed",
    )
    await settle(pilot)
    return app.screen.query_one(ArticleView)


async def test_code_lines_are_consecutive_rows_as_written(fresh_home: Path, tmp_path: Path) -> None:
    article = add_structure(tmp_path)
    app = YueduApp(article)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        text = view.reading.article.text
        view.move_to_offset(text.index("ls -l"))
        await settle(pilot)
        rows = [view.render_line(y) for y in range(view.scrollable_content_region.height)]
        shown = [strip.text.rstrip() for strip in rows]
        first = next(y for y, row in enumerate(shown) if row.strip() == CODE[0])
        margin = len(shown[first]) - len(CODE[0])
        assert shown[first : first + len(CODE)] == [" " * margin + line for line in CODE]
        assert shown[first - 1].strip() == "" and shown[first + len(CODE)].strip() == ""  # apart from the text
        for strip in rows[first : first + len(CODE)]:
            assert not any(seg.style is not None and seg.style.underline for seg in strip if seg.text.strip())
        # The cursor moves through the code line by line.
        line = view.nav.line_of_token(view.cursor_token)
        await pilot.press("down")
        assert view.nav.line_of_token(view.cursor_token) == line + 1


async def test_the_outline_follows_the_script_shown(fresh_home: Path, tmp_path: Path) -> None:
    article = add_structure(tmp_path)
    app = YueduApp(article)
    async with app.run_test(size=SIZE) as pilot:
        view = await _open(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.outline is not None
        pane = screen.query_one(OutlinePane)
        written = [s.title for top in screen.outline.sections for s in top.walk() if s.title]
        assert any("臺" in t or "終" in t for t in written)  # Traditional, as the page writes them

        def prompts() -> list[str]:
            return [pane.get_option_at_index(i).prompt.text.plain for i in range(pane.option_count)]  # type: ignore[union-attr]

        await pilot.press("s")  # Simplified
        await settle(pilot)
        assert view.view == "simplified"
        await pilot.press("o")
        await settle(pilot)
        simplified = [view.reading.views["simplified"][text_start(view, t) :][: len(t)] for t in written]
        assert all(t in prompts() for t in simplified), (simplified, prompts())
        assert not any(t in prompts() for t in written if t not in simplified)
        await pilot.press("o", "s")  # Traditional view
        await settle(pilot)
        assert view.view == "traditional"
        await pilot.press("o")
        await settle(pilot)
        assert all(t in prompts() for t in written)


def text_start(view: ArticleView, title: str) -> int:
    return view.reading.article.text.index(title)
