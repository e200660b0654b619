"""Over EXACT_RANKING_MAX articles SQL ranks them and gives the first few: the results stay the full ranking's."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import tui.core.library.search as search_module
from tui.core.lexicon.glossary import normalise
from tui.core.library.articles import Library
from tui.core.library.index import SearchIndex, find_all
from tui.core.library.search import Term, search
from tui.core.text.script import converter, to_simplified_same_length

FILLER = "两国领导人在会上讨论了经济合作问题"


def _generate(folder: Path, seed: int) -> None:
    """Articles of very different lengths and densities: short ones with a few hits, long ones
    with many hits spread thin (which bm25 scores low), in either script."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(40):
        long = rng.random() < 0.25
        lines = [f"第{n}篇"]
        for p in range(rng.randint(60, 140) if long else rng.randint(2, 8)):
            words = [f"{FILLER}第{n}篇第{p}段"]
            for _ in range(rng.choice([0, 0, 1, 2])):
                words.append(rng.choice(["同盟", "关系", "關係"]))
            rng.shuffle(words)
            lines.append("，".join(words) + "。")
        (folder / f"gen{n:02d}.txt").write_text("\n\n".join(lines) + "\n", encoding="utf-8")


def _expected(terms: list[Term], limit: int, index: SearchIndex) -> list[tuple[str, int]]:
    """The full ranking, from the texts: term by term, the query's script first, then most hits,
    then index order; a place found by an earlier term is not repeated."""
    ids = {a: d for d, a in index.doc_ids().items()}
    texts = [(a.id, normalise(a.text)) for a in Library().articles]
    hits: list[tuple[str, int]] = []
    for term in terms:
        script = "simplified" if to_simplified_same_length(term.form) == term.form else "traditional"
        neutral = to_simplified_same_length(term.form) == term.form == converter("s2t").convert(term.form)
        ranked = []
        for article, text in texts:
            starts = find_all(text, term.norm)
            if starts:
                doc_id = ids[article]
                exact = neutral or index.document(doc_id)[2] == script
                ranked.append(((not exact, -len(starts), doc_id), article, starts))
        hits += [(aid, s) for _key, aid, starts in sorted(ranked) for s in starts if (aid, s) not in hits]
    return hits[:limit]


WORDS = ["同盟", "关系", "關係", "日美关系", "日美關係", "两国领导人", "第3篇"]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("word", WORDS)
def test_top_results_equal_the_full_rankings(
    fresh_home: Path, monkeypatch: pytest.MonkeyPatch, seed: int, word: str
) -> None:
    _generate(fresh_home / "library", seed)
    index = SearchIndex()
    index.sync()
    texts = [normalise(a.text) for a in Library().articles]
    for limit in (1, 3, 10, 40, 400):
        result = search(word, limit=limit, index=index)
        full = [(h.article, h.start) for h in result.hits]
        assert full == _expected(result.terms, limit, index)
        with monkeypatch.context() as m:
            m.setattr(search_module, "EXACT_RANKING_MAX", 0)  # SQL's ranking, however few match
            result = search(word, limit=limit, index=index)
        assert [(h.article, h.start) for h in result.hits] == full, limit
        # Every term's hits (a glossary word's other forms too), counted in the texts.
        assert result.total == sum(len(find_all(text, t.norm)) for t in result.terms for text in texts)


def test_sql_ranks_and_nothing_is_counted_in_python(fresh_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Not vacuous: with SQL's ranking, these searches end without counting every article here.
    _generate(fresh_home / "library", 3)
    index = SearchIndex()
    index.sync()
    full_counts: list[str] = []
    real = index.doc_counts

    def spy(norm: str, only: int | None = None) -> dict[int, int]:
        full_counts.append(norm)
        return real(norm, only)

    monkeypatch.setattr(index, "doc_counts", spy)
    monkeypatch.setattr(search_module, "EXACT_RANKING_MAX", 0)
    for word in WORDS:
        result = search(word, limit=3, index=index)
        assert result.hits and result.terms[0].top is not None
    assert full_counts == []


@pytest.mark.parametrize("word", ["关系", "關係", "两国领导人"])
def test_past_the_first_articles_every_article_is_counted_in_order(fresh_home: Path, word: str) -> None:
    _generate(fresh_home / "library", 4)
    index = SearchIndex()
    index.sync()
    counted, ranked = Term(word, "hanzi", word), Term(word, "hanzi", word)
    counted.count_in(index, None)
    everything = list(search_module._ranked_docs(index, counted, 400))
    ranked.rank_in(index, 2)  # SQL gives two; the rest come from counting them all
    assert ranked.top is not None and len(ranked.top.ranked) == 2 < len(everything)
    assert list(search_module._ranked_docs(index, ranked, 2)) == everything
