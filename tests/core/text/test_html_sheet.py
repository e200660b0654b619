"""The reading sheet is written as it is made: the same page as one made whole."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import run_cli
from tui.core.text import annotate


@settings(max_examples=300, deadline=None)
@given(
    parts=st.lists(st.sampled_from(["<p>", "</p>", "<p></p>", "\n", "同盟", "<", "p>", "</", "x"]), max_size=60),
    chunk=st.integers(min_value=1, max_value=40),
)
def test_empty_paragraphs_go_as_one_pass_over_the_whole_would_take_them(parts: list[str], chunk: int) -> None:
    old = annotate.HTML_CHUNK
    annotate.HTML_CHUNK = chunk
    try:
        streamed = list(annotate._without_empty_paragraphs(parts))
    finally:
        annotate.HTML_CHUNK = old
    assert "".join(streamed) == "".join(parts).replace("<p></p>", "")


@pytest.mark.parametrize("chunk", [7, 50, 1 << 16])
def test_the_command_writes_the_page_made_whole(chunk: int, monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.text.analysis import Analyzer

    text = "日美同盟关系。\n\n\n他们讨论了\n同盟。\n\n关系很重要。"
    monkeypatch.setattr(annotate, "HTML_CHUNK", chunk)
    written = run_cli("annotate", "-", "--format", "html", stdin=text)
    assert written.returncode == 0, written.stderr
    whole = annotate.to_html(annotate.annotate(text, Analyzer()))
    assert written.stdout == whole
    assert "<p></p>" not in whole and whole.count("<p>") == 4  # four lines with text, none empty
