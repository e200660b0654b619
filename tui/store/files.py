"""Files in the yuedu home, which is data and never trusted: a shared or synced folder, or a
restored backup, may hold links, FIFOs, devices or huge files where yuedu expects its own.

Reads never follow a link and never block (O_NOFOLLOW | O_NONBLOCK), take regular files only
and are bounded before they are made. Every write goes through `write_atomically`: a new
temporary file (O_CREAT | O_EXCL, so never through a planted link) beside the target, fsync,
rename. What yuedu creates is private to the user: 0600 files, 0700 folders.
"""

from __future__ import annotations

import errno
import os
import secrets
import stat
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700
_READ_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY


class Refused(OSError):
    """A home entry that is not a regular file, or larger than the bound; the message says which."""

    def __init__(self, path: Path | str, reason: str) -> None:
        super().__init__(errno.EINVAL, reason, str(path))
        self.path, self.reason = Path(path), reason

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


class TooLarge(Refused):
    pass


def kind(mode: int) -> str:
    """What a non-regular entry is, as a person would name it."""
    if stat.S_ISLNK(mode):
        return "a symbolic link"
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a file" if stat.S_ISREG(mode) else "not a file"


_told: set[str] = set()


def notice(message: str) -> None:
    """One line about a home entry skipped, once per process (the app shows it as a notification)."""
    if message in _told:
        return
    _told.add(message)
    from tui.store import cache

    cache.notice(message)


def skipped(entries: list[tuple[str, str]]) -> None:
    """One notice naming the entries skipped, with why: [(path, reason)]."""
    if not entries:
        return
    entries = sorted(entries)
    shown = "; ".join(f"{path} ({reason})" for path, reason in entries[:3])
    more = f"; and {len(entries) - 3} more" if len(entries) > 3 else ""
    notice(f"skipped {shown}{more}")


def not_regular(path: Path | str) -> str | None:
    """Why `path` (not followed) is not a regular file, or None if it is one or is missing."""
    try:
        mode = os.lstat(path).st_mode
    except FileNotFoundError:
        return None
    except OSError as exc:
        return exc.strerror or str(exc)
    return None if stat.S_ISREG(mode) else f"{kind(mode)}, not a regular file"


def _open_regular(path: Path | str) -> tuple[int, os.stat_result]:
    try:
        fd = os.open(path, _READ_FLAGS)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise Refused(path, "a symbolic link, not a regular file (yuedu follows no links in its home)") from None
        if exc.errno in (errno.ENXIO, errno.EOPNOTSUPP):  # a socket
            raise Refused(path, "a socket, not a regular file") from None
        raise
    info = os.fstat(fd)
    if not stat.S_ISREG(info.st_mode):
        os.close(fd)
        raise Refused(path, f"{kind(info.st_mode)}, not a regular file")
    return fd, info


def read_bytes(path: Path | str, limit: int, limit_hint: str = "") -> bytes:
    """A regular file's bytes, never following a link, never blocking, refused when over `limit`.

    FileNotFoundError when missing; Refused (an OSError) for a link, FIFO, device or folder,
    or a file larger than the limit; other OSErrors as the system gives them."""
    fd, info = _open_regular(path)
    try:
        if info.st_size > limit:
            raise TooLarge(path, _too_large(limit, limit_hint))
        chunks = []
        left = limit + 1
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        if len(data) > limit:  # it grew since fstat
            raise TooLarge(path, _too_large(limit, limit_hint))
        return data
    finally:
        os.close(fd)


def _too_large(limit: int, hint: str) -> str:
    return f"larger than {limit / 1_000_000:g} MB{f' ({hint})' if hint else ''}"


def read_text(path: Path | str, limit: int, limit_hint: str = "") -> str | None:
    """A home file's text (bytes that are not UTF-8 replaced), or None when it is missing."""
    try:
        return read_bytes(path, limit, limit_hint).decode("utf-8", errors="replace")
    except FileNotFoundError:
        return None


def private_dir(path: Path, parents: bool = False) -> Path:
    """Make the folder (0700) if missing. A link or a file in its place is refused (Refused)."""
    try:
        path.mkdir(mode=DIR_MODE, parents=parents)
    except FileExistsError:
        pass
    info = os.lstat(path)
    if not stat.S_ISDIR(info.st_mode):
        raise Refused(path, f"{kind(info.st_mode)}, not a folder")
    return path


def create_private(path: Path) -> bool:
    """Create an empty private file if nothing is there (never through a link); True if made."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC, FILE_MODE)
    except FileExistsError:
        return False
    os.close(fd)
    return True


def temporary_beside(target: Path) -> tuple[int, Path]:
    """A new private file next to `target` (O_EXCL: a planted name or link is never written through)."""
    for _ in range(100):
        partial = target.with_name(f".{target.name}.{secrets.token_hex(6)}.partial")
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC
            return os.open(partial, flags, FILE_MODE), partial
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(target))


def write_atomically(target: Path, data: bytes | str) -> None:
    """The whole file or nothing under its name, even if we are killed halfway; a link or any
    other entry at `target` is replaced, never written through. Made 0600."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if stat.S_ISDIR(_lstat_mode(target)):
        raise IsADirectoryError(errno.EISDIR, "Is a directory", str(target))
    fd, partial = temporary_beside(target)
    try:
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(partial, target)
        _sync_dir(target.parent)
    finally:
        partial.unlink(missing_ok=True)


def _lstat_mode(path: Path) -> int:
    try:
        return os.lstat(path).st_mode
    except FileNotFoundError:
        return 0


def _sync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def open_lock(path: Path) -> int:
    """A descriptor to flock for the lock file at `path`, made private if missing. A link, a
    FIFO or any other entry there is not opened (a FIFO would block): the folder itself is
    locked instead, with a notice naming the entry."""
    flags = os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC | os.O_NOCTTY
    try:
        fd = os.open(path, flags, FILE_MODE)
    except OSError as exc:
        reason = exc.strerror or str(exc)
        if exc.errno == errno.ELOOP:
            reason = "a symbolic link"
        elif exc.errno not in (errno.EISDIR, errno.ENXIO, errno.EOPNOTSUPP):
            raise
    else:
        mode = os.fstat(fd).st_mode
        if stat.S_ISREG(mode):
            return fd
        os.close(fd)
        reason = kind(mode)
    notice(f"skipped {path} ({reason}, not a regular file); locking its folder instead")
    return os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
