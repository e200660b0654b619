"""The search index's build: its columns as defined, and an added article indexed as read back."""

from __future__ import annotations

import operator
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.conftest import run_cli
from tui.core.library.articles import Article
from tui.core.library.index import SearchIndex, columns

_NOT_WORD = re.compile(r"[\W_]")


def _columns_by_definition(norm: str) -> tuple[str, str]:
    marked = _NOT_WORD.sub("_", norm)
    return " ".join(marked), " ".join(map(operator.add, marked, marked[1:] + "_"))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from("日美關係关系 A_b.\n😀\u0301"), max_size=60) | st.text(max_size=40))
def test_columns_are_characters_and_bigrams_at_each_position(norm: str) -> None:
    uni, bi = columns(norm)
    assert (uni, bi) == _columns_by_definition(norm)
    if norm:
        assert len(uni.split(" ")) == len(bi.split(" ")) == len(norm)


def _indexed() -> dict[str, tuple[str, str, str, str]]:
    idx = SearchIndex()
    out = {}
    for doc_id, article in idx.doc_ids().items():
        _a, title, script, text, sections = idx.store.document(doc_id)
        out[article] = (title, script, text, sections)
    return out


def test_an_added_article_is_indexed_as_a_rebuild_reads_it(
    fresh_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    page = tmp_path / "chapter.html"
    paragraphs = "".join(f"<p>第{n}段：日美關係和同盟关系\n在东京讨论。</p>" for n in range(40))
    page.write_text(
        f"<html><body><h1>长文</h1><h2>1.1. 控制台基础</h2>{paragraphs}<h2>1.2. 虚拟控制台</h2>{paragraphs}"
        "</body></html>",
        encoding="utf-8",
    )
    read: list[Path] = []
    from_file = Article.from_file

    def reading(path: Path, origin: str) -> Article:
        read.append(path)
        return from_file(path, origin)

    monkeypatch.setattr(Article, "from_file", reading)
    done = run_cli("add", str(page))
    assert done.returncode == 0, done.stderr
    assert not [p for p in read if p.suffix == ".md"]  # the index took the article the add had made
    after_add = _indexed()
    added = [a for a in after_add if a.startswith(done.stdout.split()[1][:3])]
    assert len(added) == 1
    assert run_cli("index", "--rebuild").returncode == 0
    assert _indexed() == after_add
    _title, _script, text, sections = after_add[added[0]]
    assert "控制台基础" in sections and "日美關係" in text
