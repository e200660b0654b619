"""Issue 24 at 80x24 in a real terminal over the three kinds of document issue 23 brings in: a
long HTML chapter, an EPUB book and a hard-wrapped text. Each is opened, searched, jumped in
from the outline, shown with pinyin and reopened at the saved place; after each step nothing
in the pane is a traceback, and the screen is what a full repaint draws."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from tests.conftest import run_cli
from tests.core.library.books import Chapter, Spec, make_epub
from tests.e2e.tmux import YUEDU, Tmux

FAR = "并重命名"  # once, near the end of each document
WORDS = ["命令", "系统", "文件", "我们", "可以", "使用", "设置", "环境", "变量", "目录", "用户", "终端"]


def _sentences(r: random.Random, n: int) -> str:
    return "".join("".join(r.choice(WORDS) for _ in range(r.randint(4, 12))) + "。" for _ in range(n))


def _html(path: Path, r: random.Random) -> Path:
    parts = ["<html><head><title>第一章 教程</title></head><body><h1>第一章 教程</h1>"]
    for n in range(1, 41):
        parts.append(f"<h2>1.{n}. {r.choice(WORDS)}{r.choice(WORDS)}基础</h2>")
        text = _sentences(r, 6)
        parts.append("<p>" + "\n".join(text[i : i + 30] for i in range(0, len(text), 30)) + "</p>")
        parts.append(f"<ul><li>{_sentences(r, 1)}</li><li>{_sentences(r, 1)}</li></ul>")
        if n % 5 == 0:
            parts.append(
                f"<table><tr><th>命令</th><th>说明</th></tr><tr><td>ls</td><td>{_sentences(r, 1)}</td></tr></table>"
            )
            parts.append("<pre>$ ls -l\n  total 0</pre>")
        if n == 36:
            parts.append(f"<p>请{FAR}这个文件。</p>")
    path.write_text("\n".join(parts) + "</body></html>", encoding="utf-8")
    return path


def _epub(path: Path, r: random.Random) -> Path:
    chapters = [
        Chapter(f"text/ch{n}.xhtml", f"第{n}章 {r.choice(WORDS)}", [_sentences(r, 5) for _ in range(8)])
        for n in range(1, 16)
    ]
    chapters[13].paragraphs.append(f"他{FAR}了那本书。")
    return make_epub(path, Spec(title="长夜行记", authors=("林远",), chapters=chapters))


def _wrapped(path: Path, r: random.Random) -> Path:
    paragraphs = []
    for n in range(1, 31):
        paragraphs.append(f"{n}. {r.choice(WORDS)}{r.choice(WORDS)}")
        text = _sentences(r, 8) + (f"请{FAR}这个文件。" if n == 27 else "")
        paragraphs.append("\n".join(text[i : i + 34] for i in range(0, len(text), 34)))
    path.write_text("\n\n".join(paragraphs) + "\n", encoding="utf-8")
    return path


MAKERS: dict[str, Callable[[Path, random.Random], Path]] = {
    "chapter.html": _html,
    "book.epub": _epub,
    "wrapped.txt": _wrapped,
}


def _titles(section: dict[str, Any]) -> list[str]:
    own = [section["title"]] if section["title"] else []
    return own + [t for child in section.get("children", []) for t in _titles(child)]


def _cursor(term: Tmux) -> tuple[int, int, str] | None:
    """The word cursor: the reverse-video run that holds a word (the scrollbar's thumb holds none)."""
    return next((run for run in term.highlighted_at() if re.search(r"[\u4e00-\u9fff\w]", run[2])), None)


def _text_rows(screen: str) -> list[str]:
    """The text's rows: the article's columns of the rows between the header and the footer."""
    return [line[:46].rstrip() for line in screen.splitlines()[1:-1]]


def _han(screen: str, row: int) -> str:
    """The Han characters of a row of the text (left of the side panel)."""
    return re.sub(r"[^\u4e00-\u9fff]", "", screen.splitlines()[row].split("│")[0])


def _settled(term: Tmux) -> str:
    """The screen once it has stopped changing (the same in six polls running: the workers
    that count lines and fill the panel have finished), the cursor on it; or a traceback."""
    seen: list[str] = []

    def still(screen: str) -> bool:
        seen.append(screen)
        return "Traceback" in screen or (len(set(seen[-6:])) == 1 == len(seen[-6:]) // 6 and _cursor(term) is not None)

    screen = term.wait_until(still)
    assert "Traceback" not in screen, screen
    return screen


def _same_after_full_repaint(term: Tmux) -> str:
    """The screen, checked against the one drawn whole at a new size and then at 80x24 again."""
    before = _settled(term)
    term._tmux("resize-window", "-t", term.name, "-x", "100", "-y", "24")
    term.wait_until(lambda s: max(map(cell_len, s.splitlines())) > 80 or "Traceback" in s)
    term._tmux("resize-window", "-t", term.name, "-x", "80", "-y", "24")
    after = term.wait_until(lambda s: _text_rows(s) == _text_rows(before) or "Traceback" in s)
    assert "Traceback" not in after
    return after


@pytest.mark.long
@pytest.mark.parametrize("name", sorted(MAKERS))
def test_open_find_jump_pinyin_reopen_at_80x24(small: Tmux, fresh_home: Path, tmp_path: Path, name: str) -> None:
    source = MAKERS[name](tmp_path / name, random.Random(name))
    added = run_cli("add", "--json", str(source), env={"YUEDU_HOME": str(fresh_home)})
    assert added.returncode == 0, added.stderr
    article = json.loads(added.stdout)[0]["id"]
    outline = json.loads(run_cli("outline", article, "--json", env={"YUEDU_HOME": str(fresh_home)}).stdout)
    titles = [t for s in outline["sections"] for t in _titles(s)]
    assert len(titles) > 3, titles

    # Open: the reader, its words come (the Word tab shows the cursor's word).
    small.run(f"{YUEDU} read {article}")
    small.wait_for("Word  Sentence")
    small.wait_until(lambda s: "analysing" not in s and _cursor(small) is not None)
    _same_after_full_repaint(small)

    # Find the word near the end: the cursor on it.
    small.keys("/")
    small.wait_for("find: characters")
    small.send_literal(FAR)
    small.keys("Enter")
    small.wait_until(lambda s: (c := _cursor(small)) is not None and c[2] in FAR)
    _same_after_full_repaint(small)

    # Jump: the outline, three sections down, Enter: the text there.
    small.keys("o")
    small.wait_until(lambda s: "Word  Sentence" not in s)  # below 140 columns the outline takes the panel's place
    small.keys("Home", "Down", "Down", "Down", "Enter")  # the text has the focus again, the pane stays
    small.wait_until(lambda s: (c := _cursor(small)) is not None and c[2] not in FAR)
    small.keys("o")
    screen = small.wait_until(lambda s: "Word  Sentence" in s)
    assert FAR not in screen and any(t in screen for t in titles[:4])  # near the top, by a section's title
    _same_after_full_repaint(small)

    # Pinyin on: a row of syllables with tone marks above the text.
    small.keys("p")
    screen = small.wait_until(lambda s: re.search(r"[āáǎàēéěèīíǐìōóǒòūúǔù]", s) is not None)
    screen = _same_after_full_repaint(small)
    cursor = _cursor(small)
    assert cursor is not None
    line = _han(screen, cursor[0])

    # Reopen: at the saved place, the same word under the cursor, the same text around it.
    small.keys("q")
    small.wait_until(lambda s: s.rstrip().endswith("$"))
    small.run(f"{YUEDU} read {article}")
    small.wait_for("Word  Sentence")
    small.wait_until(lambda s: "analysing" not in s and (c := _cursor(small)) is not None and c[2] == cursor[2])
    reopened = _same_after_full_repaint(small)
    again = _cursor(small)
    # The text around it as it was (the pinyin row, not kept, wrapped the lines otherwise).
    around = "".join(_han(reopened, row) for row in range(1, len(reopened.splitlines()) - 1))
    assert again is not None and line in around
    small.keys("q")
    small.wait_until(lambda s: s.rstrip().endswith("$"))
