"""Importing the user's files: decode whatever encoding they came in, strip HTML, copy in.

The source file is only ever read. The library keeps a UTF-8 copy named
`NNN_<hash>.txt`, where the hash is of the text, so the same text is added once
whatever encoding or file name it arrives with.
"""

from __future__ import annotations

import codecs
import fcntl
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html.parser import HTMLParser
from pathlib import Path
from typing import Literal

from tui.core.jsonable import json_as
from tui.core.library.limits import InputRefused, read_regular_file
from tui.core.text.inert import count_controls, first_control
from tui.store import paths

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm")
HTML_SUFFIXES = (".html", ".htm")
HASH_CHARS = 16
# Above this share of control characters a file is binary data, whatever decoded.
BINARY_SHARE = 1 / 200

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
_BINARY_MAGIC = (b"\x89PNG", b"GIF8", b"\xff\xd8\xff", b"%PDF", b"PK\x03\x04", b"\x7fELF", b"\x1f\x8b")
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)


class Refused(Exception):
    """A file that cannot be imported; the message is the reason."""


@dataclass(frozen=True)
class Outcome:
    path: str
    status: Literal["added", "skipped", "refused"]
    id: str | None = None
    title: str | None = None
    encoding: str | None = None
    reason: str = field(default="", metadata=json_as(lambda reason: reason or None))


# --- decoding --------------------------------------------------------------------------


def decode(data: bytes, html: bool = False) -> tuple[str, str]:
    """(text, encoding name) for a file's bytes, or Refused.

    A strict cascade: a BOM; a declared HTML charset; UTF-8; then GB18030 and Big5,
    choosing between them by how much of the result is everyday Chinese.
    """
    if not data.strip():
        raise Refused("empty file")
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _strict(data, name, "utf-16" if name == "utf-16" else name)
    if data.startswith(_BINARY_MAGIC):
        raise Refused("binary data, not text")
    if b"\x00" in data:
        utf16 = _bomless_utf16(data)
        if utf16 is None:
            raise Refused("binary data, not text")
        return utf16
    if html and (m := _META_CHARSET.search(data[:4096])):
        declared = m.group(1).decode("ascii").lower()
        try:
            if _is_charset(declared):
                return _checked(data.decode(declared)), declared
        except (LookupError, UnicodeError, ValueError):
            pass  # a wrong declaration: fall through to detection
    try:
        return _checked(data.decode("utf-8")), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = []
    for name in ("gb18030", "big5"):
        try:
            candidates.append((_plausibility(text := data.decode(name)), name, text))
        except UnicodeDecodeError:
            continue
    if not candidates:
        raise Refused("not text in UTF-8, UTF-16, GB18030/GBK or Big5")
    score, name, text = max(candidates)
    if score < 0.5:
        raise Refused("not text in UTF-8, UTF-16, GB18030/GBK or Big5")
    return _checked(text), name


# Python codecs a page may name that are no charset: they decode escapes or domain names.
_NOT_CHARSETS = {"punycode", "idna", "unicode_escape", "raw_unicode_escape", "undefined", "mbcs", "oem"}


def _is_charset(name: str) -> bool:
    try:
        info = codecs.lookup(name)
    except LookupError:
        return False
    return bool(getattr(info, "_is_text_encoding", True)) and info.name not in _NOT_CHARSETS


def _strict(data: bytes, codec: str, label: str) -> tuple[str, str]:
    try:
        return _checked(data.decode(codec)), label
    except UnicodeDecodeError as exc:
        raise Refused(f"starts with a {label} byte-order mark but is not {label}") from exc


def _bomless_utf16(data: bytes) -> tuple[str, str] | None:
    """UTF-16 without a BOM: whichever byte order decodes to plausible text, if either does."""
    best = None
    for codec in ("utf-16-le", "utf-16-be"):
        try:
            text = _checked(data.decode(codec))
        except (UnicodeDecodeError, Refused):
            continue
        score = _plausibility(text)
        if score >= 0.5 and (best is None or score > best[0]):
            best = (score, text, codec)
    return (best[1], best[2]) if best else None


