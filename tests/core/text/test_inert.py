"""The one sanitiser for text on its way to a terminal."""

from __future__ import annotations

import unicodedata

from hypothesis import given
from hypothesis import strategies as st

from tui.core.text.inert import STAND_IN, count_controls, first_control, inert, inert_marked

# Default_Ignorable_Code_Point that are not Cf (DerivedCoreProperties.txt, Unicode 14): Python's
# unicodedata has no such property; Hangul fillers, Mongolian selectors, CGJ, Khmer vowels.
_IGNORABLE = {0x034F, 0x115F, 0x1160, 0x17B4, 0x17B5, 0x180B, 0x180C, 0x180D, 0x180F, 0x3164, 0xFFA0}
_IGNORABLE |= (
    set(range(0x2065, 0x2066))
    | set(range(0xFFF0, 0xFFF9))
    | set(range(0xE0000, 0xE1000)) - set(range(0xE0100, 0xE01F0))
)
_SELECTORS = set(range(0xFE00, 0xFE10)) | set(range(0xE0100, 0xE01F0))


def _obeyed(ch: str) -> bool:
    """A character a terminal acts on instead of drawing: C0 but tab/newline, DEL, C1."""
    code = ord(ch)
    return (code < 0x20 and ch not in "\t\n") or 0x7F <= code < 0xA0 or 0xD800 <= code < 0xE000


def _invisible(ch: str) -> bool:
    """A character that draws nothing or changes what others draw: format (Cf), line and
    paragraph separators, default-ignorable, noncharacters."""
    code = ord(ch)
    noncharacter = 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE
    return unicodedata.category(ch) in ("Cf", "Zl", "Zp") or code in _IGNORABLE or noncharacter


# Mostly the characters in question, between Han, emoji and keycap bases.
_HOSTILE = st.text(
    st.one_of(
        st.sampled_from("同盟 😀❤1#a\n\t\x1b\u200d\u202e\ufe0f\ufe0e\U000e0041\ufffe\u3164\u20e3\u0301"),
        st.characters(categories=["Cf", "Zl", "Zp", "Mn", "Me"]),
        st.characters(min_codepoint=0xE0000, max_codepoint=0xE01EF),
        st.characters(),
    )
)


def _varied(before: str) -> bool:
    """A character a variation selector surely varies: Han, an emoji, a keycap's base."""
    han = unicodedata.name(before, "").startswith("CJK UNIFIED")
    return han or 0x1F300 <= ord(before) <= 0x1FAFF or before in "0123456789#*"


@given(_HOSTILE)
def test_inert_keeps_the_length_and_leaves_nothing_a_terminal_obeys(text: str) -> None:
    shown = inert(text)
    assert len(shown) == len(text)
    assert not any(_obeyed(ch) or _invisible(ch) for ch in shown)
    one = inert(text, one_line=True)
    assert len(one) == len(text) and "\n" not in one and not any(_obeyed(ch) or _invisible(ch) for ch in one)


@given(_HOSTILE)
def test_inert_changes_exactly_the_control_and_invisible_characters(text: str) -> None:
    shown = inert(text)
    for i, (before, after) in enumerate(zip(text, shown, strict=True)):
        if _obeyed(before):
            assert after != before and not _invisible(after)
        elif ord(before) in _SELECTORS and before != after:
            assert after == STAND_IN and (before == "\ufe0f" or not (i and _varied(text[i - 1])))
        elif ord(before) in _SELECTORS:  # kept: after something visible it may vary
            assert i and not (_obeyed(text[i - 1]) or _invisible(text[i - 1]) or text[i - 1].isspace())
        else:
            assert (before == after) != _invisible(before), hex(ord(before))
            assert after in (before, STAND_IN)


@given(_HOSTILE)
def test_the_command_line_names_what_the_reader_marks(text: str) -> None:
    marked = inert_marked(text)
    assert not any(_obeyed(ch) or _invisible(ch) for ch in marked)
    # The same characters stand out, named: a ⬚ in the reader is a ⟨…⟩ on the command line.
    assert marked.count("⟨") - text.count("⟨") == inert(text).count(STAND_IN) - text.count(STAND_IN)


def test_invisible_characters_are_named() -> None:
    title = "同盟\u202e关系\u200d\U000e0041\ufff9注\ufffb\u3164"
    assert inert_marked(title) == "同盟⟨RLO⟩关系⟨ZWJ⟩⟨U+E0041⟩⟨IAA⟩注⟨IAT⟩⟨HF⟩"
    assert inert(title) == title.translate(
        dict.fromkeys(map(ord, "\u202e\u200d\U000e0041\ufff9\ufffb\u3164"), STAND_IN)
    )
    # What may follow an emoji or a keycap base stays: the sequence is drawn as meant.
    for kept in ("❤\ufe0f", "1\ufe0f\u20e3", "😀\ufe0e", "葛\U000e0100", "e\u0301"):
        assert inert_marked(kept) == kept
        # The reader shows VS16 as a cell of its own: its width is the terminal's guess.
        assert inert(kept) == kept.replace("\ufe0f", STAND_IN)
    assert inert_marked("a\ufe0f") == "a⟨VS16⟩"
    assert inert_marked("\u2066x\u2069", one_line=True) == "⟨LRI⟩x⟨PDI⟩"


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
