"""Tone colours (`c`): syllable by syllable, on the pinyin row, or on the characters when it is off."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len
from rich.color import Color
from textual.strip import Strip

from tests.app.helpers import open_001, wait_until
from tui.app.main import YueduApp
from tui.app.widgets.article_draw import TONE_COLOURS
from tui.app.widgets.article_view import ArticleView


def _colours(strip: Strip) -> list[str | None]:
    """The foreground colour of each cell of a rendered line."""
    out: list[str | None] = []
    for segment in strip:
        colour = segment.style.color if segment.style else None
        hex_ = colour.get_truecolor().hex if colour is not None else None
        out += [hex_] * cell_len(segment.text)
    return out


def _tone(syllable: str) -> str:
    return Color.parse(TONE_COLOURS[syllable[-1]]).get_truecolor().hex


def _two_tone_word(view: ArticleView) -> int:
    """A word, not under the cursor, of two syllables in different tones (found in the text)."""
    analysis = view.reading.analysis
    for token in view.reading.words[view.cursor + 1 :]:
        syllables = analysis.pinyin[token]
        if len(syllables) == 2 and all(syllables) and syllables[0][-1] != syllables[1][-1]:
            return token
    raise AssertionError("001 has no two-syllable word in two tones")


async def test_each_syllable_takes_its_own_tone_colour(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_001(pilot)
        await pilot.press("p", "c")
        await wait_until(pilot, lambda: view.show_pinyin and view.tone_colours, "pinyin row with tone colours")
        token = _two_tone_word(view)
        line = view.nav.line_of_token(token)
        view.scroll_to(y=view.nav.row_of_line(line) - 1, animate=False, immediate=True)
        await pilot.pause()
        (piece,) = [p for p in view._lines[line].pieces if p.token == token]
        top, _ = view.nav.rows_of_line(line)
        colours = _colours(view.render_line(top - int(view.scroll_offset.y)))
        first, second = view.reading.pinyin_written(token)
        numbered = view.reading.analysis.pinyin[token]
        at = piece.x
        assert set(colours[at : at + cell_len(first)]) == {_tone(numbered[0])}, (first, second)
        at += cell_len(first)
        assert set(colours[at : at + cell_len(second)]) == {_tone(numbered[1])}, (first, second)

        # Without the pinyin row, the characters carry the colours.
        await pilot.press("p")
        await wait_until(pilot, lambda: not view.show_pinyin, "pinyin row off")
        line = view.nav.line_of_token(token)
        view.scroll_to(y=view.nav.row_of_line(line), animate=False, immediate=True)
        await pilot.pause()
        (piece,) = [p for p in view._lines[line].pieces if p.token == token]
        colours = _colours(view.render_line(view.nav.row_of_line(line) - int(view.scroll_offset.y)))
        assert colours[piece.x : piece.x + 2] == [_tone(numbered[0])] * 2
        assert colours[piece.x + 2 : piece.x + 4] == [_tone(numbered[1])] * 2

        # And off again, nothing is tone-coloured.
        await pilot.press("c")
        await wait_until(pilot, lambda: not view.tone_colours, "tone colours off")
        colours = _colours(view.render_line(view.nav.row_of_line(line) - int(view.scroll_offset.y)))
        assert colours[piece.x : piece.x + 4] != [_tone(numbered[0])] * 2 + [_tone(numbered[1])] * 2


async def test_after_a_split_the_word_and_glossary_tabs_give_one_count(fresh_home: Path) -> None:
    from textual.widgets import OptionList

    from tests.app.helpers import settle
    from tui.app.screens.reader import ReaderScreen

    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_001(pilot)
        # A longer word that holds 日本: cut it, so 日本 becomes a word of its own there.
        longer = next(
            i
            for i in view.reading.words
            if "日本" in view.reading.analysis.tokens[i].text and len(view.reading.analysis.tokens[i].text) > 2
        )
        view.move_to_offset(view.reading.analysis.tokens[longer].start)
        before = len(view.reading.analysis.tokens)
        await pilot.press("x")
        await wait_until(
            pilot,
            lambda: isinstance(app.screen, ReaderScreen) and len(app.screen.reading.analysis.tokens) > before,
            "the split",
        )
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.dictionary is not None
        view = screen.query_one(ArticleView)
        token = next(i for i in view.reading.words if view.reading.analysis.tokens[i].text == "日本")
        info = view.reading.word_info(token, screen.dictionary)
        options = screen.query_one("#glossary", OptionList)
        prompts = [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]
        (shown,) = [p for p in prompts if p.split()[0] == "日本"]
        assert shown.split()[-1] == f"×{info.count_article}"
        assert info.count_article == view.reading.article.text.count("日本")
