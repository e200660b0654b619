"""How much input yuedu reads at most: a file to import, a word list, standard input.

Nothing is read without a bound (a FIFO, /dev/zero or a 20 MB paste would otherwise
take the memory and minutes with it). The limit is YUEDU_MAX_INPUT_MB, default 8 MB:
a long book is 2 MB of UTF-8.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path
from typing import BinaryIO

from tui.errors import UserError

ENV = "YUEDU_MAX_INPUT_MB"
DEFAULT_MB = 8


class InputRefused(Exception):
    """Input not read; the message is the reason."""


class TooLarge(InputRefused):
    """More input than the limit; the message says how to raise it."""


class NotAFile(InputRefused):
    """A FIFO, a device, a folder: nothing to read as a file."""


def max_bytes() -> int:
    value = os.environ.get(ENV, "").strip()
    if not value:
        return DEFAULT_MB * 1_000_000
    try:
        mb = float(value)
    except ValueError:
        raise UserError(f"{ENV} must be a number of megabytes, not {value!r}") from None
    if mb <= 0:
        raise UserError(f"{ENV} must be more than 0")
    return int(mb * 1_000_000)


def _too_large(limit: int) -> TooLarge:
    return TooLarge(f"larger than {limit / 1_000_000:g} MB (set {ENV} to raise the limit)")


def read_stream(stream: BinaryIO) -> bytes:
    """All of a stream, or TooLarge as soon as it passes the limit."""
    limit = max_bytes()
    data = stream.read(limit + 1)
    if len(data) > limit:
        raise _too_large(limit)
    return data


def read_regular_file(path: Path) -> bytes:
    """A regular file's bytes, bounded. FIFOs, devices and folders are refused, not read:
    reading a FIFO waits forever and /dev/zero never ends. OSError when it cannot be read."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise NotAFile(f"not a regular file ({_kind(info.st_mode)})")
    limit = max_bytes()
    if info.st_size > limit:
        raise _too_large(limit)
    with path.open("rb") as fh:
        return read_stream(fh)  # the size may have grown since stat


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"
