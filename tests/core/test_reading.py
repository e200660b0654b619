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
