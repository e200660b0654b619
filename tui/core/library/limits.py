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


class Changed(InputRefused):
    """The file changed while it was read: what was read is a mix of two versions."""


def read_regular_file(path: Path) -> bytes:
    """A regular file's bytes, bounded. FIFOs, devices and folders are refused, not read:
    reading a FIFO waits forever and /dev/zero never ends. A file that changes while it is
    read, or that tells no size but has bytes (/proc's), is refused too. OSError when it
    cannot be read."""
    info = path.stat()
    if not stat.S_ISREG(info.st_mode):
        raise NotAFile(f"not a regular file ({_kind(info.st_mode)})")
    limit = max_bytes()
    if info.st_size > limit:
        raise _too_large(limit)
    # Non-blocking: a FIFO put in its place since the stat is found by fstat, not waited on.
    fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY)
    with os.fdopen(fd, "rb") as fh:
        before = os.fstat(fd)
        if (before.st_dev, before.st_ino) != (info.st_dev, info.st_ino) or not stat.S_ISREG(before.st_mode):
            raise Changed("replaced while it was opened; try again")
        data = read_stream(fh)  # the size may have grown since stat
        after = os.fstat(fd)
    if before.st_size == 0 and data:
        raise NotAFile("a file that tells no size (as /proc's do), not a regular file")
    if (after.st_size, after.st_mtime_ns) != (before.st_size, before.st_mtime_ns) or len(data) != after.st_size:
        raise Changed("changed while it was read (written to meanwhile?); try again when it is complete")
    return data


def _kind(mode: int) -> str:
    from tui.store.files import kind

    return kind(mode)
