"""`yuedu list` shows the author an import noted (a book's creators, a web page's byline), made one
plain line; a text without a note keeps the author its text names, or none."""

from __future__ import annotations

import json
import unicodedata
from pathlib import Path

from tests.conftest import run_cli
from tests.core.library.books import Spec, default_chapters, make_epub
from tui.core.library.articles import NOTE_VALUE


def _rows() -> dict[str, dict[str, object]]:
    done = run_cli("list", "--json")
    assert done.returncode == 0, done.stderr
    return {str(r["id"]): r for r in json.loads(done.stdout)}


def _added(path: Path) -> str:
    done = run_cli("add", "--json", str(path))
    assert done.returncode == 0, done.stderr
    (outcome,) = json.loads(done.stdout)
    return str(outcome["id"])


def test_a_books_authors_are_listed(fresh_home: Path, tmp_path: Path) -> None:
    spec = Spec(title="长夜行记", authors=("林远", "周青"), chapters=default_chapters())
    book = _added(make_epub(tmp_path / "book.epub", spec))
    row = _rows()[book]
    assert (row["title"], row["author"]) == (spec.title, "、".join(spec.authors))
    text = run_cli("list", env={"COLUMNS": "120"})
    assert text.returncode == 0
    line = next(ln for ln in text.stdout.splitlines() if ln.startswith(book[:3]))
    assert spec.authors[0] in line


def test_a_hostile_author_is_one_plain_line(fresh_home: Path, tmp_path: Path) -> None:
    hostile = "林远\n\t\u202e[red]周青[/red]\u200b  " + "长" * (2 * NOTE_VALUE)
    spec = Spec(authors=(hostile,), chapters=default_chapters())
    book = _added(make_epub(tmp_path / "book.epub", spec))
    author = str(_rows()[book]["author"])
    assert not any(unicodedata.category(ch)[0] == "C" for ch in author)
    assert author.startswith("林远 [red]周青[/red] 长") and len(author) == NOTE_VALUE and author.endswith("…")
    text = run_cli("list")
    assert "\u202e" not in text.stdout and "\n\t" not in text.stdout


def test_a_text_without_a_note_keeps_its_own_author(fresh_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "article.txt"
    path.write_text("标题\n\n王 小 明\n\n来源：作者：某报 张三\n\n正文第一段。\n", encoding="utf-8")
    article = _added(path)
    row = _rows()[article]
    assert row["author"] == "张三"
