"""Text on its way to a terminal, made inert: control characters shown, never obeyed.

Article text, titles, file names, queries and glossary data can hold ESC, CSI, OSC
(title, hyperlink, clipboard), BEL and C1 codes. Everything we show passes through
`inert()` at the boundary, which swaps each for a visible picture (ESC → ␛) one
character for one, so offsets into the text stay valid. Rich markup is the other
half of the rule, kept by building `Text` objects (or markup=False), not here.
"""

from __future__ import annotations

import re

# C0 controls show as their Unicode control pictures (U+2400 block), DEL as ␡;
# C1 controls and lone surrogates (undecodable bytes from argv) have no picture: �.
_PICTURES = {c: 0x2400 + c for c in range(0x20)} | {0x7F: 0x2421}
_PICTURES |= {c: 0xFFFD for c in range(0x80, 0xA0)}
_PICTURES |= {c: 0xFFFD for c in range(0xD800, 0xE000)}
_MULTILINE = {k: v for k, v in _PICTURES.items() if k not in (0x09, 0x0A)}
_ONE_LINE = {k: v for k, v in _PICTURES.items() if k != 0x09}
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_UNSAFE_ONE_LINE = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f\ud800-\udfff]")


def inert(text: str, *, one_line: bool = False) -> str:
    """`text` with every control character replaced by a visible one, length kept.

    Tabs stay (they only move the cursor); newlines stay unless `one_line`, as for a
    message that must stay one line on stderr.
    """
    if one_line:
        return text.translate(_ONE_LINE) if _UNSAFE_ONE_LINE.search(text) else text
    return text.translate(_MULTILINE) if _UNSAFE.search(text) else text


def first_control(text: str) -> int | None:
    """Offset of the first control character other than the whitespace ones (tab, LF, VT, FF, CR)."""
    m = _CONTROL_IN_FILE.search(text)
    return m.start() if m else None


def count_controls(text: str) -> int:
    return len(_CONTROL_IN_FILE.findall(text))


# What an imported text may hold: the whitespace controls of ordinary files.
_CONTROL_IN_FILE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f]")
