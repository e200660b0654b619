"""Pilot tests: every key the reader promises, driven through Textual's test harness."""

from __future__ import annotations

import re
from pathlib import Path
from typing import cast

from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets import DataTable, OptionList, TabbedContent

from tests.app.helpers import open_001, settle, visible_text, wait_until
from tui.app.main import YueduApp
from tui.app.screens.help import HelpScreen
from tui.app.screens.library import LibraryScreen
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.outline_pane import OutlinePane
from tui.app.widgets.side_panel import SidePanel
from tui.app.widgets.side_panel.lines import TextLines

SIZE = (120, 40)


def line_of_cursor(view: ArticleView) -> int:
    return view.nav.line_of_token(view.cursor_token)


async def test_library_lists_every_article_and_moves(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        assert table.row_count == 5
        assert table.cursor_row == 0
        await pilot.press("down", "down")
        assert table.cursor_row == 2
        await pilot.press("up")
        assert table.cursor_row == 1
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.reading.article.id.startswith("001")


async def test_library_search_opens_the_article_at_the_hit(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"tongmeng", "enter")
        hits = app.screen.query_one("#hits", OptionList)
        await wait_until(pilot, lambda: hits.display, "the search hits")
        # Every 同盟 in the library (one reading, tóngméng; the same form in both scripts).
        assert hits.option_count == sum(a.text.count("同盟") for a in app.library.articles) > 0
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
        view = app.screen.query_one(ArticleView)
        token = view.reading.analysis.tokens[view.cursor_token]
        assert "同盟" in view.reading.article.text[token.start : token.end + 2]


async def test_word_keys(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        assert view.cursor == 0
        await pilot.press("right", "l")
        assert view.cursor == 2
        await pilot.press("left")
        assert view.cursor == 1
        await pilot.press("h")
        assert view.cursor == 0


async def test_line_page_and_edge_keys(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        start = line_of_cursor(view)
        await pilot.press("down")
        assert line_of_cursor(view) > start
        await pilot.press("j")
        two = line_of_cursor(view)
        await pilot.press("k")
        assert start < line_of_cursor(view) < two
        await pilot.press("up")
        assert line_of_cursor(view) == start
        await pilot.press("pagedown")
        await pilot.pause()
        paged = line_of_cursor(view)
        assert paged - start >= 20
        assert view.scroll_offset.y > 0
        await pilot.press("pageup")
        assert line_of_cursor(view) < paged
        await pilot.press("end")
        assert view.cursor == len(view.reading.words) - 1
        await pilot.press("home")
        assert view.cursor == 0 and view.scroll_offset.y == 0


async def test_view_keys_keep_the_word(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        start = view.reading.find("日美關係")[0][0]
        view.move_to_offset(start)
        token = view.cursor_token
        await pilot.press("s")
        assert view.view == "simplified" and view.cursor_token == token
        assert view.text[start : start + 4] == "日美关系"
        await pilot.press("s")
        assert view.view == "traditional" and view.cursor_token == token
        await pilot.press("p")
        assert view.show_pinyin and view.cursor_token == token
        row = view.nav.row_of_line(line_of_cursor(view))
        assert view.scroll_offset.y <= row - 1 < view.scroll_offset.y + view.size.height
        await pilot.press("c")
        assert view.tone_colours
        # Raw: what is on screen is the file as it is, including what cleaning removed (001's tail).
        raw, clean = ("".join(t.split()) for t in (view.reading.article.raw, view.reading.article.text))
        await pilot.press("r")
        await wait_until(pilot, lambda: view.raw, "raw view")
        assert app.screen.sub_title == "raw"
        view.scroll_end(animate=False, immediate=True)
        await pilot.pause()
        shown = visible_text(view)
        assert shown and shown in raw and shown not in clean
        await pilot.press("r")
        assert not view.raw and view.cursor_token == token
        assert app.screen.sub_title == view.view
        await pilot.pause()
        han = re.compile(r"[^\u4e00-\u9fff]")  # the pinyin row is on: compare the characters
        shown = han.sub("", visible_text(view))
        assert shown and shown in han.sub("", view.text)


async def test_outline_key_and_jump(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        start = view.cursor
        await pilot.press("o")
        pane = app.screen.query_one(OutlinePane)
        assert pane.display and app.focused is pane  # o opens it focused
        prompts = [_prompt_text(pane.get_option_at_index(i).prompt) for i in range(pane.option_count)]
        assert "一、當前日美關係的國際政治背景" in prompts
        # ↓ moves in the outline, not the reading cursor.
        first = pane.highlighted
        await pilot.press("down", "down")
        assert pane.highlighted == (first or 0) + 2 and view.cursor == start
        # Enter jumps there and gives the focus back to the text.
        target = pane.offsets[pane.highlighted]
        await pilot.press("enter")
        await pilot.pause()
        token = view.reading.analysis.tokens[view.cursor_token]
        assert token.start <= target < token.end
        assert app.focused is cast(object, view)
        # Reading on moves the outline to the section being read.
        second = next(i for i, p in enumerate(prompts) if p.startswith("二、"))
        view.move_to_offset(pane.offsets[second])
        await pilot.pause()
        assert pane.highlighted == second
        await pilot.press("o")
        assert not pane.display and app.focused is view
        # Esc in the outline goes back to the text, not to the library.
        await pilot.press("o", "escape")
        assert isinstance(app.screen, ReaderScreen) and app.focused is view


async def test_escape_in_the_glossary_list_returns_to_the_text(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        await pilot.press("g")
        assert app.focused is app.screen.query_one("#glossary")
        await pilot.press("escape")
        assert isinstance(app.screen, ReaderScreen) and app.focused is view
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)


async def test_find_next_and_previous(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        await pilot.press("slash", *"tongmeng", "enter")
        await wait_until(pilot, lambda: bool(view.hits), "find hits")
        hits = view.hits
        assert len(hits) == view.reading.article.text.count("同盟") > 0
        first = view.cursor_token
        assert view.reading.article.text[hits[0][0] : hits[0][1]] == "同盟"
        await pilot.press("n")
        second = view.cursor_token
        assert second != first
        await pilot.press("N")
        assert view.cursor_token == first


async def test_save_word_bookmark_and_position_persist(fresh_home: Path) -> None:
    from tui.store.study import Study

    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        view.move_to_offset(view.reading.find("同盟")[0][0])
        await pilot.press("a", "b")
        await settle(pilot)  # the writes run in a worker
        offset = view.reading.analysis.tokens[view.cursor_token].start
        await pilot.press("end", "B")
        assert view.reading.analysis.tokens[view.cursor_token].start == offset
        await pilot.press("right", "escape")
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
    study = Study()
    assert [w.word for w in study.words()] == ["同盟"]
    assert study.words()[0].sentence and "同盟" in study.words()[0].sentence
    assert study.bookmarks("001_3e01bd049a75bb4f") == [offset]
    saved = study.position("001_3e01bd049a75bb4f")
    assert saved is not None and saved > offset
    # Reopening lands on the same word.
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        assert view.reading.analysis.tokens[view.cursor_token].start == saved


async def test_side_panel_follows_the_cursor(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        view.move_to_offset(view.reading.find("同盟")[0][0])
        await wait_until(pilot, lambda: "同盟" in app.screen.query_one("#word", TextLines).plain, "the panel on 同盟")
        word = app.screen.query_one("#word", TextLines).plain
        assert "tóngméng" in word and "alliance" in word
        # The pinyin as written has its line; zhuyin and the tone numbers follow on the next,
        # the numbers in brackets (beside the marks they read as a second reading).
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.dictionary is not None
        pinyin = screen.reading.word_info(view.cursor_token, screen.dictionary).pinyin
        lines = word.splitlines()
        marks_line = lines.index(pinyin["marks"])
        assert lines[marks_line + 1] == f"{pinyin['zhuyin']}  ({pinyin['numbers']})"
        assert not any(pinyin["numbers"] in line and pinyin["marks"] in line for line in lines)
        await pilot.press("t")
        assert app.screen.query_one("#side-tabs", TabbedContent).active == "tab-sentence"
        await pilot.press("g")
        assert app.focused is app.screen.query_one("#glossary")


async def test_help_palette_and_quit(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_001(pilot)
        await pilot.press("question_mark")
        await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen), "the help screen")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen), "back in the reader")
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette), "the command palette")
        await pilot.press(*"Pinyin")

        def pinyin_found() -> bool:
            found = app.screen.query_one(CommandList)
            return found.option_count > 0 and "Pinyin" in str(found.get_option_at_index(0).prompt)

        await wait_until(pilot, pinyin_found, "the palette finding Pinyin")
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen), "the palette closed")
        assert app.screen.query_one(ArticleView).show_pinyin
        assert app.return_code is None
        await pilot.press("q")
        await wait_until(pilot, lambda: app.return_code is not None, "the app exiting")
        assert app.return_code == 0


