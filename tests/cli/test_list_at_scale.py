"""`yuedu list` of 1,000 articles: a row each, the same JSON and table as reading every file gives."""

from __future__ import annotations

import io
import json
import random
from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from tests.conftest import run_cli

COUNT = 1000
PIECES = ["日本", "同盟", "關係", "中美", "印太", "战略", "峰會", " ", "AI", "2025", "·", "（上）", "特朗普"]
SOURCES = ["新华网", "聯合早報", "BBC中文", "日经中文网"]


def _write_library(folder: Path) -> None:
    rng = random.Random(14)
    folder.mkdir()
    for n in range(COUNT):
        title = "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 14))).strip() or "无题"
        body = "。".join("".join(rng.choice(PIECES) for _ in range(rng.randint(3, 30))) for _ in range(3)) + "。"
        source = f"来源：{rng.choice(SOURCES)}\n\n" if n % 3 == 0 else ""
        (folder / f"{n:04d}_{rng.randrange(16**6):06x}.txt").write_text(f"{title}\n\n{source}{body}\n", "utf-8")


def _rows_read_from_every_file() -> list[dict[str, object]]:
    """The rows as `list` made them before summaries: every file read, cleaned and measured."""
    from tui.core.library.articles import Article
    from tui.store import paths

    files = [(p, "seed") for p in sorted(paths.bundled_dir("seeds").glob("*.txt"))]
    files += [(p, "library") for p in sorted(paths.library_dir().glob("*.txt"))]
    articles = [Article.from_file(p, origin) for p, origin in files]
    return [
        {"id": a.id, "title": a.title, "author": a.author, "script": a.script, "chars": len(a.text), "source": a.source}
        for a in articles
    ]


def _rich_table(rows: list[dict[str, object]], width: int) -> str:
    table = Table(box=None, pad_edge=False)
    for name in ("id", "title", "author", "script", "chars", "source"):
        table.add_column(name, justify="right" if name == "chars" else "left", no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row(*(Text(str(v or "")) for v in row.values()))
    out = Console(file=io.StringIO(), width=width, color_system=None, highlight=False, markup=False)
    out.print(table)
    return out.file.getvalue()  # type: ignore[attr-defined,no-any-return]


def test_list_of_a_thousand_articles(fresh_home: Path) -> None:
    _write_library(fresh_home / "library")
    env = {"YUEDU_HOME": str(fresh_home)}
    first = run_cli("list", "--json", env=env)  # summaries made
    again = run_cli("list", "--json", env=env)  # summaries read
    assert first.returncode == again.returncode == 0, first.stderr + again.stderr
    expected = _rows_read_from_every_file()
    from tui.store import paths

    assert len(expected) == COUNT + len(list(paths.bundled_dir("seeds").glob("*.txt")))
    assert first.stdout == again.stdout == json.dumps(expected, ensure_ascii=False, indent=2) + "\n"
    assert len(json.loads(again.stdout)) == len(expected)

    for width in (60, 100, 160):
        table = run_cli("list", env={**env, "COLUMNS": str(width)})
        assert table.returncode == 0, table.stderr
        assert table.stdout.count("\n") == 1 + len(expected)
        assert table.stdout == _rich_table(expected, width)
