"""Example sentences from the library, found through the index."""

from __future__ import annotations

from collections import OrderedDict

import pytest

from tui.core.lexicon.examples import examples
from tui.core.lexicon.glossary import normalise


def test_examples_come_from_several_articles_and_hold_the_word(library) -> None:  # type: ignore[no-untyped-def]
    word = "同盟"
    holding = sorted(a.id for a in library.articles if normalise(word) in normalise(a.text))
    found = examples(word, 3)
    assert len(found) == min(3, len(holding))
    assert len({e.article for e in found}) == len(found)  # one per article while articles last
    assert any(e.article != holding[0] for e in found)
    texts = {a.id: a.text for a in library.articles}
    for e in found:
        assert normalise(texts[e.article][e.start : e.start + len(word)]) == normalise(word)
        assert normalise(word) in normalise(e.sentence)


def test_the_current_article_comes_last(library) -> None:  # type: ignore[no-untyped-def]
    word = "同盟"
    holding = [a.id for a in library.articles if normalise(word) in normalise(a.text)]
    for current in holding:
        found = examples(word, len(holding), current=current)
        assert [e.article for e in found][-1] == current


def test_a_traditional_query_finds_simplified_text(library) -> None:  # type: ignore[no-untyped-def]
    assert examples("關係", 2) == examples("关系", 2) != []


def test_no_examples_for_nothing() -> None:
    assert examples("", 3) == []
    assert examples("同盟", 0) == []


def test_normalised_texts_are_kept_within_their_budget(monkeypatch: pytest.MonkeyPatch) -> None:
    from tui.core.lexicon import examples as module

    monkeypatch.setattr(module, "NORMALISED_KEPT", 100)
    monkeypatch.setattr(module, "_NORMALISED", OrderedDict())
    texts = [f"{n}臺灣與日本關係" * 4 for n in range(10)]  # 36 characters each
    for text in texts:
        assert module._normalised(text) == normalise(text)
    assert sum(len(t) for t in module._NORMALISED) <= 100
    assert list(module._NORMALISED)[-1] == texts[-1]  # the last met is kept
    assert module._normalised(texts[-1]) == normalise(texts[-1])
