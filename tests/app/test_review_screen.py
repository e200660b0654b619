"""The review screen: sibling order, Again in the session, grade previews and the summary."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from textual.content import Content
from textual.widgets import Static

from tui.app.main import YueduApp
from tui.app.screens.review import ReviewScreen
from tui.core.study.review import RATINGS, format_interval, intervals
from tui.store.study import SavedWord, Study

SAVED = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
NOW = SAVED + timedelta(minutes=5)


def _save(word: str, traditional: str, at: datetime) -> None:
    Study().save_word(
        SavedWord(word, traditional, "pīnyīn", "sense", "learning", f"他们说{word}很重要。", "001", 0, at.timestamp())
    )


def _text(screen: ReviewScreen) -> str:
    return str(screen.query_one("#card", Static).render())


async def test_review_orders_siblings_apart_brings_again_back_and_counts_grades(fresh_home: Path) -> None:
    _save("同盟", "同盟", SAVED)
    _save("关系", "關係", SAVED + timedelta(seconds=1))
    app = YueduApp()
    async with app.run_test(size=(100, 30)) as pilot:
        screen = ReviewScreen(clock=lambda: NOW)
        await app.push_screen(screen)
        await pilot.pause()
        shown = []
        again_given = False
        while screen.card is not None:
            card = screen.card
            shown.append((card.word, card.kind))
            await pilot.press("space")
            face = _text(screen)
            for rating, seconds in intervals(card.state, NOW).items():
                assert f"{rating} {RATINGS[rating]} {format_interval(seconds)}" in face
            grade = "1" if not again_given else "4"
            again_given = True
            await pilot.press(grade)
            assert len(shown) < 20
        assert shown == [
            ("同盟", "meaning"),
            ("关系", "meaning"),
            ("同盟", "cloze"),
            ("关系", "cloze"),
            ("同盟", "meaning"),
        ]
        summary = _text(screen)
        assert "5 reviews: Again 1 · Hard 0 · Good 0 · Easy 4" in summary
        # Every grade was saved: the Again card is due again later than its first grade put it.
        assert not Study().due_cards(NOW.timestamp() + 60)


async def test_the_sentence_breaks_by_our_rules_and_shows_the_word(fresh_home: Path) -> None:
    from tui.core.text.layout import NO_LINE_START

    sentence = (
        "在美國壓力及自身戰略利益驅動下,日本更趨向於以高度現實主義思維處理對美外交,在穩定同盟關係的同時,積極拓展空間。"
    )
    saved = SavedWord("同盟", "同盟", "tóngméng", "alliance", "learning", sentence, "001", 0, SAVED.timestamp())
    Study().save_word(saved)
    for width in (30, 37, 44, 51):
        app = YueduApp()
        async with app.run_test(size=(width, 30)) as pilot:
            screen = ReviewScreen(clock=lambda: NOW)
            await app.push_screen(screen)
            await pilot.pause()
            assert screen.card is not None and screen.card.kind == "meaning"
            await pilot.press("space")
            await pilot.pause()
            card = screen.query_one("#card", Static)
            rows = [card.render_line(y).text.rstrip() for y in range(card.size.height)]  # as drawn
            start = next(i for i, r in enumerate(rows) if r.startswith("在美國"))
            shown = rows[start : start + rows[start:].index("")]
            assert "".join(r.strip() for r in shown) == sentence, rows
            assert all(r.strip()[0] not in NO_LINE_START for r in shown), shown
            face = card.render()
            assert isinstance(face, Content)  # Textual's: plain text and spans
            at = face.plain.index("同盟", face.plain.index("在美國"))
            assert any(span.start <= at < span.end and getattr(span.style, "bold", False) for span in face.spans)
