"""An escape-laden article with a markup title, in a real terminal: the pane's title, the
paste buffer and the screen are what they were, through `yuedu list`, `search`, `outline`,
the library and the reader. A control run (printf of the same escapes) proves the checks bite.
"""

from __future__ import annotations

import subprocess
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.test_hostile import HOSTILE_ARTICLE
from tests.e2e.tmux import YUEDU, Tmux

pytestmark = pytest.mark.e2e


class OwnServerTmux(Tmux):
    """A tmux server of its own, so setting its clipboard option touches no other session."""

    def __init__(self, home: Path) -> None:
        self.socket = f"yuedu-hostile-{uuid.uuid4().hex[:8]}"
        super().__init__(home)

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True).stdout

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


@pytest.fixture
def term(fresh_home: Path) -> Iterator[OwnServerTmux]:
    library = fresh_home / "library"
    library.mkdir(exist_ok=True)
    (library / "005_hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    session = OwnServerTmux(fresh_home)
    try:
        # Let applications set the title and the paste buffer, as a permissive terminal would.
        session._tmux("set-option", "-s", "set-clipboard", "on")
        session._tmux("set-option", "-g", "allow-rename", "on")
        session._tmux("select-pane", "-t", session.name, "-T", "before")
        session._tmux("set-buffer", "sentinel")
        yield session
    finally:
        session.close()


def _type_query(term: OwnServerTmux) -> None:
    term.keys("/")
    term.wait_for("find" if "— raw" in term.screen() else "search")
    term.send_literal("[/bold]zzqq")
    term.keys("Enter")


def _state(term: OwnServerTmux) -> tuple[str, str]:
    return term.mode("#{pane_title}"), term._tmux("show-buffer")


def test_hostile_article_leaves_title_buffer_and_screen_alone(term: OwnServerTmux) -> None:
    term.run("echo MARKER-BEFORE")
    term.wait_for("MARKER-BEFORE")
    for command in ("list", "search 同盟", "outline 005", "list --json | tail -n 8"):
        term.run(f"{YUEDU} {command}; echo DONE-$?")
        term.wait_for("DONE-0")
        screen = term.screen()
        assert "MARKER-BEFORE" in screen, f"`yuedu {command}` cleared the screen"
        assert _state(term) == ("before", "sentinel"), command
        term.run("clear")
        term.wait_until(lambda s: "DONE-0" not in s)
        term.run("echo MARKER-BEFORE")
        term.wait_for("MARKER-BEFORE")

    term.run(YUEDU)
    screen = term.wait_for("[/bold]标题")  # the title as typed, not parsed as markup
    term.keys(*["Down"] * 5, "Enter")
    screen = term.wait_for("␛]52;c;cHduZWQ=␇")  # the article, its escapes drawn as pictures
    assert "[/bold]标题␛]0;PWNED␇" in screen  # the header
    term.keys("r")
    term.wait_for("— raw")
    _type_query(term)
    term.wait_for("not found: [/bold]zzqq")
    assert _state(term) == ("before", "sentinel")
    term.keys("Escape")  # the find box, kept open to correct the query, closes
    term.wait_until(lambda s: "not found" not in s)
    term.keys("Escape")
    term.wait_for("— library")
    _type_query(term)
    term.wait_for("nothing found for [/bold]zzqq")
    term.keys("q")
    term.wait_until(lambda s: "— library" not in s)
    term.run("echo AFTER-$?")
    term.wait_for("AFTER-0")
    assert _state(term) == ("before", "sentinel")

    # The control: the same bytes printed raw do retitle the pane and set the buffer.
    term.run(r"printf '\033]0;PWNED\007\033]52;c;cHduZWQ=\007'")
    term.wait_until(lambda _: _state(term) != ("before", "sentinel"))
    assert _state(term) == ("PWNED", "pwned")
