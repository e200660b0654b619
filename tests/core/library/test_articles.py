"""Articles: the bundled seeds, cleaning, metadata, and resolving ids."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from tui.core.library.articles import Article, Library, split_sentences
from tui.core.text.cleaning import RULES, clean
from tui.errors import NotFound, UserError
from tui.store import paths

# The seeds are the shared corpus, byte for byte.
SEED_SHA256 = {
    "000_6d9f4b684e464447.txt": "08a1663b701b4de8bc77f247b001f163624fd7ad33e9431fa6127d771ef5dbaf",
    "001_3e01bd049a75bb4f.txt": "8dd49b21e5113b3b2487b0fef47c7bc1de26621e28730cac3546dc0f64ee6b3b",
    "002_dac9815e9f735474.txt": "6c7e37819fea58b28594e7747459aafb0b985b1f39b0c46a762a247e69551c06",
    "003_f6181f8d3a7c32a6.txt": "8921d5620b50a91e8a9ba38b66290e45e7d18c909320e952a0b8dcce4d998751",
    "004_11cadd100d02d8bf.txt": "2d0dbd27e59162b6bd8110f0de73800c0649579503631315586779d2036116c3",
}


def test_seeds_are_byte_for_byte() -> None:
    found = {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(paths.bundled_dir("seeds").glob("*.txt"))
    }
    assert found == SEED_SHA256


def test_titles(library: Library) -> None:
    titles = {a.id[:3]: a.title for a in library.articles}
    assert titles["001"] == "《東北亞學刊》論文選編:國際變局下的日美關係及日本的應對"
    assert titles["002"] == "深度 | 力邀中亞五國元首齊聚東京,日本這場“外交突圍”能走通嗎?"
    assert titles["003"] == "日韩关系—日韩和解、北约亚太化、中日韩三边关系"
    # No title line: the lead clause, shortened.
    assert titles["000"].startswith("日本首相石破茂在秘鲁利马") and titles["000"].endswith("…")
    assert titles["004"].startswith("日本首相岸田文雄") and titles["004"].endswith("…")
    assert all(len(t) <= 40 for t in titles.values())


def test_metadata(library: Library) -> None:
    meta = {a.id[:3]: a.metadata for a in library.articles}
    assert meta["001"]["date"] == "2021-02-11" and meta["001"]["author"] == "盧昊"
    assert meta["001"]["source"] == "東北亞學刊"
    assert meta["002"]["source"] == "解放日報" and meta["002"]["author"] == "安崢"
    assert meta["003"]["date"] == "2023-04-22" and meta["003"]["source"] == "导图社区"
    assert meta["004"]["source"] == "www.brookings.edu"
    assert meta["000"]["source"] == "网易新闻"


@pytest.mark.parametrize(
    ("article_id", "furniture"),
    [
        ("000", ["打开网易新闻", "阅读此文前"]),
        ("001", ["相關焦點", "蘇德互不侵犯條約"]),
        ("002", ["![]()", "特別聲明", "Notice: The content above", "編輯郵箱"]),
        ("003", ["社区模板帮助中心", "一起来了解它吧", "编辑于"]),
        ("004", ["Leave a Reply", "Source:"]),
    ],
)
def test_cleaning_removes_furniture_and_keeps_raw(library: Library, article_id: str, furniture: list[str]) -> None:
    article = library.resolve(article_id)
    for junk in furniture:
        assert junk in article.raw
        assert junk not in article.text
    assert article.raw == article.path.read_text(encoding="utf-8")


def test_repeated_blurb_is_kept_once(library: Library) -> None:
    article = library.resolve("003")
    blurb = article.raw.splitlines()[1]  # the map's blurb, shown three times by the site
    assert blurb.startswith("韩国尹锡悦政府上台执政至今")
    assert article.raw.splitlines().count(blurb) == 3
    assert article.text.splitlines().count(blurb) == 1


def test_every_rule_fires_on_some_seed(library: Library) -> None:
    fired = {r.rule for a in library.articles for r in a.cleaned.removals}
    assert {r.name for r in RULES} - fired == set()


def test_cleaning_keeps_body_text(library: Library) -> None:
    article = library.resolve("000")
    assert "石破茂在会谈中强调" in article.text
    assert "\n\n" not in article.text
    for start, end in article.paragraphs:
        assert article.text[start:end].strip() == article.text[start:end]


def test_clean_empty_and_blank() -> None:
    assert clean("").text == ""
    assert clean("\n \u3000\n").text == ""


def test_sentences_are_spans_of_text() -> None:
    text = "第一句。第二句！“第三句？”\n第四句"
    spans = split_sentences(text)
    assert [text[s:e] for s, e in spans] == ["第一句。", "第二句！", "“第三句？”", "第四句"]


def test_resolve_by_id_prefix_and_path(library: Library, tmp_path: Path) -> None:
    assert library.resolve("001").id == "001_3e01bd049a75bb4f"
    assert library.resolve("001_3e01bd049a75bb4f").id == "001_3e01bd049a75bb4f"
    with pytest.raises(UserError):
        library.resolve("00")
    with pytest.raises(NotFound):
        library.resolve("999")
    path = tmp_path / "mine.txt"
    path.write_text("我的文章。", encoding="utf-8")
    assert library.resolve(str(path)).text == "我的文章。"
    # A file outside the library is read as `yuedu add` would import it: any encoding add takes.
    other = tmp_path / "other.txt"
    other.write_bytes("中文的文章。".encode("gb18030"))
    assert Article.from_file(other, "file").text == "中文的文章。"
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x89PNG\r\n" + bytes(range(256)))
    with pytest.raises(UserError):
        Article.from_file(bad, "file")