def _checked(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise Refused("empty file")
    refuse_controls(text)
    return text


def refuse_controls(text: str) -> None:
    """Refused for any control character but whitespace: one ESC is enough to retitle the
    terminal or set its clipboard, and the library keeps an article's text as it came."""
    at = first_control(text)
    if at is None:
        return
    line = text.count("\n", 0, at) + 1
    where = f"control character U+{ord(text[at]):04X} on line {line}"
    if count_controls(text) > max(2, len(text) * BINARY_SHARE):
        raise Refused(f"binary data, not text ({where})")
    raise Refused(f"{where} (escape sequences are not imported)")


def _plausibility(text: str) -> float:
    """Share of non-ASCII characters that are common Chinese characters in either script.

    GB18030 decodes almost any byte string, but Big5 bytes read as GB18030 give rare
    characters and private-use code points, and the reverse is true as well.
    """
    from tui.core.lexicon.hsk import common_characters

    common = common_characters()
    wide = [ch for ch in text if ord(ch) > 127 and not ch.isspace()]
    if not wide:
        return 1.0
    good = sum(1 for ch in wide if ch in common or not ch.isalpha())
    return good / len(wide)


# --- HTML --------------------------------------------------------------------------------

_SKIP_TAGS = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "iframe", "svg", "button"}
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "section", "article", "blockquote", "pre", "hr", "dd", "dt", "figcaption", "main",
}  # fmt: skip


class _TextExtractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self._skip = 0
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIP_TAGS:
            self._skip += 1
        elif tag == "title":
            self._in_title = True
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIP_TAGS:
            self._skip = max(0, self._skip - 1)
        elif tag == "title":
            self._in_title = False
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title.append(data)
        elif not self._skip:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """Readable text: the title, then the body's blocks as paragraphs; no scripts or navigation."""
    parser = _TextExtractor()
    parser.feed(html)
    parser.close()
    lines = [re.sub(r"[ \t\u00a0]+", " ", line).strip() for line in "".join(parser.parts).split("\n")]
    body = "\n\n".join(line for line in lines if line)
    title = re.sub(r"\s+", " ", "".join(parser.title)).strip()
    if title and not body.startswith(title):
        body = f"{title}\n\n{body}"
    return body + "\n" if body else ""


def read_source(path: Path) -> tuple[str, str]:
    """The text of a file to import, and the encoding it was in."""
    try:
        data = read_regular_file(path)
    except InputRefused as exc:
        raise Refused(str(exc)) from exc
    except OSError as exc:
        raise Refused(exc.strerror or str(exc)) from exc
    is_html = path.suffix.lower() in HTML_SUFFIXES
    text, encoding = decode(data, html=is_html)
    if is_html:
        text = html_to_text(text)
        if not text.strip():
            raise Refused("no readable text in the HTML")
        refuse_controls(text)  # again: character references (&#27;) decode to controls
    return text, encoding


# --- the library -------------------------------------------------------------------------


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_CHARS]


def expand(targets: Iterable[Path]) -> Iterator[tuple[Path, bool]]:
    """Each file to consider, and whether the user named it (not found in a folder)."""
    for target in targets:
        if target.is_dir():
            for path in sorted(_walk(target)):
                if path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith("."):
                    yield path, False
        else:
            yield target, True


def _walk(top: Path) -> Iterator[Path]:
    """Every entry under `top`, with a stack, not recursion (rglob overflowed Python's stack on a
    folder 1,200 deep); folders reached through a link are not entered (a link loop)."""
    stack = [top]
    while stack:
        folder = stack.pop()
        try:
            with os.scandir(folder) as entries:
                for entry in entries:
                    path = folder / entry.name
                    yield path
                    if entry.is_dir(follow_symlinks=False):
                        stack.append(path)
        except OSError:
            continue  # unreadable, or gone: the rest is still imported


def _known_hashes() -> dict[str, str]:
    """Content hash -> article id, for every article already present (seeds, imports, hidden)."""
    known = {p.stem.rsplit("_", 1)[-1]: p.stem for p in paths.library_dir().glob("*.txt") if "_" in p.stem}
    for path in paths.bundled_dir("seeds").glob("*.txt"):
        known.setdefault(text_hash(path.read_text(encoding="utf-8")), path.stem)
    return known


