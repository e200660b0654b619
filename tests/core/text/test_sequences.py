"""The sequences made on demand (packed tokens and pinyin, characters, spans) index and slice as lists."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pytest

from tui.core.text.analysis import CharTokens, PackedTokens, TokenSpans, provisional, token_spans

if TYPE_CHECKING:
    from tui.core.library.articles import Library
    from tui.core.text.analysis import Analyzer


def _acts_as(made: Sequence[Any], items: list[Any]) -> None:
    n = len(items)
    assert len(made) == n and n > 3
    for i in range(-n, n):
        assert made[i] == items[i], i
    for a, b in ((0, n), (1, 3), (-3, None), (None, -1), (n, n + 5), (2, 1)):
        assert list(made[a:b]) == items[a:b], (a, b)
    for i in (n, -n - 1):
        with pytest.raises(IndexError):
            made[i]


def test_every_made_sequence_indexes_as_the_list_it_stands_for(library: Library, analyzer: Analyzer) -> None:
    text = library.resolve("004").text
    analysis = analyzer.analyse(text)
    tokens = analysis.tokens
    assert isinstance(tokens, PackedTokens)
    listed = list(tokens)  # by iteration, not by index
    assert "".join(t.text for t in listed) == text
    assert all(text[t.start : t.end] == t.text for t in listed)
    _acts_as(tokens, listed)
    _acts_as(analysis.pinyin, list(analysis.pinyin))
    assert all(len(p) == t.end - t.start for p, t in zip(analysis.pinyin, listed))
    spans = token_spans(tokens)
    _acts_as(spans, [(t.start, t.end) for t in listed])
    chars = CharTokens(text)
    _acts_as(chars, list(chars))
    assert [t.text for t in chars] == list(text)
    _acts_as(provisional(text).pinyin, [("",)] * len(text))
    _acts_as(TokenSpans(None, 0, len(text)), [(i, i + 1) for i in range(len(text))])


def test_a_slice_of_spans_is_a_view_over_the_same_offsets() -> None:
    spans = TokenSpans([2, 5, 9, 10], 0, 4)
    part = spans[1:3]
    assert isinstance(part, TokenSpans) and part.ends is spans.ends
    assert list(part) == [(2, 5), (5, 9)] and part[-1] == (5, 9)
    with pytest.raises(ValueError):
        spans[::2]
