"""Fewer bytes for the same screen: SGR (colour and attribute) escapes written as changes.

Rich writes every segment as `ESC[<whole style>m text ESC[0m`, so two neighbouring segments
cost a reset and the whole next style even when they differ in one attribute or not at all.
Over SSH those escapes were two thirds of what a cursor move sent. `minimise` rewrites a
chunk of terminal output so that, before every character printed and every escape other
than a cursor move, the terminal's SGR state is exactly what the original stream set; only
the escapes in between change. No library does this for Textual's output (Rich and Textual
render each segment on its own), hence our own.
"""

from __future__ import annotations

import os
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

# A CSI sequence (parameters, intermediates, final byte), any other ESC (OSC, ESC x: passed
# on as they are, one character at a time), a control character, or a run of text.
_TOKEN = re.compile(r"(\x1b\[([0-?]*)([ -/]*)([@-~]))|(\x1b)|([\x00-\x1f\x7f])|([^\x00-\x1f\x7f]+)")

# Cursor moves and carriage return do not depend on the SGR state; everything else (line feed
# may scroll and fill with the background, erases use it) gets the state the original had.
_MOVES = frozenset("ABCDEFGHdf")
RESET_REGION = "\x1b[r"  # DECSTBM with no rows: the whole screen scrolls (and the cursor goes home)
# Switching to or from the alternate screen: the terminal's SGR state after it is not ours to know.
_SCREEN_SWITCHES = frozenset(("?1049", "?1047", "?47"))

_ON = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "21", "51", "52", "53"}
# An "off" code and the attributes it clears (22 clears bold and dim, 24 both underlines).
_OFF = {
    "22": ("1", "2"),
    "23": ("3",),
    "24": ("4", "21"),
    "25": ("5", "6"),
    "27": ("7",),
    "28": ("8",),
    "29": ("9",),
    "54": ("51", "52"),
    "55": ("53",),
}
_OFF_OF = {attr: code for code, attrs in _OFF.items() for attr in attrs}
_ORDER = sorted(_ON, key=int)


@dataclass(frozen=True)
class State:
    """What SGR has set: attributes on, foreground and background (their codes; "" for the default)."""

    attrs: frozenset[str] = frozenset()
    fg: str = ""
    bg: str = ""

    def codes(self) -> list[str]:
        out = [a for a in _ORDER if a in self.attrs]
        return out + [c for c in (self.fg, self.bg) if c]


RESET = State()


@lru_cache(maxsize=4096)
def apply(state: State, params: str) -> State | None:
    """The state after `ESC[<params>m`, or None when a parameter is one this model does not know."""
    codes = params.split(";") if params else ["0"]
    attrs, fg, bg = set(state.attrs), state.fg, state.bg
    i = 0
    while i < len(codes):
        code = codes[i]
        if code in ("0", ""):
            attrs, fg, bg = set(), "", ""
        elif code in _ON:
            attrs.add(code)
        elif code in _OFF:
            attrs.difference_update(_OFF[code])
        elif code in ("38", "48"):
            if codes[i + 1 : i + 2] == ["5"] and len(codes) > i + 2:
                colour, i = ";".join(codes[i : i + 3]), i + 2
            elif codes[i + 1 : i + 2] == ["2"] and len(codes) > i + 4:
                colour, i = ";".join(codes[i : i + 5]), i + 4
            else:
                return None
            if code == "38":
                fg = colour
            else:
                bg = colour
        elif code.isdigit() and (30 <= int(code) <= 37 or 90 <= int(code) <= 97):
            fg = code
        elif code == "39":
            fg = ""
        elif code.isdigit() and (40 <= int(code) <= 47 or 100 <= int(code) <= 107):
            bg = code
        elif code == "49":
            bg = ""
        else:
            return None
        i += 1
    return State(frozenset(attrs), fg, bg)


@lru_cache(maxsize=4096)
def transition(have: State | None, want: State) -> str:
    """The shortest escape we know that takes the terminal from `have` (None: unknown) to `want`."""
    if have == want:
        return ""
    full = "\x1b[" + ";".join(["0", *want.codes()]) + "m" if want != RESET else "\x1b[0m"
    if have is None:
        return full
    codes: list[str] = []
    lost = have.attrs - want.attrs
    for code in sorted({_OFF_OF[a] for a in lost}, key=int):
        codes.append(code)
    # An off code may clear a neighbour that stays on (22 clears bold and dim): set it again.
    cleared = {a for code in codes for a in _OFF[code]}
    codes += [a for a in _ORDER if a in want.attrs and (a not in have.attrs or a in cleared)]
    if have.fg != want.fg:
        codes.append(want.fg or "39")
    if have.bg != want.bg:
        codes.append(want.bg or "49")
    diff = "\x1b[" + ";".join(codes) + "m"
    return diff if len(diff) < len(full) else full


def minimise(data: str, height: int = 0, start: State | None = None, erase: bool = False) -> str:
    """`data` with its SGR escapes replaced by the least that leaves every printed cell as styled."""
    return minimise_from(start, data, height, erase)[0]


# Attributes that leave a blank cell as ECH leaves it: none shows on a space.
_INVISIBLE_ON_BLANKS = frozenset(("1", "2", "3"))
_BLANKS = re.compile(r" {10,}")  # shorter runs are no shorter as ECH + CUF


