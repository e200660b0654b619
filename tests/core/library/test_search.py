"""Search: the index counts exactly, and queries in any script, pinyin or English find the words."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from tui.core.lexicon.glossary import normalise
from tui.core.library.articles import Library
from tui.core.library.index import SearchIndex, find_all
from tui.core.library.search import search
from tui.core.text.script import same_length


@pytest.fixture(scope="module")
def index() -> SearchIndex:
    idx = SearchIndex()
    idx.sync()
    return idx


def _texts(library) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {a.id: a.text for a in library.articles}


def test_simplified_query_finds_the_traditional_form_as_written(index: SearchIndex) -> None:
    result = search("日美关系", limit=1000, index=index)
    hits = [h for h in result.hits if h.kind == "hanzi"]
    assert {h.article for h in hits} >= {"001_3e01bd049a75bb4f"}
    in_001 = [h for h in hits if h.article.startswith("001")]
    text = next(a for a in Library().articles if a.id.startswith("001")).text
    assert len(in_001) == text.count("日美關係") > 0
    assert all(h.match == "日美關係" for h in in_001)
    assert all(text[h.start : h.end] == h.match for h in in_001)
    assert all(h.before == text[max(0, h.start - 20) : h.start] for h in in_001)


def test_every_occurrence_of_riben_is_counted(index: SearchIndex, library) -> None:  # type: ignore[no-untyped-def]
    result = search("日本", limit=10_000, index=index)
    texts = _texts(library)
    simplified = sum(same_length(t, "tw2s").count("日本") for t in texts.values())
    traditional = sum(same_length(t, "s2t").count("日本") for t in texts.values())
    assert result.total == simplified == traditional == sum(t.count("日本") for t in texts.values())
    assert len(result.hits) == result.total
    per_article = {aid: sum(1 for h in result.hits if h.article == aid) for aid in texts}
    assert per_article == {aid: t.count("日本") for aid, t in texts.items()}


def test_articles_rank_by_their_number_of_hits(index: SearchIndex) -> None:
    result = search("日本", limit=10_000, index=index)
    order = list(dict.fromkeys(h.article for h in result.hits))
    counts = [sum(1 for h in result.hits if h.article == a) for a in order]
    assert counts == sorted(counts, reverse=True)


@pytest.mark.parametrize("query", ["tongmeng", "tóngméng", "tóng méng", "tong2 meng2", "TongMeng", "alliance"])
def test_pinyin_and_english_find_tongmeng(index: SearchIndex, library, query: str) -> None:  # type: ignore[no-untyped-def]
    result = search(query, limit=10_000, index=index)
    kinds = {i["kind"] for i in result.interpreted_as()}
    assert kinds & {"pinyin", "english"}
    tongmeng = [h for h in result.hits if h.term == "同盟"]
    expected = sum(normalise(t).count("同盟") for t in _texts(library).values())
    assert len(tongmeng) == expected > 0


def test_toned_pinyin_excludes_other_tones(index: SearchIndex) -> None:
    toneless = {t.form for t in search("shiyong", index=index).terms}
    toned = {t.form for t in search("shi3 yong4", index=index).terms}
    assert "使用" in toned
    assert toned < toneless


def test_a_glossary_term_also_finds_its_aliases(index: SearchIndex, library) -> None:  # type: ignore[no-untyped-def]
    result = search("特朗普", limit=10_000, index=index)
    assert {"kind": "alias", "terms": ["川普"]} in result.interpreted_as()
    alias_hits = [h for h in result.hits if h.kind == "alias"]
    assert alias_hits and all(h.match == "川普" and h.term == "特朗普" for h in alias_hits)
    assert len(alias_hits) == sum(t.count("川普") for t in _texts(library).values())
    # the form as typed comes first
    assert result.hits[0].kind == "hanzi"


def test_article_filter(index: SearchIndex) -> None:
    result = search("同盟", article="003", index=index)
    assert result.hits and {h.article for h in result.hits} == {"003_f6181f8d3a7c32a6"}


def test_sections_name_where_a_hit_is(index: SearchIndex) -> None:
    result = search("印太战略", limit=100, index=index)
    sections = {h.section for h in result.hits if h.article.startswith("001")}
    assert any(s and s.startswith("(四)") for s in sections)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_index_counts_equal_counting_in_the_text(index: SearchIndex, library, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    articles = library.articles
    article = data.draw(st.sampled_from(articles))
    start = data.draw(st.integers(0, len(article.text) - 1))
    length = data.draw(st.integers(1, 6))
    term = normalise(article.text[start : start + length])
    assume(term and all(ch.isalnum() for ch in term))  # a term is letters, digits or characters only
    counts = index.doc_counts(term)
    ids = index.doc_ids()
    found = {ids[d]: n for d, n in counts.items()}
    expected = {a.id: n for a in articles if (n := len(find_all(normalise(a.text), term)))}
    assert found == expected


def test_imported_text_is_searchable_at_once(fresh_home: Path, tmp_path: Path) -> None:
    from tui.core.library.importing import add_files

    source = tmp_path / "mine.txt"
    source.write_bytes("我的笔记\n\n蒙古国与哈萨克斯坦签署了协议。\n".encode("gb18030"))
    [outcome] = add_files([source])
    result = search("哈萨克斯坦签署")
    assert [h.article for h in result.hits] == [outcome.id]
