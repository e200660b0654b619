"""The real `yuedu` console script in a real terminal (tmux, 120x40), key by key."""

from __future__ import annotations

import itertools
import json
import re
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tests.e2e.tmux import YUEDU, Tmux, column_of
from tui.core.text.script import in_view


@pytest.fixture
def term(fresh_home: Path) -> Iterator[Tmux]:
    session = Tmux(fresh_home)
    try:
        yield session
    finally:
        session.close()


def _cursor_cell(term: Tmux) -> tuple[int, int]:
    """(row, column) of the word cursor: the reverse-video run that holds characters."""
    for row, col, text in term.highlighted_at():
        if re.search(r"[\u4e00-\u9fff]", text):
            return row, col
    raise AssertionError("no cursor on screen")


def _cursor_word(term: Tmux) -> str | None:
    """The characters under the word cursor, or None while none is drawn."""
    for _, _, text in term.highlighted_at():
        if re.search(r"[\u4e00-\u9fff]", text):
            return text
    return None


def _ri_above_ri(screen: str) -> bool:
    """Some line has 日 with its pinyin, rì, in the row above, in the same column."""
    lines = screen.splitlines()
    for upper, lower in itertools.pairwise(lines):
        columns = {column_of(lower, lower[m.start() :]) for m in re.finditer("日", lower)}
        if any(column_of(upper, upper[r.start() :]) in columns for r in re.finditer("[Rr]ì", upper)):
            return True
    return False


def test_reading_001_end_to_end(term: Tmux, fresh_home: Path) -> None:
    titles = [a["title"] for a in json.loads(run_cli("list", "--json").stdout)]
    term.run(YUEDU)
    screen = term.wait_for(titles[-1][:10])
    for title in titles:
        assert title[:10] in screen

    # Enter on 001 opens it.
    term.keys("Down", "Enter")
    screen = term.wait_for("— original")
    assert "國際變局下的日美關係及日本的應對" in screen

    # → moves the highlight; the panel shows the word's pinyin and an English sense.
    # Until the words arrive → moves by character, so first wait until the panel shows the
    # word under the cursor (the words have arrived and the screen is settled).
    looked_up: dict[str, dict[str, Any]] = {}

    def lookup(word: str) -> dict[str, Any]:
        if word not in looked_up:
            looked_up[word] = json.loads(run_cli("lookup", word, "--json").stdout)
        return looked_up[word]

    def settled(s: str) -> bool:
        word = _cursor_word(term)
        return "analysing" not in s and word is not None and lookup(word)["pinyin"] in s

    term.wait_until(settled)
    before = _cursor_word(term)
    term.keys("Right")
    term.wait_until(lambda s: _cursor_word(term) not in (before, None))
    word = _cursor_word(term)
    assert word is not None
    data = lookup(word)
    screen = term.wait_for(data["pinyin"])
    assert data["definitions"][0]["english"][0][:12] in screen

    # s: 日美關係 becomes 日美关系, the cursor staying on it.
    term.keys("/")
    term.wait_for("find: characters")
    term.send_literal("日美關係")
    term.keys("Enter")
    term.wait_until(lambda s: "日美關係" in term.highlighted())
    term.keys("s")
    term.wait_for("— simplified")
    assert "日美关系" in term.highlighted()

    # p: a pinyin row above the characters, rì above 日.
    term.keys("p")
    term.wait_until(_ri_above_ri)
    term.keys("p")

    # o: the outline shows the first section, in the script the text is shown in now; a
    # second o closes it (the pane's left edge ▊ is gone).
    section = in_view("一、當前日美關係的國際政治背景", "simplified", "traditional")
    assert section != "一、當前日美關係的國際政治背景"
    term.keys("o")
    term.wait_until(lambda s: any(line.startswith("▊") and section in line for line in s.splitlines()))
    term.keys("o")
    term.wait_until(lambda s: not any(line.startswith("▊") for line in s.splitlines()))

    # /同盟 Enter, then n moves to the next hit.
    term.keys("/")
    term.wait_for("find: characters")
    term.send_literal("同盟")
    term.keys("Enter")
    term.wait_until(lambda s: any("同盟" in run for run in term.highlighted()))
    first = _cursor_cell(term)
    term.keys("n")
    term.wait_until(lambda s: _cursor_cell(term) != first)
    assert any("同盟" in run for run in term.highlighted())

    # a saves the word; q leaves the terminal as it was.
    term.keys("a")
    term.wait_for("saved")
    term.keys("q")
    term.wait_until(lambda s: s.rstrip().endswith("$"))
    assert term.mode("#{alternate_on}") == "0"
    assert term.mode("#{mouse_any_flag}#{mouse_button_flag}#{mouse_all_flag}#{mouse_sgr_flag}") == "0000"
    assert term.mode("#{cursor_flag}") == "1"

    # The saved word survives a restart.
    term.run(YUEDU)
    term.wait_for("library")
    term.keys("q")
    term.wait_until(lambda s: s.rstrip().endswith("$"))
    with sqlite3.connect(fresh_home / "study.sqlite") as db:
        words = [r[0] for r in db.execute("SELECT word FROM vocab")]
    assert len(words) == 1 and "同盟" in words[0]