def _erased(text: str) -> str:
    """Runs of spaces as ECH (erase, in the current background) and CUF (move past them)."""
    return _BLANKS.sub(lambda m: f"\x1b[{len(m[0])}X\x1b[{len(m[0])}C", text)


def minimise_from(start: State | None, data: str, height: int = 0, erase: bool = False) -> tuple[str, State | None]:
    """`data` written from the SGR state `start` (None: unknown), and the state it leaves.

    With `erase` (a terminal that erases in the current background: terminfo's bce), runs of
    spaces whose style shows nothing on a blank are erased instead of written.

    Before every character printed and every escape other than a cursor move, the terminal's
    state is the one the original stream set, and the end leaves the state the original left.
    With the screen's `height`, a line feed known not to scroll (below a cursor move, above
    the last row) does not need the state either; text is taken never to wrap, as Textual
    writes within the width."""
    out: list[str] = []
    row: int | None = None  # the cursor's row (1 = top) when a cursor move set it
    have: State | None = start  # what the terminal has now, as far as we know
    want: State | None = start  # what the original stream has set by now (None: unknown)
    pending: list[str] = []  # SGR escapes of the original since the last flush, for an unknown state

    def flush() -> None:
        nonlocal have
        if want is None:
            out.extend(pending)  # a code we do not model: written as it came
            have = None
        elif pending or have != want:
            out.append(transition(have, want))
            have = want
        pending.clear()

    for m in _TOKEN.finditer(data):
        csi, params, inter, final, lone, control, text = m.groups()
        if text is not None:
            flush()
            if erase and want is not None and want.attrs <= _INVISIBLE_ON_BLANKS and "          " in text:
                text = _erased(text)
            out.append(text)
        elif csi is not None:
            if final == "m" and not inter:
                pending.append(csi)
                want = apply(want, params) if want is not None else apply(RESET, params) if _resets(params) else None
            elif final in _MOVES and not inter and not params.startswith("?"):
                out.append(csi)
                row = _row_after(final, params, row)
            else:
                flush()
                out.append(csi)
                row = None
                if params in _SCREEN_SWITCHES and final in "hl" and not inter:
                    have = None  # the other screen (and DECRC on leaving it) sets its own SGR state
        elif lone is not None:  # not CSI (OSC, ESC x, a sequence cut short): as it came, in the original's state
            flush()
            out.append(lone)
            have = want = None  # what follows may be anything: known again at the next reset
        elif control == "\r":  # a cursor move too
            out.append(control)
        elif control == "\n" and row is not None and row < height:
            out.append(control)  # moves down a row, no scroll: nothing drawn
            row += 1
        else:
            flush()
            out.append(control)
            row = None
    flush()
    return "".join(out), have


def _row_after(final: str, params: str, row: int | None) -> int | None:
    """The cursor's row after a cursor move, when it is known (moves to a row set it)."""
    numbers = params.split(";")
    if final in "Hf":
        return int(numbers[0]) if numbers[0].isdigit() else 1
    if final == "d":
        return int(numbers[0]) if numbers[0].isdigit() else 1
    if final in "CDG":  # along the row
        return row
    return None


def _resets(params: str) -> bool:
    """Does `ESC[<params>m` start with a reset, so the state after it is known from nothing?"""
    return not params or params.split(";")[0] in ("0", "")


if TYPE_CHECKING:
    from textual.driver import Driver


def erases_in_background(term: str | None = None) -> bool:
    """Does the terminal (TERM's terminfo) erase in the current background colour (bce)?
    Without it an erased cell takes the default background, and blanks are written."""
    import curses

    try:
        curses.setupterm(term or os.environ.get("TERM") or "dumb", sys.__stdout__.fileno() if sys.__stdout__ else -1)
        return curses.tigetflag("bce") > 0
    except (curses.error, OSError, ValueError):
        return False


def minimising(driver_class: type[Driver]) -> type[Driver]:
    """`driver_class` writing what the app draws through `minimise`."""

    class Minimising(driver_class):  # type: ignore[valid-type,misc]
        _sgr: State | None = None  # what the last write left the terminal in (None: unknown)
        _erase = erases_in_background()

        def write(self, data: str) -> None:
            # The app's size: a frame drawn just before a resize is repainted after it.
            shorter, self._sgr = minimise_from(self._sgr, data, self._app.size.height, self._erase)
            super().write(shorter)

        # Entering, leaving, suspending or resuming the application's screen: whatever the
        # terminal's SGR state and screen are then (a shell ran in between), they are not
        # what we last wrote. A scroll region (scrolling.py) is reset in the write that sets
        # it; reset here too, so a shell never gets one.
        def start_application_mode(self) -> None:
            self._forget()
            super().start_application_mode()

        def stop_application_mode(self) -> None:
            self._forget()
            super().write(RESET_REGION)
            super().stop_application_mode()

        def suspend_application_mode(self) -> None:
            self._forget()
            super().write(RESET_REGION)
            super().suspend_application_mode()

        def resume_application_mode(self) -> None:
            self._forget()
            super().resume_application_mode()

        def _forget(self) -> None:
            from tui.app.terminal import terminal_reset

            self._sgr = None
            terminal_reset()

    Minimising.__name__ = f"Minimising{driver_class.__name__}"
    Minimising.wraps = driver_class
    return Minimising
