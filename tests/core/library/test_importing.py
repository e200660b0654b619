"""Importing the user's files: encodings, HTML, refusals, de-duplication."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tui.core.library import importing
from tui.core.library.articles import Library
from tui.core.text.cleaning import clean

SEEDS = Path(__file__).resolve().parents[3] / "seeds"
SEED_002 = (SEEDS / "002_dac9815e9f735474.txt").read_text(encoding="utf-8")
# Seed texts with a line of their own, so they are not duplicates of the bundled articles.
SIMPLIFIED = (SEEDS / "000_6d9f4b684e464447.txt").read_text(encoding="utf-8") + "\n读者笔记：同盟关系\n"
TRADITIONAL = SEED_002 + "\n讀者筆記：同盟關係\n"


def _imported_text(outcome: importing.Outcome) -> str:
    return Library().resolve(outcome.id or "").text


def _as_read(text: str) -> str:
    """A text's reading text as a plain article: what its import, one paragraph a line, keeps."""
    return clean(text).text


@pytest.mark.parametrize(
    ("text", "encoding", "detected"),
    [
        (SIMPLIFIED, "gb18030", "gb18030"),
        (SIMPLIFIED, "gbk", "gb18030"),
        (TRADITIONAL, "big5", "big5"),
        (SIMPLIFIED, "utf-16", "utf-16"),
        (TRADITIONAL, "utf-16", "utf-16"),
        (SIMPLIFIED, "utf-16-le", "utf-16-le"),
        (TRADITIONAL, "utf-8-sig", "utf-8-sig"),
        (SIMPLIFIED, "utf-8", "utf-8"),
    ],
    ids=lambda v: v if len(v) < 20 else "text",
)
def test_encodings_import_to_the_original_text(
    fresh_home: Path, tmp_path: Path, text: str, encoding: str, detected: str
) -> None:
    source = tmp_path / f"article-{encoding}.txt"
    data = text.encode(encoding)
    source.write_bytes(data)
    [outcome] = importing.add_files([source])
    assert outcome.status == "added", outcome.reason
    assert outcome.encoding == detected
    assert _imported_text(outcome) == _as_read(text)
    assert source.read_bytes() == data  # the source is never modified
    [original] = (fresh_home / "library" / "originals").iterdir()
    assert original.read_bytes() == data  # kept untouched beside the copy


def test_refuses_binary_and_empty_files_but_adds_the_good_ones(fresh_home: Path, tmp_path: Path) -> None:
    png = tmp_path / "picture.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + os.urandom(2000))
    noise = tmp_path / "noise.txt"
    noise.write_bytes(os.urandom(4000))
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"  \n")
    good = tmp_path / "good.txt"
    good.write_text(SIMPLIFIED, encoding="utf-8")
    outcomes = {Path(o.path).name: o for o in importing.add_files([png, noise, empty, good])}
    assert outcomes["good.txt"].status == "added"
    for name in ("picture.png", "noise.txt", "empty.txt"):
        assert outcomes[name].status == "refused"
        assert outcomes[name].reason and "\n" not in outcomes[name].reason
    assert "empty" in outcomes["empty.txt"].reason


def test_the_same_text_is_added_once_whatever_its_encoding(fresh_home: Path, tmp_path: Path) -> None:
    a = tmp_path / "a.txt"
    a.write_text(SIMPLIFIED + "\n附：自己的笔记\n", encoding="utf-8")
    b = tmp_path / "b.txt"
    b.write_bytes((SIMPLIFIED + "\n附：自己的笔记\n").encode("gb18030"))
    first = importing.add_files([a])
    again = importing.add_files([a, b])
    assert [o.status for o in first] == ["added"]
    assert [o.status for o in again] == ["skipped", "skipped"]
    assert len(list((fresh_home / "library").glob("*.md"))) == 1


def test_a_seed_is_recognised_as_already_present(fresh_home: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copy.txt"
    copy.write_text(SEED_002, encoding="utf-8")
    [outcome] = importing.add_files([copy])
    assert outcome.status == "skipped"
    assert outcome.id == "002_dac9815e9f735474"


def test_html_becomes_text_without_scripts_styles_or_navigation(fresh_home: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    page.write_bytes(
        """<html><head><meta charset="gbk"><title>日本与中亚合作</title>
        <style>body { color: red }</style><script>var x = "不要这个";</script></head>
        <body><nav><a href="/">首页</a> | <a href="/news">新闻</a></nav>
        <h1>日本与中亚合作</h1><p>日本首相访问中亚五国。</p><p>双方签署了&lt;合作&gt;文件&amp;声明。</p>
        <footer>版权所有</footer></body></html>""".encode("gbk")
    )
    [outcome] = importing.add_files([page])
    assert outcome.status == "added" and outcome.encoding == "gbk"
    text = _imported_text(outcome)
    assert text.splitlines()[0] == "日本与中亚合作"
    assert "日本首相访问中亚五国。" in text
    assert "双方签署了<合作>文件&声明。" in text
    for furniture in ("不要这个", "color", "首页", "新闻", "版权所有"):
        assert furniture not in text


def test_folders_are_walked_for_text_files(fresh_home: Path, tmp_path: Path) -> None:
    folder = tmp_path / "articles"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.md").write_text("# 第一篇\n\n日本外交。\n", encoding="utf-8")
    (folder / "sub" / "two.txt").write_text("第二篇\n\n中亚合作。\n", encoding="utf-8")
    (folder / "image.png").write_bytes(b"\x89PNG")
    outcomes = importing.add_files([folder])
    assert sorted(Path(o.path).name for o in outcomes) == ["one.md", "two.txt"]
    assert all(o.status == "added" for o in outcomes)


def test_remove_trashes_imports_and_hides_seeds(fresh_home: Path, tmp_path: Path) -> None:
    source = tmp_path / "mine.txt"
    source.write_text("我的文章\n\n同盟关系。\n", encoding="utf-8")
    [outcome] = importing.add_files([source])
    assert outcome.id
    importing.remove(outcome.id)
    assert outcome.id not in {a.id for a in Library().articles}
    assert (fresh_home / "trash" / f"{outcome.id}.md").read_text(encoding="utf-8") == "我的文章\n\n同盟关系。\n"
    assert list((fresh_home / "trash" / "originals").iterdir())  # the original goes with it
    importing.restore(outcome.id)
    assert outcome.id in {a.id for a in Library().articles}

    importing.remove("000_6d9f4b684e464447")
    assert "000_6d9f4b684e464447" not in {a.id for a in Library().articles}
    assert (SEEDS / "000_6d9f4b684e464447.txt").exists()
    importing.restore("000_6d9f4b684e464447")
    assert "000_6d9f4b684e464447" in {a.id for a in Library().articles}