def test_small_and_large_terminals(fresh_home: Path) -> None:
    for width, height in ((80, 24), (200, 60)):
        session = Tmux(fresh_home, width, height)
        try:
            session.run(f"{YUEDU} read 001")
            screen = session.wait_for("Word  Sentence  Glossary")
            assert "東北亞學刊" in screen and "2021-02-11" in screen
            lines = screen.splitlines()
            assert len(lines) == height
            session.keys("q")
            session.wait_until(lambda s: s.rstrip().endswith("$"))
        finally:
            session.close()


def test_status_key_saves_a_learning_word_that_review_shows(term: Tmux, fresh_home: Path) -> None:
    from tests.e2e.tmux import style_before

    term.run(f"{YUEDU} read 001")
    term.wait_for("Word  Sentence  Glossary")
    term.wait_until(lambda s: "×" in s)
    term.keys("/")
    term.wait_for("find: characters")
    term.send_literal("戰略自主")
    term.keys("Enter")
    term.wait_until(lambda s: any("戰略自主" in run for run in term.highlighted()))
    term.keys("Right")
    term.wait_until(lambda s: not any("戰略自主" in run for run in term.highlighted()))
    before = style_before(term.styled(), "戰略自主")
    term.keys("Left", "2", "Right")
    term.wait_for("as learning")
    after = term.wait_until(lambda s: style_before(term.styled(), "戰略自主") != before)
    assert "戰略自主" in after
    term.keys("q")
    term.wait_until(lambda s: s.rstrip().endswith("$"))

    rows = json.loads(run_cli("vocab", "list", "--json", env={"YUEDU_HOME": str(fresh_home)}).stdout)
    assert [r["word"] for r in rows] == ["战略自主"]
    assert "戰略自主" in rows[0]["sentence"] and rows[0]["status"] == "learning"

    term.run(f"{YUEDU} review")
    screen = term.wait_for("card 1 of 2")
    assert "2 due" in screen
    assert "战略自主" in screen or "＿" in screen
    term.keys("space")
    term.wait_for("1 Again")
    term.keys("3")
    # Good on a new card is a 10-minute learning step: the card comes back; its sibling waits.
    screen = term.wait_for("card 2 of")
    assert "word → meaning" in screen
    term.keys("space", "3")
    screen = term.wait_for("Review done.")
    assert "Good 2" in screen and "1 card left for the next session" in screen
    term.keys("q")
    term.wait_until(lambda s: s.rstrip().endswith("$"))


def test_killing_the_terminal_keeps_the_reading_position(fresh_home: Path) -> None:
    """tmux kill-session while reading (no `q`): the position saved as the cursor moved is there."""
    import time

    term = Tmux(fresh_home)
    try:
        term.run(f"{YUEDU} read 001")
        term.wait_for("— original")  # analysing in a fresh home is slow on a loaded machine
        term.wait_until(lambda s: "×" in s)
        term.keys("Down", "Down", "Down", "Right")
        db_path = fresh_home / "study.sqlite"
        deadline = time.monotonic() + 60
        offset = None
        while time.monotonic() < deadline:  # wait for the state: a saved position
            if db_path.exists():
                db = sqlite3.connect(db_path)
                row = db.execute("SELECT offset FROM position WHERE article LIKE '001%'").fetchone()
                db.close()
                if row is not None:
                    offset = row[0]
                    break
            time.sleep(0.1)
        assert offset is not None and offset > 0
    finally:
        term.close()  # the terminal goes away: SIGHUP, no chance to save on the way out
    db = sqlite3.connect(fresh_home / "study.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert db.execute("SELECT offset FROM position WHERE article LIKE '001%'").fetchone()[0] == offset
