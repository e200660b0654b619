"""The Word tab's depth: characters taken apart, and examples from the library that jump."""

from __future__ import annotations

import itertools
from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.text import Text

from tests.app.helpers import open_001, open_001_at, settle
from tui.app.main import YueduApp
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.side_panel.examples import ExampleLines
from tui.app.widgets.side_panel.lines import TextLines
from tui.core.lexicon.examples import examples
from tui.core.lexicon.hanzi import decompose

SIZE = (120, 40)


async def test_word_tab_takes_the_word_apart_and_lists_examples(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_001_at(pilot, "同盟")
        screen = app.screen
        assert isinstance(screen, ReaderScreen)
        depth = screen.query_one("#word-depth", TextLines).plain
        for c in decompose("同盟"):
            assert f"radical {c['radical']}" in depth
            assert str(c["radical_meaning"]) in depth
        options = screen.query_one("#word-examples", ExampleLines)
        wanted = examples("同盟", 3, current=screen.reading.article.id)
        assert options.option_count == len(wanted) > 0
        # Other articles first: the one being read comes last, if at all.
        assert wanted[0].article != screen.reading.article.id
        prompt = options.prompt_at(0)
        assert isinstance(prompt, Text) and prompt.plain.startswith(wanted[0].article[:3])
        # The heading sits on the box's last row, right over the sentences it introduces.
        assert depth.splitlines()[-1].startswith("Elsewhere in your library")


async def test_a_long_word_keeps_every_character_in_the_box(fresh_home: Path) -> None:
    # Four characters at three rows each do not fit the box: the library's words go first.
    word = "戰略自主"
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        view.move_to_offset(view.reading.find(word)[0][0])
        await settle(pilot)
        box = app.screen.query_one("#word-depth", TextLines)
        token = view.reading.analysis.tokens[view.cursor_token]
        shown = view.reading.article.text[token.start : token.end]  # 001 is Traditional: as shown
        assert len(shown) > 3, shown
        rows = box.plain.splitlines()
        assert len(rows) <= box.size.height
        heads = [r for r in rows if r[:1] and not r[:1].isspace()]
        for c in decompose(shown):
            assert any(r.startswith(str(c["char"])) and f"  radical {c['radical']}" in r for r in heads), (c, rows)


async def test_the_breakdown_takes_apart_the_characters_shown_and_names_both(fresh_home: Path) -> None:
    from tui.core.text.script import to_simplified_same_length

    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        text = view.reading.article.text  # 001 is written in Traditional
        at = view.reading.find("战略")[0][0]
        traditional = text[at : at + 2]
        simplified = to_simplified_same_length(traditional)
        assert traditional != simplified, "a word written differently in the two scripts"
        view.move_to_offset(at)
        await settle(pilot)
        box = app.screen.query_one("#word-depth", TextLines)

        def heads() -> dict[str, str]:
            rows = [r for r in box.plain.splitlines() if r[:1] and not r[:1].isspace()]
            return {r[0]: r for r in rows}

        for view_name, shown, other in (("original", traditional, simplified), ("simplified", simplified, traditional)):
            if view.view != view_name:
                await pilot.press("s")
                await settle(pilot)
            assert view.view == view_name
            shown_heads = heads()
            for c, o, row in zip(shown, other, decompose(shown)):
                assert c in shown_heads, (view_name, c, box.plain)
                assert f"radical {row['radical']}" in shown_heads[c]
                if c != o:
                    assert shown_heads[c].startswith(f"{c} ({o})"), shown_heads[c]
            assert not set(shown_heads) & (set(other) - set(shown)), "the other script's characters are not taken apart"


def test_example_rows_never_start_with_closing_punctuation() -> None:
    from tui.app.widgets.side_panel.examples import example_line

    sentence = "然而,石破茂的表态与美日同盟略有不符。"
    for width in range(8, 44):
        rows = example_line("000_x", sentence, "同盟", width).plain.split("\n")
        assert all(cell_len(r) <= width for r in rows), (width, rows)
        assert all(not r.strip().startswith(("。", ",", "，")) for r in rows), (width, rows)
        assert "".join(r.removeprefix("000·").strip() for r in rows) == sentence


async def test_an_example_elsewhere_opens_that_article_at_the_word(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_001_at(pilot, "同盟")
        first = app.screen
        target = examples("同盟", 3, current=first.reading.article.id)[0]  # type: ignore[attr-defined]
        options = first.query_one("#word-examples", ExampleLines)
        options.focus()
        options.highlighted = 0
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen is not first
        assert screen.reading.article.id == target.article
        token = screen.reading.analysis.tokens[screen.view.cursor_token]
        assert token.start <= target.start < token.end + 1
        await pilot.press("escape")
        await settle(pilot)
        assert app.screen is first


async def test_a_word_with_no_han_clears_the_breakdown(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        from tui.core.text.tokens import HAN

        tokens = view.reading.analysis.tokens
        # A Han word first, so that the breakdown has something to clear.
        view.move_to_offset(view.reading.find("同盟")[0][0])
        await settle(pilot)
        assert "radical" in app.screen.query_one("#word-depth", TextLines).plain
        latin = next(i for i in view.reading.words if tokens[i].kind != HAN)
        view.move_to_offset(tokens[latin].start)
        await settle(pilot)
        assert app.screen.query_one("#word-depth", TextLines).plain == ""
        assert app.screen.query_one("#word-examples", ExampleLines).option_count == 0


async def test_difficulty_screen_shows_the_articles_numbers(fresh_home: Path) -> None:
    from textual.widgets import Static

    from tui.app.screens.difficulty import DifficultyScreen
    from tui.core.study.difficulty import difficulty

    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DifficultyScreen)
        expected = difficulty(view.reading.article.id, 25)
        assert screen.data == expected
        summary = str(screen.query_one("#difficulty-summary", Static).render())
        assert f"{expected['words']} words" in summary and "running words" in summary
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)


async def test_library_shows_the_level_for_95_of_analysed_articles(fresh_home: Path) -> None:
    from textual.widgets import DataTable

    from tui.core.study.difficulty import difficulty

    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        article = view.reading.article.id
        await pilot.press("escape")
        await settle(pilot)
        table = app.screen.query_one(DataTable)
        row = table.get_row(article)
        data = difficulty(article)
        level = data["level_for_95"]
        assert row[-2] == (f"HSK {level}" if level != "beyond" else "beyond")
        bands = data["hsk"]
        assert row[-1] == f"{bands['beyond'] / data['words']:.0%}"


async def test_progress_screen_shows_the_series(fresh_home: Path) -> None:
    from tests.app.progress_seed import seed
    from tui.app.screens.progress import ProgressScreen
    from tui.core.study.progress import progress
    from tui.store.study import Study

    seed(Study())
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        assert isinstance(app.screen, ProgressScreen)
        assert app.screen.data == progress()
        await pilot.press("escape")
        await settle(pilot)
        assert not isinstance(app.screen, ProgressScreen)


async def test_reading_time_is_recorded_when_leaving_an_article(fresh_home: Path) -> None:
    from tui.store.study import Study

    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await open_001(pilot)
        await pilot.press("right", "right")
        await pilot.press("escape")
        await settle(pilot)
    rows = Study().reading_by_day()
    assert len(rows) == 1 and rows[0][1] > 0


async def test_progress_on_a_fresh_home_says_so_and_draws_no_empty_charts(fresh_home: Path) -> None:
    from textual.widgets import Static

    from tui.app.screens.progress import ProgressScreen

    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen)
        assert "Nothing recorded yet" in str(screen.query_one("#progress-summary", Static).render())
        assert not screen.query_one("#progress-known").display
        assert not screen.query_one("#progress-daily").display


