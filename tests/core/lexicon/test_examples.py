"""Example sentences from the library, found through the index."""

from __future__ import annotations

from pathlib import Path

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

    monkeypatch.setattr(module._NORMALISED, "max_weight", 100)  # NORMALISED_KEPT, in the cache made with it
    texts = [f"{n}臺灣與日本關係" * 4 for n in range(10)]  # 36 characters each
    for text in texts:
        assert module._normalised(text) == normalise(text)
    assert sum(len(t) for t in module._NORMALISED) <= 100
    assert list(module._NORMALISED)[-1] == texts[-1]  # the last met is kept
    assert module._normalised(texts[-1]) == normalise(texts[-1])


def test_the_same_text_in_the_other_script_is_not_elsewhere_and_sentences_come_before_titles(
    fresh_home: Path, tmp_path: Path
) -> None:
    from tui.core.lexicon.examples import reads_as_sentence
    from tui.core.library.articles import Library
    from tui.core.library.importing import add_files
    from tui.core.text.script import convert

    chapter = "服务器管理\n\n我们每天都要维护这台服务器，它运行得很稳定。\n"
    other = "服务器日志\n\n服务器设置\n\n管理员重新启动了服务器，然后检查了所有服务。\n"
    paths = []
    for name, text in (
        ("a.txt", chapter),
        ("a-traditional.txt", convert(chapter, "traditional").text),
        ("b.txt", other),
    ):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    ids = [outcome.id for outcome in add_files(paths)]
    assert all(ids) and convert(chapter, "traditional").text != chapter
    assert not any("服务器" in normalise(a.text) for a in Library().articles if a.id not in ids)
    found = examples("服务器", 3, current=ids[0])
    articles = [e.article for e in found]
    assert ids[1] not in articles  # the chapter again, in Traditional: not another article
    assert articles[0] == ids[2] and set(articles) == {ids[0], ids[2]}  # elsewhere first, then here
    assert reads_as_sentence(found[0].sentence) and "启动" in found[0].sentence  # not a heading
    assert not reads_as_sentence("服务器日志") and reads_as_sentence("服务器设置好了。")
