"""SQL lives in tui/store only: the core and the app call the store's named functions."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

# What `grep -rn "execute(\|\.cursor(\|sqlite3" tui/core tui/app` looks for, minus comments and docstrings' prose.
SQL_CALL = re.compile(r"\bexecute(?:many|script)?\(|\.cursor\(|^\s*(?:import sqlite3|from sqlite3 )")


def sql_lines(folder: Path) -> list[str]:
    found = []
    for path in sorted(folder.rglob("*.py")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if SQL_CALL.search(line.split("#", 1)[0]):
                found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    return found


@pytest.mark.parametrize("layer", ["core", "app"])
def test_no_sql_outside_the_store(layer: str) -> None:
    assert sql_lines(ROOT / "tui" / layer) == []


def test_the_check_finds_sql_where_there_is_some() -> None:
    # The same walk over the store finds its statements: the pattern is not blind.
    assert any("execute(" in line for line in sql_lines(ROOT / "tui" / "store"))
