"""Outline: sections from each seed's own structure, tables, claims and speakers."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pytest

from tests.conftest import run_cli

if TYPE_CHECKING:
    from pathlib import Path

    from tui.core.library.articles import Library
    from tui.core.text.analysis import Analyzer


@pytest.fixture(scope="module")
def outlines() -> dict[str, dict[str, Any]]:
    out = {}
    for article_id in ("000", "001", "002", "003", "004"):
        result = run_cli("outline", article_id, "--json")
        assert result.returncode == 0, result.stderr
        out[article_id] = json.loads(result.stdout)
    return out


def titles(sections: list[dict[str, Any]]) -> list[str]:
    return [s["title"] for s in sections]


def find(sections: list[dict[str, Any]], title: str) -> dict[str, Any]:
    for s in sections:
        if s["title"] == title:
            return s
        try:
            return find(s["children"], title)
        except KeyError:
            continue
    raise KeyError(title)


def walk(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [x for s in sections for x in [s, *walk(s["children"])]]


def test_001_numbered_headings(outlines: dict[str, dict[str, Any]]) -> None:
    data = outlines["001"]
    assert titles(data["sections"]) == [
        "一、當前日美關係的國際政治背景",
        "二、日美關係中合作與矛盾因素同步增長",
        "三、日本的應對",
        "四、小結",
    ]
    counts = [len(s["children"]) for s in data["sections"]]
    assert counts == [4, 5, 4, 0]
    assert all(c["title"].startswith("(") and c["level"] == 2 for s in data["sections"] for c in s["children"])
    assert "相關焦點" not in json.dumps(data["sections"], ensure_ascii=False)
    assert [f["title"] for f in data["front_matter"]][1:] == ["摘要", "關鍵詞"]


def test_001_tables(outlines: dict[str, dict[str, Any]]) -> None:
    tables = outlines["001"]["tables"]
    assert [t["title"][:2] for t in tables] == ["表1", "表2"]
    t1, t2 = tables
    assert len(t1["columns"]) == 4 and len(t1["rows"]) == 5
    assert all(len(r) == 4 for r in t1["rows"])
    assert len(t2["columns"]) == 2 and len(t2["rows"]) == 8
    assert t1["source"].startswith("資料來源")
    assert t2["rows"][-1] == ["2020年1月1日", "日美TAG協定生效。"]
    # Tables are not sections.
    assert not any(s["title"].startswith("表") for s in walk(outlines["001"]["sections"]))


def test_000_news_headings(outlines: dict[str, dict[str, Any]]) -> None:
    assert titles(outlines["000"]["sections"]) == ["", "中日会谈", "日本的试探"]


def test_002_headings_and_speaker(outlines: dict[str, dict[str, Any]]) -> None:
    sections = outlines["002"]["sections"]
    assert titles(sections)[1:] == ["有何盤算", "談些什么", "成效幾何"]
    speakers = [c["speaker"] for s in walk(sections) for c in s["claims"]]
    assert "呂耀東" in speakers
    claim = next(c for s in walk(sections) for c in s["claims"] if c["speaker"] == "呂耀東")
    assert claim["speaker_term"] == "吕耀东"


def test_003_mind_map(outlines: dict[str, dict[str, Any]]) -> None:
    sections = outlines["003"]["sections"]
    top = [t for t in titles(sections) if t]
    for branch in ("中日韩三边关系与东北亚安全秩序", "日韩和解", "北约亚太化"):
        assert branch in top
    reasons = find(find(sections, "日韩和解")["children"], "和解原因")
    assert titles(reasons["children"]) == ["韩国方面", "美国方面"]
    new_moves = find(sections, "韩日关系改善新动向")
    assert [t[:2] for t in titles(new_moves["children"])] == ["1、", "2、", "3、", "4、"]


def test_004_single_section(outlines: dict[str, dict[str, Any]]) -> None:
    sections = outlines["004"]["sections"]
    assert len(sections) == 1 and sections[0]["claims"]


def test_claims_are_whole_sentences_inside_their_section(outlines: dict[str, dict[str, Any]], library: Library) -> None:
    for article_id, data in outlines.items():
        article = library.resolve(article_id)
        sentences = set(article.sentences)
        seen = set()
        for section in walk(data["sections"]):
            assert len(section["claims"]) <= 3
            for claim in section["claims"]:
                assert (claim["start"], claim["end"]) in sentences
                assert article.text[claim["start"] : claim["end"]] == claim["text"]
                assert section["start"] <= claim["start"] and claim["end"] <= section["end"]
                assert claim["text"] not in seen  # duplicates count once
                seen.add(claim["text"])


def test_claims_option_and_human_tree() -> None:
    data = json.loads(run_cli("outline", "002", "--json", "--claims", "1").stdout)
    assert all(len(s["claims"]) <= 1 for s in walk(data["sections"]))
    human = run_cli("outline", "001")
    assert human.returncode == 0 and "一、當前日美關係的國際政治背景" in human.stdout
    assert run_cli("outline", "nope").returncode == 1
    assert run_cli("outline", "001", "--claims", "-1").returncode == 2


@pytest.mark.parametrize("article_id", ["001", "003"])
def test_the_typed_outline_comes_back_from_the_cache_whole(
    article_id: str, library: Library, analyzer: Analyzer, fresh_home: Path
) -> None:
    from tui.core.jsonable import to_json
    from tui.core.library.outline import build_outline, outline, outline_json

    article = library.resolve(article_id)
    built = build_outline(article, analyzer.analyse(article.text), 3)
    first = outline(article, 3, analyzer)  # built and written to the cache
    again = outline(article, 3, analyzer)  # read back from it
    assert first == built
    assert again == built
    assert any(s.kind != "plain" for s in again.all_sections())
    assert outline_json(article, 3, analyzer) == to_json(built)


def test_heading_spans_are_the_titled_sections_lines_and_the_title(
    outlines: dict[str, dict[str, Any]], library: Library
) -> None:
    from tui.core.library.outline import heading_spans
    from tui.core.library.outline import outline as typed

    def walk(sections: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return [x for s in sections for x in [s, *walk(s["children"])]]

    for article_id, outline in outlines.items():
        article = library.resolve(article_id)
        text = article.text
        spans = heading_spans(typed(article), article)
        titled = [s for s in walk(outline["sections"]) if s["title"]]
        assert {(s["start"], s["level"]) for s in titled} <= {(a, level) for a, _, level in spans}
        for start, end, level in spans:
            # A whole line of the text, never part of a paragraph.
            assert start == 0 or text[start - 1] == "\n", (article_id, text[start:end])
            assert end == len(text) or text[end] == "\n", (article_id, text[start:end])
            if level == 0:
                assert (start, text[start:end]) == (0, article.title)
    # 003 and 001 open with their title line; 000 opens with its first sentence.
    assert heading_spans(typed(library.resolve("003")), library.resolve("003"))[0][2] == 0
    assert all(level > 0 for _, _, level in heading_spans(typed(library.resolve("000")), library.resolve("000")))
