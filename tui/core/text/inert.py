"""Text on its way to a terminal, made inert: control and invisible characters shown, never obeyed.

Article text, titles, file names, queries and glossary data can hold ESC, CSI, OSC
(title, hyperlink, clipboard), BEL and C1 codes, and characters that draw nothing but
change what is drawn: bidi controls (an RLO reverses the rest of the line), zero-width
characters, tag characters (text hidden in plain sight), interlinear annotation marks,
stray variation selectors, Hangul fillers, noncharacters. Everything we show passes
through one of two functions here at the boundary:

- `inert()` swaps each one character for one (ESC → ␛, an invisible one → ⬚), so offsets
  into the text stay valid and each takes one cell: the reader and the app use it (VS16,
  whose width terminals disagree on, is a ⬚ there too);
- `inert_marked()` names the invisible ones (⟨RLO⟩, ⟨ZWJ⟩, ⟨U+E0041⟩): the CLI and its
  messages use it, where nothing maps offsets back.

Rich markup is the other half of the rule, kept by building `Text` objects (or
markup=False), not here. `--json` keeps the exact text.
"""

from __future__ import annotations

import re

# C0 controls show as their Unicode control pictures (U+2400 block), DEL as ␡;
# C1 controls and lone surrogates (undecodable bytes from argv) have no picture: �.
_PICTURES = {c: 0x2400 + c for c in range(0x20)} | {0x7F: 0x2421}
_PICTURES |= {c: 0xFFFD for c in range(0x80, 0xA0)}
_PICTURES |= {c: 0xFFFD for c in range(0xD800, 0xE000)}
del _PICTURES[0x09]  # a tab only moves the cursor; a newline is kept unless one line is asked

# What one invisible character shows as in the reader: one cell, never a wide or ambiguous one.
STAND_IN = "\u2b1a"  # ⬚ DOTTED SQUARE, the Unicode charts' box around an invisible character

# Format (Cf) and default-ignorable code points (Unicode 14, Python 3.11's unicodedata; a test
# checks the list against it), noncharacters, and the line and paragraph separators.
_INVISIBLE = (
    "\u00ad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u115f\u1160\u17b4\u17b5"
    "\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164\ufdd0-\ufdef\ufeff\uffa0"
    "\ufff0-\ufffb\ufffe\uffff\U000110bd\U000110cd\U00013430-\U0001343f\U0001bca0-\U0001bca3"
    "\U0001d173-\U0001d17a\U000e0000-\U000e00ff\U000e01f0-\U000e0fff"
    + "".join(f"{chr(p << 16 | 0xFFFE)}{chr(p << 16 | 0xFFFF)}" for p in range(1, 17))
)
# Variation selectors stay after what they can vary: an emoji or symbol (VS15, VS16), a keycap's
# base, a Han character (ideographic variation sequences); elsewhere they are shown.
_SELECTORS = "\ufe00-\ufe0f\U000e0100-\U000e01ef"
_VARIABLE = (
    "0-9#*\u00a9\u00ae\u203c\u2049\u2122\u2139\u2190-\u21ff\u2300-\u23ff\u2460-\u27bf\u2900-\u297f"
    "\u2b00-\u2bff\u3030\u303d\u3297\u3299\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U0001f000-\U0001faff"
    "\U00020000-\U0003ffff"
)
_IS_INVISIBLE = re.compile(f"[{_INVISIBLE}]")
_IS_SELECTOR = re.compile(f"[{_SELECTORS}]")
_IS_VARIABLE = re.compile(f"[{_VARIABLE}]")
# A first look, fast on megabytes of Han (a class of astral ranges, or a look-behind, costs
# ~20 times more): every BMP candidate and anything astral; `_shown` decides for each.
_BMP = (
    "\x00-\x08\x0b-\x1f\x7f-\x9f\xad\u034f\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2"
    "\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u2028-\u202e\u2060-\u206f\u3164"
    "\ud800-\udfff\ufdd0-\ufdef\ufe00-\ufe0f\ufeff\uffa0\ufff0-\uffff"
)
_MAYBE = re.compile(f"[{_BMP}\U00010000-\U0010ffff]")
_MAYBE_ONE_LINE = re.compile(f"[\n{_BMP}\U00010000-\U0010ffff]")

