"""One frame per cursor move: what a move repaints, and that the panel needs nothing later."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.geometry import Region
from textual.widget import Widget

from tests.app.helpers import open_001, open_001_at, settle
from tui.app.main import YueduApp
from tui.app.widgets.article_view import ArticleView
from tui.app.widgets.side_panel import SidePanel
from tui.app.widgets.side_panel.examples import ExampleLines
from tui.app.widgets.side_panel.lines import TextLines
from tui.core.lexicon.hanzi import decompose
from tui.core.text.tokens import HAN

SIZE = (120, 40)  # tall enough for the breakdown and the examples


def word_of(view: ArticleView, index: int) -> str:
    tokens, simplified = view.reading.analysis.tokens, view.reading.analysis.simplified
    token = tokens[view.reading.words[index]]
    return simplified[token.start : token.end] if token.kind == HAN else ""


def shown_of(view: ArticleView, index: int) -> str:
    """The word as the view shows it: its characters are the ones taken apart."""
    token = view.reading.analysis.tokens[view.reading.words[index]]
    return view.reading.view_slice(view.view, token.start, token.end) if token.kind == HAN else ""


async def test_the_next_words_breakdown_comes_with_the_cursor(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        panel = app.screen.query_one(SidePanel)
        box = app.screen.query_one("#word-depth", TextLines)
        examples = app.screen.query_one("#word-examples", ExampleLines)
        view.move_to_offset(view.reading.find("同盟")[0][0])
        await settle(pilot)  # resting on a word: its neighbours are looked up meanwhile
        checked = 0
        for _ in range(6):
            word, shown = word_of(view, view.cursor + 1), shown_of(view, view.cursor + 1)
            # In the same call that moves the cursor, before any worker or message runs.
            view.cursor += 1
            if word:
                for c in decompose(shown):
                    assert str(c["char"]) in box.plain.split("\n", 1)[0] + box.plain, (word, box.plain)
                    if c["radical"]:
                        assert f"radical {c['radical']}" in box.plain, (word, box.plain)
                assert panel._depth_key[0] == word
                depth = panel._depths[panel._depth_key]  # prefetched: shown in the same call
                assert examples.option_count == len(depth.examples)
                checked += 1
            await settle(pilot)
        assert checked >= 3


async def test_a_move_onto_a_number_lays_nothing_out(fresh_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # The examples list emptying used to lay the screen out again: a second frame repainting
    # the article's scrollbar, 25 ms after the first.
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        tokens = view.reading.analysis.tokens
        other = next(k for k, i in enumerate(view.reading.words) if tokens[i].kind != HAN and k > 0)
        view.cursor = other - 1
        await settle(pilot)
        assert word_of(view, view.cursor), "a Han word before it, whose examples are shown"
        assert app.screen.query_one("#word-examples", ExampleLines).option_count > 0
        laid_out: list[str] = []
        refresh = Widget.refresh

        def spy(self: Widget, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False):  # type: ignore[no-untyped-def]
            if layout:
                laid_out.append(f"{type(self).__name__}#{self.id}")
            return refresh(self, *regions, repaint=repaint, layout=layout, recompose=recompose)

        monkeypatch.setattr(Widget, "refresh", spy)
        view.cursor = other
        await settle(pilot)
        monkeypatch.undo()
        assert app.screen.query_one("#word-examples", ExampleLines).option_count == 0
        assert laid_out == []


def drawn(box: TextLines, y: int) -> list[tuple[str, object]]:
    """Row `y` of a box as a terminal shows it: each character with its style."""
    return [(ch, segment.style) for segment in box.render_line(y) for ch in segment.text]


def moved_once(
    boxes: list[TextLines], view: ArticleView, monkeypatch: pytest.MonkeyPatch
) -> dict[str | None, set[int]]:
    """Move to the next word; check that each box refreshed exactly the rows whose drawing
    changed, and give those rows."""
    before = {box.id: [drawn(box, y) for y in range(box.size.height)] for box in boxes}
    refreshed: dict[str | None, set[int]] = {box.id: set() for box in boxes}
    refresh = TextLines.refresh

    def spy(self: TextLines, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False):  # type: ignore[no-untyped-def]
        rows = refreshed.setdefault(self.id, set())
        if not regions:
            rows.update(range(self.size.height))
        for region in regions:
            rows.update(range(region.y, region.bottom))
        return refresh(self, *regions, repaint=repaint, layout=layout, recompose=recompose)

    monkeypatch.setattr(TextLines, "refresh", spy)
    view.cursor += 1  # the next word, in the same sentence
    monkeypatch.undo()
    for box in boxes:
        assert box.size.height > 0, box.id
        after = [drawn(box, y) for y in range(box.size.height)]
        changed = {y for y, (a, b) in enumerate(zip(before[box.id], after, strict=True)) if a != b}
        assert refreshed[box.id] == changed, box.id
    return refreshed


async def test_a_box_repaints_only_the_rows_that_changed(fresh_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001_at(pilot, "同盟")
        word_tab = [app.screen.query_one(f"#{name}", TextLines) for name in ("word", "word-depth")]
        changed = moved_once(word_tab, view, monkeypatch)
        assert changed["word"] and changed["word-depth"]
        # Some rows stay as they were (blank ones at least), and were not sent again.
        assert len(changed["word"]) < word_tab[0].size.height
        await settle(pilot)
        app.screen.query_one(SidePanel).next_tab()
        await settle(pilot)
        sentence = app.screen.query_one("#sentence", TextLines)
        _, end = view.reading.sentence_span(view.cursor_token)
        assert view.reading.analysis.tokens[view.reading.words[view.cursor + 1]].start < end, "same sentence"
        assert moved_once([sentence], view, monkeypatch)["sentence"] == set()  # the same sentence: not repainted


async def test_a_new_home_builds_the_breakdowns_in_a_child(fresh_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Built in the reader's worker thread, the table (2 s of CPU) held the GIL under the
    # first moves. Here building it in this process fails: only a child can have built it.
    from tui.core.lexicon import hanzi
    from tui.store.cache import cache_db, set_meta
    from tui.store.db import transaction

    conn = cache_db()
    with transaction(conn):
        set_meta(conn, "char_breakdown", "an older build")
    assert not hanzi.breakdowns_ready()

    def not_here() -> list[tuple[str, str]]:
        raise AssertionError("the breakdowns were built in the app's process")

    monkeypatch.setattr(hanzi, "build_rows", not_here)
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_001_at(pilot, "同盟")
        assert hanzi.breakdowns_ready()
        plain = app.screen.query_one("#word-depth", TextLines).plain
        for c in decompose("同盟"):
            assert f"radical {c['radical']}" in plain


async def test_kept_rows_take_a_new_theme(fresh_home: Path) -> None:
    # The boxes keep their drawn rows; a change of style (here the theme) must redraw them.
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_001(pilot)
        box = app.screen.query_one("#word", TextLines)
        first = box.render_line(0)
        assert first.cell_length == box.size.width
        theme = "textual-light" if app.theme != "textual-light" else "nord"
        app.theme = theme
        await settle(pilot)
        wanted = box.rich_style.bgcolor
        assert wanted != first._segments[-1].style.bgcolor  # type: ignore[union-attr]
        assert {s.style.bgcolor for s in box.render_line(0) if s.style is not None} == {wanted}
        assert {s.style.bgcolor for s in box.render_line(box.size.height - 1) if s.style is not None} == {wanted}


async def test_the_readers_heap_is_frozen_while_it_reads(fresh_home: Path) -> None:
    # A full collection over the words, layout and dictionary cost 40-80 ms in a cursor move.
    import gc

    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        await settle(pilot)
        frozen = gc.get_freeze_count()
        assert frozen > len(view.reading.words)  # words, layout and the rest are out of its sight
        assert len(gc.get_objects(generation=2)) < frozen
        await pilot.press("escape")  # back to the library: what the reader held may go
        await settle(pilot)
        assert gc.get_freeze_count() == 0
