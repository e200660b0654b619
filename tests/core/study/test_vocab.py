"""The one SavedWord builder: a word in the reader and a word added by name carry the same sentence."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from pathlib import Path

    from tui.core.library.articles import Library
    from tui.core.text.analysis import Analyzer


@pytest.mark.parametrize(("article_id", "word"), [("001", "同盟"), ("002", "同盟")])
def test_a_word_saved_in_the_reader_keeps_its_sentence_in_both_scripts(
    library: Library, analyzer: Analyzer, article_id: str, word: str
) -> None:
    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.lexicon.glossary import Glossary
    from tui.core.reading import Reading
    from tui.core.study.vocab import saved_word_at
    from tui.core.text.script import in_other_script

    article = library.resolve(article_id)
    reading = Reading(article, analyzer.analyse(article.text), Glossary.load())
    start = reading.find(word)[0][0]
    token = reading.token_at(start)
    saved = saved_word_at(reading, token, Dictionary(), sense="chosen")
    assert saved is not None
    a, b = article.sentence_at(start)
    assert (saved.word, saved.article, saved.offset, saved.status) == (word, article.id, start, "learning")
    assert saved.sentence == article.text[a:b] and article.text[start : start + len(word)] in saved.sentence
    assert saved.sentence_other == in_other_script(saved.sentence, article.script)
    assert saved.sense == "chosen" and saved.english and saved.pinyin
    punctuation = next(i for i, t in enumerate(reading.analysis.tokens) if t.kind == "punct")
    assert saved_word_at(reading, punctuation, Dictionary()) is None


def test_vocab_add_builds_the_same_sentence_as_the_reader(fresh_home: Path, library: Library) -> None:
    from tui.core.study.vocab import add_word
    from tui.core.text.script import in_other_script

    saved = add_word("同盟", article="001")
    article = library.resolve("001")
    assert saved.offset is not None and saved.article == article.id
    a, b = article.sentence_at(saved.offset)
    assert saved.sentence == article.text[a:b]
    assert saved.sentence_other == in_other_script(saved.sentence, article.script)