@given(st.floats(min_value=0, max_value=1e7, allow_nan=False))
def test_chart_ticks_are_whole_even_and_reach_the_top(top: float) -> None:
    from tui.app.screens.progress import whole_ticks

    ticks = whole_ticks(top)
    assert ticks[0] == 0 and ticks[-1] >= top and 2 <= len(ticks) <= 6
    steps = {b - a for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1
    step = steps.pop()
    assert ticks[-1] - step < max(top, 1)  # no tick wasted above the top
    assert str(step).strip("0") in ("1", "2", "5")


def test_band_chart_lists_the_bands_from_hsk_1_with_their_counts() -> None:
    from rich.console import Console

    from tui.app.screens.difficulty import band_chart
    from tui.core.study.difficulty import BANDS

    bands = {b: 10 * (i + 1) for i, b in enumerate(BANDS)}
    words = sum(bands.values())
    console = Console(width=80, record=True)
    console.print(band_chart(bands, words))
    rows = [r for r in console.export_text().splitlines() if r.strip().startswith(("HSK", "beyond"))]
    labels = [("HSK " + b if b != "beyond" else "beyond") for b in BANDS]
    assert [next(lab for lab in labels if r.strip().startswith(lab + " ")) for r in rows] == labels
    for row, band in zip(rows, BANDS):
        assert f" {bands[band]} " in row and f"{bands[band] / words:.0%}" in row


async def test_progress_summary_counts_in_words_a_person_writes(fresh_home: Path) -> None:
    from textual.widgets import Static

    from tests.conftest import run_cli
    from tui.app.screens.progress import ProgressScreen

    assert run_cli("vocab", "add", "日本", "--status", "known").returncode == 0
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("p")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ProgressScreen) and screen.data is not None
        assert screen.data["known"][-1] == 1
        summary = str(screen.query_one("#progress-summary", Static).render())
        assert "1 word known" in summary and "0 reviews" in summary, summary