def _next_number() -> int:
    numbers = [
        int(p.stem.split("_", 1)[0])
        for folder in (paths.bundled_dir("seeds"), paths.library_dir())
        for p in folder.glob("*.txt")
        if p.stem.split("_", 1)[0].isdigit()
    ]
    return max(numbers, default=-1) + 1


def add_files(targets: Iterable[Path]) -> list[Outcome]:
    """Import files and folders; each file gets an outcome, and good files are added."""
    library = paths.library_dir(create=True)
    with _library_lock(library):
        return _add_files(targets, library)


@contextmanager
def _library_lock(library: Path) -> Iterator[None]:
    """Held while numbers are chosen and files written, so two `yuedu add`s never take the same number."""
    with (library / ".lock").open("a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)  # released when the file closes, and by the OS if we die
        try:
            # Under the lock no import is under way: a .partial left by one that was killed is garbage.
            for stale in library.glob(".*.partial"):
                stale.unlink(missing_ok=True)
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)


def _write_atomically(target: Path, text: str) -> None:
    """The whole file or nothing under its name, even if we are killed halfway."""
    partial = target.with_name(f".{target.name}.partial")
    try:
        with partial.open("w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        partial.replace(target)
    finally:
        partial.unlink(missing_ok=True)


def _add_files(targets: Iterable[Path], library: Path) -> list[Outcome]:
    from tui.core.library.articles import Article

    outcomes: list[Outcome] = []
    known = _known_hashes()
    number = _next_number()
    for path, named in expand(targets):
        shown = str(path)
        if not path.exists():
            outcomes.append(Outcome(shown, "refused", reason="no such file or folder"))
            continue
        if named and path.suffix.lower() not in SUFFIXES:
            outcomes.append(
                Outcome(shown, "refused", reason=f"not a .txt, .md or .html file ({path.suffix or 'no suffix'})")
            )
            continue
        try:
            text, encoding = read_source(path)
        except Refused as exc:
            outcomes.append(Outcome(shown, "refused", reason=str(exc)))
            continue
        digest = text_hash(text)
        if digest in known:
            outcomes.append(
                Outcome(shown, "skipped", reason=f"already in the library as {known[digest]}", id=known[digest])
            )
            continue
        article_id = f"{number:03d}_{digest}"
        number += 1
        target = library / f"{article_id}.txt"
        # The note first: the text file's arrival is what adds the article.
        # A file name that is not UTF-8 is kept with its odd bytes escaped.
        source = os.fsencode(path.resolve()).decode("utf-8", "backslashreplace")
        note = {"source": source, "encoding": encoding, "added": datetime.now(UTC).isoformat()}
        _write_atomically(target.with_suffix(".json"), json.dumps(note, ensure_ascii=False))
        _write_atomically(target, text)
        known[digest] = article_id
        title = Article.from_text(article_id, target, text, "library").title
        outcomes.append(Outcome(shown, "added", id=article_id, title=title, encoding=encoding))
    return outcomes


def remove(article_id: str) -> str:
    """Take an article out of the library: imports go to the trash, seeds are hidden."""
    from tui.core.library.articles import hidden_ids

    imported = paths.library_dir() / f"{article_id}.txt"
    if imported.exists():
        trash = paths.home() / "trash"
        trash.mkdir(exist_ok=True)
        _move_with_note(imported, trash)
        return "moved to the trash"
    hidden = hidden_ids()
    hidden.add(article_id)
    _write_hidden(hidden)
    return "hidden (bundled articles are never deleted)"


def restore(article_id: str) -> str:
    from tui.core.library.articles import hidden_ids

    trashed = paths.home() / "trash" / f"{article_id}.txt"
    if trashed.exists():
        _move_with_note(trashed, paths.library_dir())
        return "restored from the trash"
    hidden = hidden_ids()
    if article_id in hidden:
        hidden.discard(article_id)
        _write_hidden(hidden)
        return "shown again"
    raise LookupError(article_id)


def _move_with_note(text_file: Path, folder: Path) -> None:
    """Move an imported article and the note of where it came from."""
    for path in (text_file, text_file.with_suffix(".json")):
        if path.exists():
            folder.mkdir(exist_ok=True)
            shutil.move(str(path), folder / path.name)


def _write_hidden(ids: set[str]) -> None:
    _write_atomically(paths.home() / "hidden.txt", "".join(f"{i}\n" for i in sorted(ids)))
