"""Hostile text in the app: a markup title, escapes in an article, markup typed in both boxes."""

from __future__ import annotations

from pathlib import Path

from rich.text import Text
from textual import events
from textual.widgets import DataTable, Input

from tests.app.helpers import settle
from tests.cli.test_hostile import HOSTILE_ARTICLE, TITLE
from tests.conftest import library_copies
from tui.app.main import YueduApp
from tui.app.screens.library import LibraryScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.article_view import ArticleView
from tui.core.library.articles import Article
from tui.core.text.inert import inert

SIZE = (120, 40)
OBEYED = "\x1b\x07\x9b"


def _put_hostile(home: Path) -> None:
    library = home / "library"
    library.mkdir(exist_ok=True)
    (library / "005_hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")


def _messages(app: YueduApp) -> list[str]:
    return [n.message for n in app._notifications]


def _drawn(widget: ArticleView) -> str:
    return "".join(seg.text for y in range(widget.size.height) for seg in widget.render_line(y))


async def test_library_shows_a_markup_title_as_typed_and_search_takes_markup(fresh_home: Path) -> None:
    _put_hostile(fresh_home)
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        cell = table.get_cell("005_hostile", table.ordered_columns[1].key)
        assert isinstance(cell, Text) and not cell.spans
        # As typed, made inert; cut to the column with an ellipsis when it is wider.
        shown, typed = cell.plain, inert(TITLE)
        assert shown == typed or (shown.endswith("…") and typed.startswith(shown[:-1]))
        await pilot.press("slash", *"[/bold]zzqq", "enter")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)  # still running: no MarkupError from the toast
        assert "nothing found for [/bold]zzqq" in _messages(app)
        # A paste with escapes shows them in the box, as pictures.
        await pilot.press("slash")
        box = app.screen.query_one("#search", Input)
        box.post_message(events.Paste("同盟\x1b]0;PWNED\x07"))
        await pilot.pause()
        assert box.value == inert("同盟\x1b]0;PWNED\x07") and "\x1b" not in box.value


async def test_reader_shows_escapes_as_pictures_and_find_takes_markup(fresh_home: Path) -> None:
    _put_hostile(fresh_home)
    app = YueduApp(article="005")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        assert screen.title == inert(TITLE, one_line=True)
        view = screen.query_one(ArticleView)
        drawn = _drawn(view)
        assert "同盟" in drawn and "␛]52;c;" in drawn and not any(c in drawn for c in OBEYED)
        assert len(view.text) == len(view.reading.article.text)  # one for one: offsets hold
        await pilot.press("r")
        drawn = _drawn(view)
        assert "␛]0;PWNED␇" in drawn and not any(c in drawn for c in OBEYED)
        await pilot.press("r", "slash", *"[/bold]zzqq", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        box = app.screen.query_one("#find", Input)
        # The border title is kept as markup with the query escaped: rendered, it is the query as typed.
        assert Text.from_markup(str(box.border_title)).plain == "not found: [/bold]zzqq"


async def test_read_a_file_outside_the_library_opens_it_read_only(fresh_home: Path, tmp_path: Path) -> None:
    from tui.store.study import Study

    path = tmp_path / "mytest.txt"
    path.write_text("我的文章\n\n日本与美国的同盟关系很重要。\n", encoding="utf-8")
    app = YueduApp(article=Article.from_file(path, "file"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.reading.article.raw == path.read_text(encoding="utf-8")
        await pilot.press("right", "right", "escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    assert Study().position("mytest") is None  # read-only: nothing kept
    assert not library_copies(fresh_home)  # and not imported


async def test_an_empty_article_is_not_opened_and_the_app_runs_on(fresh_home: Path, tmp_path: Path) -> None:
    """An empty file has no word for the cursor: the side panel indexed token 0 and the app
    died with a traceback. Now the reader is not opened; the library says why."""
    from tests.conftest import run_cli

    path = tmp_path / "empty.txt"
    path.write_text("", encoding="utf-8")
    result = run_cli("read", str(path))
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "empty" in result.stderr
    # `read` refuses it before the app; an empty article reaching the app another way (a library
    # file emptied since it was listed) must not open either.
    app = YueduApp(article=Article.from_text("empty", path, "", "file"))
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        assert any("empty" in message for message in _messages(app))
        await pilot.press("down", "enter")  # the library still opens an article
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
