"""`yuedu list` cuts its table into lines itself: the result is Rich's table with a row per article."""

from __future__ import annotations

import io

from hypothesis import example, given, settings
from hypothesis import strategies as st
from rich.cells import cell_len
from rich.console import Console
from rich.table import Table
from rich.text import Text

from tui.commands.library import _cell_lens, _print_table, _table_lines

NAMES = ("id", "title", "script", "chars", "source")
value = st.text(st.sampled_from("日本同盟關係ab 1…·-\u3000\u2028\u2029"), max_size=30)
row = st.tuples(value, value, st.sampled_from(["simplified", "traditional", "mixed"]), st.integers(0, 10**6), value)


def _table() -> Table:
    table = Table(box=None, pad_edge=False)
    for name in NAMES:
        table.add_column(name, justify="right" if name == "chars" else "left", no_wrap=True, overflow="ellipsis")
    return table


def _console(width: int, colour: bool = False) -> Console:
    if colour:
        return Console(file=io.StringIO(), width=width, force_terminal=True, color_system="standard", markup=False)
    return Console(file=io.StringIO(), width=width, color_system=None, highlight=False, markup=False)


def _columns(cells: list[list[str]]) -> list[list[str]]:
    return [list(c) for c in zip(*cells)] if cells else [[] for _ in NAMES]


@settings(max_examples=150, deadline=None)
@given(st.lists(row, max_size=12), st.integers(8, 160))
# A value with a line separator, and an empty last one: as many lines as values, by chance.
@example([("", "", "simplified", 0, "")] * 3 + [("", "1\u3000\u3000\u3000", "simplified", 0, "")]
         + [("", "1111\u2028\u3000\u3000", "simplified", 0, ""), ("", "", "simplified", 0, "")], 9)  # fmt: skip
def test_lines_equal_richs_table_of_rows(rows: list[tuple[str, str, str, int, str]], width: int) -> None:
    cells = [[str(v) for v in r] for r in rows]
    expected = _table()
    for r in cells:
        expected.add_row(*(Text(c) for c in r))
    want = _console(width)
    want.print(expected)

    got = _console(width)
    _print_table(got, *_table_lines(_table(), _columns(cells), got))
    assert got.file.getvalue() == want.file.getvalue()  # type: ignore[attr-defined]


@settings(max_examples=40, deadline=None)
@given(st.lists(row, min_size=1, max_size=6), st.integers(8, 120))
def test_on_a_terminal_only_the_header_is_styled(rows: list[tuple[str, str, str, int, str]], width: int) -> None:
    """The rows written past Rich are the bytes Rich writes for the same lines printed as one Text."""
    cells = [[str(v) for v in r] for r in rows]
    header, body = _table_lines(_table(), _columns(cells), _console(width))
    want = _console(width, colour=True)
    want.print(Text.assemble((header, "table.header"), "\n", body), soft_wrap=True)
    got = _console(width, colour=True)
    _print_table(got, header, body)
    assert got.file.getvalue() == want.file.getvalue()  # type: ignore[attr-defined]
    assert "\x1b[" not in got.file.getvalue().split("\n", 1)[1]  # type: ignore[attr-defined]


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.text(st.characters(codec="utf-8") | st.sampled_from("\u200d\ufe0f👨👩日本a\t\x00\u0301"), max_size=12))
)
def test_cell_lengths_are_richs(values: list[str]) -> None:
    assert _cell_lens(values) == [cell_len(v) for v in values]
