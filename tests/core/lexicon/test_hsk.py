"""HSK levels: the one-word search that `yuedu lookup` uses agrees with the table."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from tui.core.lexicon import hsk


def test_one_word_search_agrees_with_the_table_for_every_word() -> None:
    table = hsk._words()
    assert len(table) > 10_000
    hsk._words.cache_clear()  # the search path only runs while the table is not built
    try:
        assert {w: hsk.level_of_one(w) for w in table} == table
        assert hsk._words.cache_info().currsize == 0
    finally:
        hsk._words.cache_clear()


@given(st.text(min_size=0, max_size=4))
def test_one_word_search_agrees_on_any_text(word: str) -> None:
    expected = hsk._words().get(word)
    hsk._words.cache_clear()
    try:
        assert hsk.level_of_one(word) == expected
    finally:
        hsk._words.cache_clear()
