"""The outline pane in a real 80x24 terminal: o opens it focused, ↓ moves in it, Enter jumps back to the text."""

from __future__ import annotations

import json
import re
from pathlib import Path

from tests.conftest import run_cli
from tests.e2e.tmux import YUEDU, Tmux, style_before


def _cursor(term: Tmux) -> tuple[int, int, str] | None:
    """Where the word cursor is: the reverse-video run that holds characters."""
    return next((run for run in term.highlighted_at() if re.search(r"[\u4e00-\u9fff]", run[2])), None)


def test_o_then_down_moves_in_the_outline_not_the_text(small: Tmux, fresh_home: Path) -> None:
    data = json.loads(run_cli("outline", "001", "--json", env={"YUEDU_HOME": str(fresh_home)}).stdout)
    first = data["sections"][0]
    title, claim = first["title"][:6], first["claims"][0]["text"]  # the pane wraps the rest
    small.run(f"{YUEDU} read 001")
    small.wait_for("Word  Sentence")  # the reader, not the library (whose footer has q Quit too)
    small.wait_until(lambda s: _cursor(small) is not None)
    small.keys("o")
    screen = small.wait_for(title)
    # Where the text, moved over for the pane (24 columns here), has the cursor.
    small.wait_until(lambda s: (c := _cursor(small)) is not None and c[1] > 24)
    cursor = _cursor(small)
    # The claim wraps in the pane (24 columns): every character of it is on screen.
    pane = "".join(line.split("│")[0] for line in screen.splitlines()[1:-1])
    assert re.sub(r"[\s▊▎▔▁▸]", "", claim) in re.sub(r"[\s▊▎▔▁▸]", "", pane)
    marks = (style_before(small.styled(), title), style_before(small.styled(), "▸" + claim[:4]))
    small.keys("Down")
    small.wait_until(
        lambda s: (style_before(small.styled(), title), style_before(small.styled(), "▸" + claim[:4])) != marks
    )
    assert _cursor(small) == cursor  # the reading cursor stayed where it was
    small.keys("Enter")
    small.wait_until(lambda s: _cursor(small) != cursor)  # jumped, and the text has the focus again
    moved = _cursor(small)
    small.keys("Right")
    small.wait_until(lambda s: _cursor(small) != moved)
    small.keys("q")
    small.wait_until(lambda s: s.rstrip().endswith("$"))
