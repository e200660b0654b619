"""The reader's Traditional view: Taiwan standard, the source's own Traditional kept, one for one."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.core.text.script import detect_script, to_simplified_same_length, traditional_view

MIXED = "這是為了台灣的發展。这是为了台湾的发展。"


def test_simplified_text_gets_taiwan_forms_not_opencc_standard_ones() -> None:
    view = traditional_view("因为里面着急。", "simplified")
    assert view == "因為裡面著急。"
    assert "爲" not in view and "裏" not in view and "着" not in view


def test_what_the_source_writes_in_traditional_stays_as_written() -> None:
    assert detect_script(MIXED) == "mixed"
    view = traditional_view(MIXED, "mixed")
    first = MIXED.split("。", 1)[0]
    assert view.startswith(first + "。")  # the Traditional passage: 為 and 台 as the source has them
    assert "為了臺灣的發展" in view[len(first) + 1 :]  # the Simplified passage converted
    assert "爲" not in view
    assert traditional_view(MIXED, "traditional") == MIXED


CHARS = "为台湾里后着發為臺灣這这是的，。 abc\n"


@given(st.text(alphabet=CHARS, max_size=60), st.sampled_from(["simplified", "mixed"]))
def test_the_view_keeps_length_and_converts_back(text: str, script: str) -> None:
    view = traditional_view(text, script)
    assert len(view) == len(text)  # offsets hold in every view
    assert to_simplified_same_length(view) == to_simplified_same_length(text)