async def test_resize_keeps_the_word(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        view.move_to_offset(view.reading.find("印太戰略")[3][0])
        token = view.cursor_token
        await pilot.resize_terminal(80, 24)
        await wait_until(pilot, lambda: app.screen.size.width == 80 and view.size.width < 80, "80 columns")
        assert view.cursor_token == token
        row = view.nav.row_of_line(line_of_cursor(view))
        assert view.scroll_offset.y <= row < view.scroll_offset.y + view.size.height
        await pilot.resize_terminal(200, 60)
        await wait_until(pilot, lambda: app.screen.size.width == 200, "200 columns")
        assert view.cursor_token == token
        assert app.screen.query_one(SidePanel).display


async def test_status_keys_and_toggle(fresh_home: Path) -> None:
    from tui.store.study import Study

    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        view.move_to_offset(view.reading.find("同盟")[0][0])
        tok = view.reading.analysis.tokens[view.cursor_token]
        word = view.reading.analysis.simplified[tok.start : tok.end]
        for key, status in (("3", "known"), ("4", "ignored"), ("1", "new"), ("2", "learning")):
            await pilot.press(key)
            await settle(pilot)
            assert Study().status(word) == status
            assert view.statuses[word] == status
        assert [w.word for w in Study().words()] == [word]
        assert view.show_status
        await pilot.press("v")
        assert not view.show_status
        await pilot.press("i")
        await settle(pilot)
        terms = {view.reading.analysis.simplified[m.start : m.end] for m in view.reading.analysis.glossary}
        assert terms and all(Study().status(t) == ("learning" if t == word else "ignored") for t in terms)
        await pilot.press("escape")
        await settle(pilot)
        assert "due for review" in app.screen.sub_title
        from tui.app.screens.review import ReviewScreen

        await pilot.press("r")
        await wait_until(pilot, lambda: isinstance(app.screen, ReviewScreen), "the review screen")


async def test_merge_and_split_keys_change_the_words_and_keep_the_view(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        start = view.reading.find("戰略自主")[0][0]
        view.move_to_offset(start)
        first = view.reading.analysis.tokens[view.cursor_token]
        # The article is reopened analysed again: the toggles the reader set stay as they were.
        await pilot.press("p", "c", "s")
        shown = (view.show_pinyin, view.tone_colours, view.view)
        assert shown != (False, False, "original")
        await pilot.press("x")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        cut = view.reading.analysis.tokens[view.cursor_token]
        assert cut.start == first.start and cut.end < first.end
        assert (view.show_pinyin, view.tone_colours, view.view) == shown
        await pilot.press("m")
        await settle(pilot)
        view = app.screen.query_one(ArticleView)
        whole = view.reading.analysis.tokens[view.cursor_token]
        assert (whole.start, whole.end) == (first.start, first.end)


async def test_library_shows_coverage_of_analysed_articles(fresh_home: Path) -> None:
    from tui.core.library.articles import Library
    from tui.core.study.difficulty import coverage
    from tui.core.text.analysis import Analyzer
    from tui.store.study import Study

    article = Library().resolve("002")
    analysis = Analyzer().analyse(article.text)
    Study().set_statuses(["日本", "中亚", "外交"], "known")
    expected = f"{coverage(analysis, Study().statuses()):.0%}"
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, LibraryScreen)
        table = app.screen.query_one(DataTable)
        assert table.get_cell(article.id, app.screen.coverage_column) == expected
        assert expected != "0%"


async def test_choosing_a_sense_is_what_a_saved_word_keeps(fresh_home: Path) -> None:
    from tui.store.study import Study

    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        view.move_to_offset(view.reading.find("表1")[0][0])  # 表: table, watch, form, ...
        await pilot.pause()
        assert isinstance(app.screen, ReaderScreen)
        assert app.screen.dictionary is not None
        senses = [sense for _, sense in view.reading.word_info(view.cursor_token, app.screen.dictionary).senses]
        assert len(senses) >= 2
        await pilot.press("e")
        assert "▸ " + senses[1] in app.screen.query_one("#word", TextLines).plain
        await pilot.press("a")
        await settle(pilot)
    [word] = Study().words()
    assert word.sense == senses[1]


def _prompt_text(prompt: object) -> str:
    """An outline row's text: its prompt is our Wrapped renderable around a Text."""
    text = getattr(prompt, "text", None)
    assert isinstance(text, Text), prompt
    return text.plain
