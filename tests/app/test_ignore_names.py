"""`i` ignores the article's glossary terms and names, never a word the user saved or marked, and undoes."""

from __future__ import annotations

from pathlib import Path

from tests.app.helpers import open_001, settle
from tui.app.main import YueduApp
from tui.store.study import Study


async def test_i_keeps_saved_and_marked_words_and_i_again_restores(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_001(pilot)
        analysis = view.reading.analysis
        terms = sorted({analysis.simplified[m.start : m.end] for m in analysis.glossary})
        saved, known = "印太", "日美同盟"

        def go_to(term: str) -> None:
            view.move_to_offset(
                next(m.start for m in analysis.glossary if analysis.simplified[m.start : m.end] == term)
            )
            tok = analysis.tokens[view.cursor_token]
            assert analysis.simplified[tok.start : tok.end] == term

        go_to(saved)
        await pilot.press("a")
        go_to(known)
        await pilot.press("3")
        before = Study().statuses()
        assert before == {saved: "learning", known: "known"}

        await pilot.press("i")
        await settle(pilot)
        after = Study().statuses()
        assert after[saved] == "learning" and after[known] == "known"
        others = [t for t in terms if t not in before]
        assert others and all(after[t] == "ignored" for t in others)
        assert all(view.statuses[t] == "ignored" for t in others)
        assert [(w.word, w.status) for w in Study().words()] == [(saved, "learning")]

        await pilot.press("i")
        await settle(pilot)
        assert Study().statuses() == before
        assert all(view.statuses.get(t, "new") == "new" for t in others)
        assert view.statuses[saved] == "learning" and view.statuses[known] == "known"


async def test_a_word_marked_after_i_stays_marked_when_i_is_undone(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_001(pilot)
        await pilot.press("i")
        await settle(pilot)
        assert Study().status("日本") == "ignored"
        analysis = view.reading.analysis
        view.move_to_offset(next(m.start for m in analysis.glossary if analysis.simplified[m.start : m.end] == "日本"))
        await pilot.press("4")  # the user ignores it now on purpose
        await pilot.press("i")
        await settle(pilot)
        assert Study().statuses() == {"日本": "ignored"}
