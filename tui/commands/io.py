"""Reading a text argument or standard input."""

from __future__ import annotations

import sys

from tui.errors import UserError


def read_text_arg(value: str | None) -> str:
    from tui.core.library.limits import TooLarge, read_stream

    if value == "-" or (value is None and not sys.stdin.isatty()):
        try:
            data = read_stream(sys.stdin.buffer)
        except TooLarge as exc:
            raise UserError(f"standard input is {exc}") from None
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise UserError("standard input is not UTF-8 text") from exc
    if value is None or not value.strip():
        raise UserError("give the text as an argument, or pipe it in")
    return value