_NAMES = {
    0x00AD: "SHY",
    0x034F: "CGJ",
    0x061C: "ALM",
    0x115F: "HCF",
    0x1160: "HJF",
    0x180E: "MVS",
    0x200B: "ZWSP",
    0x200C: "ZWNJ",
    0x200D: "ZWJ",
    0x200E: "LRM",
    0x200F: "RLM",
    0x2028: "LS",
    0x2029: "PS",
    0x202A: "LRE",
    0x202B: "RLE",
    0x202C: "PDF",
    0x202D: "LRO",
    0x202E: "RLO",
    0x2060: "WJ",
    0x2061: "FA",
    0x2062: "IT",
    0x2063: "IS",
    0x2064: "IP",
    0x2066: "LRI",
    0x2067: "RLI",
    0x2068: "FSI",
    0x2069: "PDI",
    0x3164: "HF",
    0xFEFF: "BOM",
    0xFFA0: "HWHF",
    0xFFF9: "IAA",
    0xFFFA: "IAS",
    0xFFFB: "IAT",
}
_NAMES |= {0xFE00 + k: f"VS{k + 1}" for k in range(16)}
_NAMES |= {0xE0100 + k: f"VS{k + 17}" for k in range(240)}


def _hidden(m: re.Match[str]) -> bool:
    """Whether the character matched is one that must be shown (not one that only might be)."""
    ch, at = m.group(0), m.start()
    if _IS_SELECTOR.match(ch):
        return at == 0 or not _IS_VARIABLE.match(m.string[at - 1])
    return _IS_INVISIBLE.match(ch) is not None


def _stand_in(m: re.Match[str]) -> str:
    code = ord(ch := m.group(0))
    if code in _PICTURES:
        return chr(_PICTURES[code])
    # VS16 too: Rich widens the character before it (❤️ two cells) where a per-character
    # measure and many terminals do not, and the reader's cells must agree with the terminal's.
    return STAND_IN if code == 0xFE0F or _hidden(m) else ch


def _name(m: re.Match[str]) -> str:
    code = ord(ch := m.group(0))
    if code in _PICTURES:
        return chr(_PICTURES[code])
    return f"⟨{_NAMES.get(code) or f'U+{code:04X}'}⟩" if _hidden(m) else ch


def inert(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character replaced by its picture and every invisible one by
    ⬚, one character for one (the length, and so every offset, kept; each one cell).

    Tabs stay (they only move the cursor); newlines stay unless `one_line`, as for a
    message that must stay one line on stderr.
    """
    pattern = _MAYBE_ONE_LINE if one_line else _MAYBE
    return pattern.sub(_stand_in, text) if pattern.search(text) else text


def inert_marked(text: str, *, one_line: bool = False) -> str:
    """`text` for the command line: control characters as pictures, invisible ones named
    (⟨RLO⟩, ⟨ZWJ⟩, ⟨U+E0041⟩), so a reader sees what is there. Not one for one."""
    pattern = _MAYBE_ONE_LINE if one_line else _MAYBE
    return pattern.sub(_name, text) if pattern.search(text) else text


_NOT_PLAIN = re.compile(f"[\t\n{_BMP}\U00010000-\U0010ffff]")


def is_plain(text: str) -> bool:
    """Whether `text` prints as itself, one line: nothing `inert_marked` would change (nor
    anything astral, which it might), no tab, no newline."""
    return _NOT_PLAIN.search(text) is None


def first_control(text: str) -> int | None:
    """Offset of the first control character other than the whitespace ones (tab, LF, VT, FF, CR)."""
    m = _CONTROL_IN_FILE.search(text)
    return m.start() if m else None


def count_controls(text: str) -> int:
    return len(_CONTROL_IN_FILE.findall(text))


# What an imported text may hold: the whitespace controls of ordinary files.
_CONTROL_IN_FILE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
