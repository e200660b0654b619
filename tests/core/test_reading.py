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


def test_word_text_is_the_token_in_each_view(reading: Reading) -> None:
    tokens = reading.analysis.tokens
    for i in range(0, len(tokens), 101):
        tok = tokens[i]
        assert reading.word_text(i) == reading.analysis.simplified[tok.start : tok.end]
        assert reading.word_text(i, "original") == tok.text
        assert reading.word_text(i, "traditional") == reading.views["traditional"][tok.start : tok.end]


def test_only_adjacent_chinese_words_merge(reading: Reading) -> None:
    tokens, words = reading.analysis.tokens, reading.words
    merged = unmerged = 0
    for i in range(len(words) - 1):
        a, b = tokens[words[i]], tokens[words[i + 1]]
        found = reading.merge_with_next(i)
        if a.kind == b.kind == "han" and a.end == b.start:
            assert found == (a, b, reading.analysis.simplified[a.start : b.end])
            merged += 1
        else:
            assert found is None
            unmerged += 1
    assert merged and unmerged and reading.merge_with_next(len(words) - 1) is None


class _Knows:
    """A dictionary that knows only the given words."""

    def __init__(self, *words: str) -> None:
        self.words = set(words)

    def entries(self, word: str) -> list[str]:
        return [word] if word in self.words else []


def test_a_word_splits_after_its_longest_known_head(reading: Reading) -> None:
    from typing import cast

    from tui.core.lexicon.dictionary import Dictionary

    tokens = reading.analysis.tokens
    long = next(i for i, t in enumerate(tokens) if t.kind == "han" and len(t.text) >= 3)
    word = reading.word_text(long)
    assert reading.split_point(long, None) == 1
    assert reading.split_point(long, cast("Dictionary", _Knows(word[:1], word[:2]))) == 2
    single = next(i for i, t in enumerate(tokens) if t.kind == "han" and len(t.text) == 1)
    punctuation = next(i for i, t in enumerate(tokens) if t.kind == "punct")
    assert reading.split_point(single, None) is None and reading.split_point(punctuation, None) is None


def test_glossary_words_are_the_matched_terms_once_each_sorted(reading: Reading) -> None:
    words = reading.glossary_words()
    spans = {reading.analysis.simplified[m.start : m.end] for m in reading.analysis.glossary}
    assert words and words == sorted(set(words)) and set(words) == spans


def test_the_senses_e_cycles_are_every_sense_of_every_entry_in_order() -> None:
    from tui.core.lexicon.senses import choices, chosen

    definitions = [("表", "biǎo", ("table", "watch", "form")), ("錶", "biǎo", ("watch",)), ("表", "biao", ())]
    listed = [(pinyin, sense) for _, pinyin, senses in definitions for sense in senses]
    assert choices(definitions) == listed and len(listed) == 4
    assert [chosen(definitions, n) for n in (0, 3, 4, -1)] == [listed[0], listed[3], listed[0], listed[3]]
    assert chosen([], 2) is None


def test_the_panels_pinyin_and_traditional_are_the_views_whatever_was_made_before(analyzer: Analyzer) -> None:
    """The Word tab's readings of a word come from its block of the text when that is made, else
    from the word alone; its Traditional form of a Latin word without the whole Traditional view
    made: all equal what the views show, for every word of a text mixing Han, Latin and numbers."""
    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.lexicon.glossary import Glossary
    from tui.core.library.articles import Article
    from tui.core.reading import Reading, _Views

    text = "在命令行中输入 ls(1) 命令，用 vim 改配置文件。发展经济，1.6.3 版里这个地方常常弄错。\n" * 40
    article = Article(id="tmp", path="tmp.txt", raw=text, origin="file")
    dictionary = Dictionary()
    cold = Reading(article, analyzer.analyse(article.text), Glossary.load())
    words = list(cold.words)
    infos = [cold.word_info(i, dictionary) for i in words]
    views = cold.views
    assert isinstance(views, _Views) and "traditional" not in views.made  # no word needed the whole view
    warm = Reading(article, cold.analysis, Glossary.load())
    for style in ("marks", "numbers", "zhuyin"):
        for i in words:
            warm.pinyin_written(i, style)  # every block made
    for i, info in zip(words, infos, strict=True):
        assert info == warm.word_info(i, dictionary)
        expected = {style: "".join(warm.pinyin_written(i, style)).strip() for style in ("marks", "numbers", "zhuyin")}
        assert {style: info.pinyin[style] for style in expected} == expected
        if not info.definitions:
            assert info.traditional == warm.word_text(i, "traditional")
    assert any(not info.definitions and info.text.isascii() for info in infos)  # the Latin words are in
