"""Over EXACT_RANKING_MAX articles only bm25's best are counted: the results stay the full ranking's."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

import tui.core.library.index as index_module
import tui.core.library.search as search_module
from tui.core.lexicon.glossary import normalise
from tui.core.library.articles import Library
from tui.core.library.index import SearchIndex, find_all
from tui.core.library.search import search
from tui.core.text.script import to_simplified_same_length

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


def _expected(word: str, limit: int, index: SearchIndex) -> list[tuple[str, int]]:
    """The full ranking, from the texts: the query's script first, then most hits, then index order."""
    norm = normalise(word)
    ids = {a: d for d, a in index.doc_ids().items()}
    script = "simplified" if to_simplified_same_length(word) == word else "traditional"
    neutral = word == to_simplified_same_length(word) and "關" not in word and "关" not in word
    ranked = []
    for article in Library().articles:
        starts = find_all(normalise(article.text), norm)
        if starts:
            doc_id = ids[article.id]
            exact = neutral or index.document(doc_id)[2] == script
            ranked.append(((not exact, -len(starts), doc_id), article.id, starts))
    hits = [(aid, s) for _key, aid, starts in sorted(ranked) for s in starts]
    return hits[:limit]


@pytest.mark.parametrize("seed", [1, 2])
@pytest.mark.parametrize("word", ["同盟", "关系", "關係"])
def test_top_results_equal_the_full_rankings(
    fresh_home: Path, monkeypatch: pytest.MonkeyPatch, seed: int, word: str
) -> None:
    _generate(fresh_home / "library", seed)
    index = SearchIndex()
    index.sync()
    for limit in (1, 3, 10, 40, 400):
        full = [(h.article, h.start) for h in search(word, limit=limit, index=index).hits]
        assert full == _expected(word, limit, index)
        # Force the shortcut: few of bm25's best counted, few long articles counted apart.
        for best, longest in ((3, 2), (5, 0), (1, 50)):
            with monkeypatch.context() as m:
                m.setattr(search_module, "EXACT_RANKING_MAX", 0)
                m.setattr(search_module, "BEST_COUNTED", best)
                m.setattr(index_module, "LONGEST", longest)
                result = search(word, limit=limit, index=index)
            assert [(h.article, h.start) for h in result.hits] == full, (limit, best, longest)
            assert result.total == sum(len(find_all(normalise(a.text), normalise(word))) for a in Library().articles)


def test_the_shortcut_is_taken_and_proven(fresh_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # Not vacuous: with the shortcut forced, some searches end without counting every article.
    _generate(fresh_home / "library", 3)
    index = SearchIndex()
    index.sync()
    full_counts = []
    real = index.doc_counts

    def spy(norm: str, only: int | None = None, best: int | None = None) -> dict[int, int]:
        full_counts.append(best is None)
        return real(norm, only, best)

    monkeypatch.setattr(index, "doc_counts", spy)
    monkeypatch.setattr(search_module, "EXACT_RANKING_MAX", 0)
    monkeypatch.setattr(search_module, "BEST_COUNTED", 10)
    search("同盟", limit=1, index=index)
    assert not any(full_counts)
