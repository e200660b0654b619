"""`yuedu outline` wraps claims by our line-breaking rules: no line starts with closing punctuation, nothing cut."""

from __future__ import annotations

import json
import re

import pytest

from tests.conftest import run_cli
from tui.core.text.layout import NO_LINE_START

GUIDES = re.compile(r"^[│├└─ ]*")


@pytest.mark.parametrize("columns", [50, 80])
def test_outline_lines_never_start_with_closing_punctuation_and_keep_every_claim(columns: int) -> None:
    shown = run_cli("outline", "001", env={"COLUMNS": str(columns)})
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    assert max(len(line) for line in lines) > columns // 2  # it did use the width
    starts = [GUIDES.sub("", line)[:1] for line in lines]
    assert not [line for line, first in zip(lines, starts, strict=True) if first in NO_LINE_START]

    data = json.loads(run_cli("outline", "001", "--json").stdout)
    flat = re.sub(r"\s", "", "".join(GUIDES.sub("", line) for line in lines))
    claims: list[str] = []

    def collect(section: dict) -> None:  # type: ignore[type-arg]
        claims.extend(c["text"] for c in section["claims"])
        for child in section["children"]:
            collect(child)

    for section in data["sections"]:
        collect(section)
    assert claims
    for claim in claims:
        assert re.sub(r"\s", "", claim) in flat  # wrapped, never cut
