"""Segmentation a learner can use: every Han word shown has a dictionary meaning, and
technical tokens, digit runs and dash runs stay whole."""

from __future__ import annotations

import pytest

from tui.core.lexicon.dictionary import Dictionary
from tui.core.text.annotate import annotate

# Sentences of our own, full of the joins jieba makes that CC-CEDICT lacks.
EVERYDAY = (
    "我会一个人回家吧。这是我的本书吗？他会试试。\n"
    "她看着三种很漂亮的花，很大的那一只是我的。\n"
    "他调到北京以后，我会常常给他写信。\n"
)


def test_every_han_word_has_a_dictionary_entry(analyzer) -> None:  # type: ignore[no-untyped-def]
    dictionary = Dictionary()
    tokens = annotate(EVERYDAY, analyzer)["tokens"]
    han = [t for t in tokens if any("\u4e00" <= ch <= "\u9fff" for ch in t["text"])]
    assert han
    assert [t["text"] for t in han if not t["gloss"]] == []
    assert [t["text"] for t in han if not dictionary.entries(t["text"])] == []
    assert "".join(t["text"] for t in tokens) == EVERYDAY


@pytest.mark.parametrize("whole", ["ls(1)", "LS(1)", "1.6.3", "F1—F6", "VT100", "１９９６", "———", "3.5%", "1,000"])
def test_technical_tokens_digit_runs_and_dash_runs_stay_whole(analyzer, whole: str) -> None:  # type: ignore[no-untyped-def]
    text = f"参见{whole}的说明。\n"
    words = [t.text for t in analyzer.analyse(text, use_cache=False).tokens]
    assert whole in words
    assert "".join(words) == text


def test_a_word_is_not_joined_across_a_word_boundary(analyzer) -> None:  # type: ignore[no-untyped-def]
    for text in ("全域性行為\n", "全域性行为\n"):
        words = [t.text for t in analyzer.analyse(text, use_cache=False).tokens]
        assert "性行為" not in words and "性行为" not in words
        assert "".join(words) == text


def test_a_word_the_dictionary_has_is_kept_whole(analyzer) -> None:  # type: ignore[no-untyped-def]
    words = [t.text for t in analyzer.analyse("日本首相访问美国。\n", use_cache=False).tokens]
    assert words[:4] == ["日本", "首相", "访问", "美国"]