async def test_difficulty_at_80_by_24_shows_every_band_and_its_name(fresh_home: Path) -> None:
    from tui.app.screens.difficulty import DifficultyScreen
    from tui.core.study.difficulty import BANDS

    app = YueduApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await open_001(pilot)
        await pilot.press("d")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, DifficultyScreen) and screen.data is not None
        await pilot.pause()
        from rich.cells import cell_len
        from textual.widgets import Footer, Static

        chart = screen.query_one("#difficulty-bands", Static)
        footer_top = screen.query_one(Footer).region.y
        rows = [chart.render_line(y).text for y in range(chart.size.height)]
        for band in BANDS:
            label = f"HSK {band}" if band != "beyond" else "beyond"
            (y,) = [y for y, r in enumerate(rows) if r.strip().startswith(f"{label} ")]
            assert chart.region.y + y < footer_top, (label, "drawn under the footer or off the screen")
        # The header keeps the screen's name: the title is cut to leave room for it.
        assert cell_len(f"{screen.title} — {screen.sub_title}") <= 80 - 18 and screen.sub_title == "difficulty"


async def test_the_sentence_tab_breaks_chinese_by_our_line_rules(fresh_home: Path) -> None:
    from tui.app.widgets.side_panel.lines import SentenceLines
    from tui.core.text.layout import NO_LINE_START

    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        await settle(pilot)
        reading = view.reading
        lines = app.screen.query_one("#sentence", SentenceLines)
        # Sentences of 001 with commas, so that some width puts one at a row's start.
        spans = [s for s in reading.article.sentences if "," in reading.article.text[s[0] : s[1]]][:6]
        assert spans
        for start, end in spans:
            sentence = reading.view_slice("simplified", start, end).strip()
            for width in range(12, 30):
                lines.set_text(Text(sentence + "\n\n" + "pinyin here"))
                rows = [r.plain for r in lines._wrap(app.console, width)]
                chinese = rows[: rows.index("")]
                assert "".join(chinese).replace(" ", "") == sentence.replace(" ", "")
                assert all(r[:1] not in NO_LINE_START for r in chinese), (width, chinese)
                assert all(cell_len(r) <= width for r in chinese), (width, chinese)
                assert rows[-1] == "pinyin here"
