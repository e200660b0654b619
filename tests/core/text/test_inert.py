"""The one sanitiser for text on its way to a terminal."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tui.core.text.inert import count_controls, first_control, inert


def _obeyed(ch: str) -> bool:
    """A character a terminal acts on instead of drawing: C0 but tab/newline, DEL, C1."""
    code = ord(ch)
    return (code < 0x20 and ch not in "\t\n") or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000


@given(st.text())
def test_inert_keeps_the_length_and_leaves_nothing_a_terminal_obeys(text: str) -> None:
    shown = inert(text)
    assert len(shown) == len(text)
    assert not any(_obeyed(ch) for ch in shown)
    one = inert(text, one_line=True)
    assert len(one) == len(text) and "\n" not in one and not any(_obeyed(ch) for ch in one)


@given(st.text())
def test_inert_changes_exactly_the_control_characters(text: str) -> None:
    shown = inert(text)
    for before, after in zip(text, shown, strict=True):
        assert (before == after) != _obeyed(before)


def test_escapes_become_their_pictures() -> None:
    attack = "\x1b]0;PWNED\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J\x9b31m"
    shown = inert(attack)
    assert "\x1b" not in shown and "\x07" not in shown and "\x9b" not in shown
    assert shown.startswith(
        unicodedata.lookup("SYMBOL FOR ESCAPE") + "]0;PWNED" + unicodedata.lookup("SYMBOL FOR BELL")
    )
    assert inert("第一行\n第二行") == "第一行\n第二行"
    assert inert("a\nb", one_line=True) == "a" + unicodedata.lookup("SYMBOL FOR LINE FEED") + "b"


def test_clean_text_is_returned_as_is() -> None:
    text = "日美关系\t[/bold]标题 [link=file:///etc/passwd]x"
    assert inert(text) is text  # markup is not this function's business: Text objects keep it inert


def test_file_controls_allow_whitespace_only() -> None:
    assert first_control("标题\n\t正文\r\x0c") is None
    text = "标题\n正文\x1b[2J"
    assert first_control(text) == text.index("\x1b")
    assert count_controls("\x1b\x07\x9b\n") == 3
