"""The Han character class: the regex forms agree with the one-character test."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tui.core.text.chars import first_han_run, han_count, is_han

# Han, near-Han (kana, the ideographic space and full stop, compatibility forms) and Latin.
CHARS = st.sampled_from("同盟〇㐀𠀀豈ぁアー　。，a1 \n\u200d") | st.characters()


@settings(max_examples=300, deadline=None)
@given(st.text(CHARS, max_size=40))
def test_first_han_run_and_count_agree_with_is_han(text: str) -> None:
    flags = [is_han(ch) for ch in text]
    assert han_count(text) == sum(flags)
    if True not in flags:
        assert first_han_run(text) == ""
        return
    start = flags.index(True)
    end = start
    while end < len(text) and flags[end]:
        end += 1
    assert first_han_run(text) == text[start:end]
