"""The reader's model: find by characters or by pinyin, and nothing for a query that is neither."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tui.core.library.articles import Library
    from tui.core.reading import Reading
    from tui.core.text.analysis import Analyzer


@pytest.fixture(scope="module")
def reading(library: Library, analyzer: Analyzer) -> Reading:
    from tui.core.lexicon.glossary import Glossary
    from tui.core.reading import Reading

    article = library.resolve("001")
    return Reading(article, analyzer.analyse(article.text), Glossary.load())


def test_find_by_pinyin_finds_what_the_characters_find(reading: Reading) -> None:
    by_han = reading.find("同盟")
    assert by_han
    assert all(reading.article.text[a:b] == "同盟" for a, b in by_han)
    assert set(by_han) <= set(reading.find("tong2 meng2"))


@pytest.mark.parametrize("query", ["x#y", "qqq", "  "])
def test_a_query_that_is_neither_han_nor_pinyin_finds_nothing(reading: Reading, query: str) -> None:
    assert reading.find(query) == []


def test_the_words_are_the_tokens_of_word_kinds_and_only_they_are_in_the_set(reading: Reading) -> None:
    from tui.core.reading import WORD_KINDS
    from tui.core.text.analysis import PackedTokens

    tokens = reading.analysis.tokens
    assert isinstance(tokens, PackedTokens)  # the compact path is the one under test
    expected = [i for i, token in enumerate(tokens) if token.kind in WORD_KINDS]
    assert list(reading.words) == expected and len(expected) < len(tokens)
    assert [i for i in range(-2, len(tokens) + 2) if i in reading.word_set] == expected


def test_written_pinyin_is_the_same_when_its_blocks_were_dropped(
    reading: Reading, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.lru import LRU

    tokens = range(0, len(reading.analysis.tokens), 37)
    first = [reading.pinyin_written(i) for i in tokens]
    monkeypatch.setattr(reading, "_written", LRU(1))  # one block kept
    again = [reading.pinyin_written(i) for i in tokens]
    assert again == first and len(reading._written) <= 1
