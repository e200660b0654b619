"""`annotate`'s lines are printed a batch at a time, or as plain text where Rich would print
them as they are: the same output as one `console().print(Text)` per line."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.console import Console
from rich.text import Text

from tui import output

# Parts made of what annotate's lines hold: Han, pinyin, English, spaces, and what Rich or
# the sanitiser treat apart (tabs, wide and zero-width characters, controls, emoji, RLO).
# No ZWJ: Rich 15 itself fails on ZWJ, ideographic space and a tab at width 12 (IndexError).
_CHARS = st.sampled_from(list("同盟关系 tóngméng ally;,()-\t\x1b\u202e\u200b\ufe0f👍é\u3000"))
_PART = st.text(_CHARS, min_size=0, max_size=50)
_LINE = st.lists(st.tuples(_PART, st.sampled_from([None, "bold", "cyan", "dim", "green"])), min_size=1, max_size=5)


def _console_factory(colour: bool, width: int, sink: io.StringIO) -> Callable[[], Console]:
    base = output.console()
    kind = type(base)

    def make() -> Console:
        return kind(
            file=sink,
            width=width,
            force_terminal=colour,
            color_system="truecolor" if colour else None,
            highlight=False,
            soft_wrap=False,
            markup=False,
            emoji=False,
        )

    return make


@pytest.mark.parametrize("colour", [False, True])
@settings(max_examples=60, deadline=None)
@given(lines=st.lists(_LINE, min_size=1, max_size=12), width=st.sampled_from([12, 40, 80]))
def test_lines_print_as_rich_prints_each(colour: bool, lines: list[list[tuple[str, str | None]]], width: int) -> None:
    one_by_one, batched = io.StringIO(), io.StringIO()
    original = output.console
    try:
        output.console = _console_factory(colour, width, one_by_one)
        out = output.console()
        for parts in lines:
            (first, style), *rest = parts
            line = Text(first, style=style or "")
            for part, part_style in rest:
                line.append(part, style=part_style)
            out.print(line)
        output.console = _console_factory(colour, width, batched)
        printer = output.Lines()
        printer.BATCH = 3  # batches end inside the examples
        for parts in lines:
            printer.add(parts)
        printer.close()
    finally:
        output.console = original
    assert batched.getvalue() == one_by_one.getvalue()
