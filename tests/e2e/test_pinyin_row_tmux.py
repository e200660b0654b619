"""The pinyin row in a real 80x24 terminal: a word wider than the line breaks between its
written words, each over its own characters, and no line of any view starts with a closing mark."""

from __future__ import annotations

import json
from pathlib import Path

from rich.cells import cell_len

from tests.conftest import run_cli
from tests.e2e.tmux import YUEDU, Tmux, column_of
from tui.core.text.pinyin import parse

WORD = "亚太经合组织领导人非正式会议"  # in 000, wider than the text column at 80 cells with its pinyin
CLOSING = "，。、,、；：？！）」》"


def _cells(line: str, width: int) -> str:
    """The first `width` cells of a captured line."""
    out = ""
    for ch in line:
        if cell_len(out + ch) > width:
            break
        out += ch
    return out


def _text_column(screen: str) -> list[str]:
    """The article's rows: the screen between header and footer, left of the side panel."""
    lines = screen.splitlines()
    header = next(line for line in lines if "│ Word" in line)
    edge = column_of(header, "│ Word")
    return [_cells(line, edge) for line in lines[1:-1]]


def _chars_per_written_word(spelled: str) -> list[tuple[str, int]]:
    return [(w, sum(len(s) for s in parse(w))) for w in spelled.split()]


def test_a_long_word_breaks_between_its_written_words_over_its_characters(small: Tmux, fresh_home: Path) -> None:
    spelled = json.loads(run_cli("lookup", WORD, "--json", env={"YUEDU_HOME": str(fresh_home)}).stdout)["pinyin"]
    words = _chars_per_written_word(spelled)
    assert sum(n for _, n in words) == len(WORD)
    small.run(f"{YUEDU} read 000")
    small.wait_for("Word  Sentence  Glossary")
    small.keys("p")
    screen = small.wait_for(words[0][0])
    rows = _text_column(screen)
    top = next(n for n, row in enumerate(rows) if words[0][0] in row)
    # Its written words run over two lines: the first ones on the line with Yà-Tài, the rest
    # at the start of the next pinyin row (two rows down), each over its own characters.
    spelled_words = [w for w, _ in words]
    first = rows[top][rows[top].index(words[0][0]) :].split()
    k = len(first)
    assert 0 < k < len(words) and first == spelled_words[:k], rows[top : top + 4]
    second = rows[top + 2].split()
    assert second[: len(words) - k] == spelled_words[k:], rows[top : top + 4]
    offset = 0
    for row, part in ((top, words[:k]), (top + 2, words[k:])):
        pinyin, below = rows[row], rows[row + 1]
        search = 0
        for written, count in part:
            search = pinyin.index(written, search)
            chars = WORD[offset : offset + count]
            assert column_of(below, chars) == column_of(pinyin, pinyin[search:]), (written, chars, pinyin, below)
            search += len(written)
            offset += count
    assert offset == len(WORD)


def test_no_line_of_any_view_starts_with_a_closing_mark(small: Tmux) -> None:
    small.run(f"{YUEDU} read 000")
    small.wait_for("Word  Sentence  Glossary")
    small.wait_until(lambda s: "×" in s)  # the panel is filled: the words are in

    def check(what: str) -> None:
        for screen in (small.screen(), None):
            if screen is None:
                before = small.screen()
                small.keys("PageDown")
                screen = small.wait_until(lambda s, before=before: s != before)
            for line in _text_column(screen):
                assert line.strip()[:1] not in CLOSING or not line.strip(), (what, line)
            small.keys("Home")

    views = [("original", ()), ("simplified", ("s",)), ("traditional", ("s",))]
    for pinyin in (False, True):
        for name, keys in views:
            if keys:
                small.keys(*keys)
            small.wait_for(f"— {name}")
            check(f"{name}{' with pinyin' if pinyin else ''}")
        small.keys("s")  # back to the original
        small.wait_for("— original")
        small.keys("p")
    small.keys("r")
    small.wait_for("— raw")
    check("raw")
