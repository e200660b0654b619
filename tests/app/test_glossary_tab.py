"""The Glossary tab names each term as the article writes it, in the script shown."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from tests.app.helpers import open_001, settle
from tui.app.main import YueduApp
from tui.core.text.script import to_simplified_same_length, traditional_view


def _prompts(app: YueduApp) -> list[str]:
    options = app.screen.query_one("#glossary", OptionList)
    return [str(options.get_option_at_index(i).prompt) for i in range(options.option_count)]


async def test_terms_are_written_as_the_article_writes_them_in_the_view(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_001(pilot)
        await settle(pilot)
        reading = view.reading
        text = reading.article.text  # 001 is written in Traditional, and calls 特朗普 川普
        counts = {term: (n, offsets) for term, n, offsets in reading.glossary_counts()}
        for view_name in ("original", "simplified"):
            if view.view != view_name:
                await pilot.press("s")
                await settle(pilot)
            shown = reading.views[view_name]
            prompts = _prompts(app)
            assert len(prompts) == len(counts)
            for prompt, (term, (n, offsets)) in zip(prompts, sorted(counts.items(), key=lambda x: (-x[1][0], x[0]))):
                form = prompt.split()[0]
                assert f"×{n}" in prompt.split()
                # The form is written at one of the term's places in the text shown.
                assert any(shown.startswith(form, at) for at in offsets), (term, form)
                if to_simplified_same_length(form) != term:
                    name = traditional_view(term, "simplified") if view_name == "original" else term
                    assert prompt.endswith(f"({name})"), prompt
                else:
                    assert "(" not in prompt
            trump = next(p for p in prompts if p.endswith("(特朗普)"))
            assert trump.split()[0] == "川普" and "川普" in text
            us = next(p for p in prompts if to_simplified_same_length(p.split()[0]) == "美国")
            assert us.split()[0] == ("美國" if view_name == "original" else "美国")
