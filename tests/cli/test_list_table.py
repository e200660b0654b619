"""`yuedu list` cuts its table into lines itself: the result is Rich's table with a row per article."""

from __future__ import annotations

import io

from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tui.commands.library import _table_lines

NAMES = ("id", "title", "script", "chars", "source")
value = st.text(st.sampled_from("日本同盟關係ab 1…·-"), max_size=30)
row = st.tuples(value, value, st.sampled_from(["simplified", "traditional", "mixed"]), st.integers(0, 10**6), value)


def _table() -> Table:
    table = Table(box=None, pad_edge=False)
    for name in NAMES:
        table.add_column(name, justify="right" if name == "chars" else "left", no_wrap=True, overflow="ellipsis")
    return table


def _console(width: int) -> Console:
    return Console(file=io.StringIO(), width=width, color_system=None, highlight=False, markup=False)


@settings(max_examples=150, deadline=None)
@given(st.lists(row, max_size=12), st.integers(8, 160))
def test_lines_equal_richs_table_of_rows(rows: list[tuple[str, str, str, int, str]], width: int) -> None:
    cells = [[str(v) for v in r] for r in rows]
    expected = _table()
    for r in cells:
        expected.add_row(*(Text(c) for c in r))
    want = _console(width)
    want.print(expected)

    table = _table()
    columns = [list(c) for c in zip(*cells)] if cells else [[] for _ in NAMES]
    if cells:
        table.add_row(*(Text("\n".join(c)) for c in columns))
    got = _console(width)
    got.print(_table_lines(table, columns, got), soft_wrap=True)
    assert got.file.getvalue() == want.file.getvalue()  # type: ignore[attr-defined]
