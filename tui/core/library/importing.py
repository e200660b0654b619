"""Importing the user's files: decode whatever encoding they came in, strip HTML, copy in.

The source file is only ever read. The library keeps its document as Markdown, named
`NNN_<hash>.md` (the hash is of that copy), a note of where it came from (`.json`) and the
untouched original (`originals/NNN_<hash>@<hash of its bytes><suffix>`), so the same file or
the same text is added once. Copies made before documents (`NNN_<hash>.txt`) read as before.
"""

from __future__ import annotations

import fcntl
import glob
import hashlib
import json
import os
import re
import shutil
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal, NamedTuple

from tui.core.jsonable import NOT_IN_JSON, json_as
from tui.core.library.decoding import Refused, decode, refuse_controls
from tui.core.library.document import Document, document_text
from tui.core.library.document_html import html_to_document
from tui.core.library.document_markdown import from_markdown, to_markdown
from tui.core.library.document_plain import man_to_document, rendered_man_to_document, text_to_document
from tui.core.library.limits import InputRefused, max_bytes, read_regular_file
from tui.store import paths

SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".xhtml", ".epub")
HASH_CHARS = 16


@dataclass(frozen=True)
class Outcome:
    path: str
    status: Literal["added", "skipped", "refused"]
    id: str | None = None
    title: str | None = None
    encoding: str | None = None
    reason: str = field(default="", metadata=json_as(lambda reason: reason or None))
    notice: str = field(default="", metadata=NOT_IN_JSON)  # said on stderr: ANSI codes stripped


# --- documents ---------------------------------------------------------------------------

# ANSI colour codes (SGR: ESC [ … m), as fortune files colour their titles: stripped, with a notice.
# One cut short by the next (`ESC[;ESC[34;1m`, as a fortune file has it) goes too.
_SGR_BYTES = re.compile(rb"\x1b\[[0-9;:]*(?:m|(?=\x1b))")
MAN_PAGE = re.compile(r"\.[1-9][a-z]*(\.gz)?$", re.I)
# A man page in its gzip, decompressed up to this many times its size (a gzip bomb stops there).
GZIP_RATIO = 20


class Converted(NamedTuple):
    """What a converter makes of a file's bytes."""

    document: Document
    encoding: str
    notices: tuple[str, ...] = ()  # one line each, said on stderr (ANSI codes stripped)
    text: str | None = None  # a text file's decoded text: what a copy made before documents held
    note: dict[str, str] = {}  # what the note keeps beyond where it came from (a book's title, author)


@dataclass(frozen=True)
class Imported:
    document: Document
    encoding: str
    data: bytes  # the untouched original
    suffix: str  # the original's suffix, as the library keeps it
    notices: tuple[str, ...] = ()
    legacy: str | None = None  # the hash an old plain copy of it would have had
    note: dict[str, str] = field(default_factory=dict)  # a book's title and author, a page's date...


def _text(data: bytes, html: bool = False) -> tuple[str, str, tuple[str, ...]]:
    """Decoded text with SGR colour codes taken out (and said so)."""
    count = len(_SGR_BYTES.findall(data))
    if count:
        data = _SGR_BYTES.sub(b"", data)
    text, encoding = decode(data, html=html)
    notices = (f"{count} ANSI colour code{'s' if count != 1 else ''} stripped",) if count else ()
    return text, encoding, notices


def _from_text(data: bytes, name: str) -> Converted:
    text, encoding, notices = _text(data)
    return Converted(text_to_document(text), encoding, notices, text)


def _from_markdown(data: bytes, name: str) -> Converted:
    text, encoding, notices = _text(data)
    return Converted(from_markdown(text, inline=True), encoding, notices, text)


def _from_html(data: bytes, name: str) -> Converted:
    text, encoding, notices = _text(data, html=True)
    return Converted(html_to_document(text), encoding, notices)


def _from_man(data: bytes, name: str) -> Converted:
    if data.startswith(b"\x1f\x8b"):
        data = _gunzip(data)
    text, encoding, notices = _text(data)
    if not re.search(r"^\.(TH|SH|Dd|Sh)\b", text, re.M):
        return Converted(rendered_man_to_document(text), encoding, notices)  # as `man` prints it
    return Converted(man_to_document(text), encoding, notices)


def _from_epub(data: bytes, name: str) -> Converted:
    from tui.core.library.epub import read_book

    book = read_book(data)
    note = {"title": book.title, "author": "、".join(book.authors), "language": book.language}
    doc = html_to_document(book.html)
    if not any(b.kind != "heading" and (b.text.strip() or b.rows) for b in doc.blocks):
        raise Refused("no readable text in the book (only its title and contents)")
    return Converted(doc, "epub", (), None, {k: v for k, v in note.items() if v})


def _gunzip(data: bytes) -> bytes:
    import zlib

    limit = min(max_bytes(), max(1_000_000, len(data) * GZIP_RATIO))
    inflate = zlib.decompressobj(zlib.MAX_WBITS | 16)
    try:
        out = inflate.decompress(data, limit)
    except zlib.error as exc:
        raise Refused(f"not a readable gzip file ({exc})") from exc
    if inflate.unconsumed_tail:
        raise Refused(f"decompresses to more than {limit / 1_000_000:g} MB")
    return out


# Each format `add` and `read` take, by suffix: bytes and the file name in, a Converted out.
Converter = Callable[[bytes, str], Converted]
CONVERTERS: dict[str, Converter] = {
    ".txt": _from_text,
    "": _from_text,  # no suffix: sniffed, text in UTF-8, UTF-16, GB18030 or Big5 is text
    ".md": _from_markdown,
    ".markdown": _from_markdown,
    ".html": _from_html,
    ".htm": _from_html,
    ".xhtml": _from_html,
    ".epub": _from_epub,
}


def converter_for(path: Path) -> tuple[Converter, str] | None:
    """How a file is read, and the suffix its original is kept with; None for other files."""
    name = path.name.lower()
    if MAN_PAGE.search(name):
        return _from_man, MAN_PAGE.search(name).group(0)  # type: ignore[union-attr]
    suffix = path.suffix.lower()
    if suffix in CONVERTERS:
        return CONVERTERS[suffix], suffix
    return None


def load(path: Path) -> Imported:
    """A file read as a document (or Refused): what `add` keeps and `read FILE` shows."""
    how = converter_for(path)
    if how is None:
        raise Refused(f"not a .txt, .md or .html file or a man page ({path.suffix})")
    convert, suffix = how
    try:
        data = read_regular_file(path)
    except InputRefused as exc:
        raise Refused(str(exc)) from exc
    except OSError as exc:
        raise Refused(exc.strerror or str(exc)) from exc
    if not data.strip():
        raise Refused("empty file")
    doc, encoding, notices, text, note = convert(data, path.name)
    if not any(b.text.strip() or b.rows for b in doc.blocks):
        raise Refused("no readable text")
    # Again, on what was made: character references (&#27;) decode to controls.
    refuse_controls(to_markdown(doc))
    return Imported(doc, encoding, data, suffix, notices, text_hash(text) if text is not None else None, note)


def document_from_file(path: Path) -> tuple[Document, str]:
    """The document a file holds, and the encoding it was in."""
    found = load(path)
    return found.document, found.encoding


# --- the library -------------------------------------------------------------------------


def text_hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:HASH_CHARS]


def expand(targets: Iterable[Path | str]) -> Iterator[tuple[Path | str, bool]]:
    """Each file (or web address, a str) to consider, and whether the user named it (not found in a folder)."""
    for target in targets:
        if isinstance(target, str):
            yield target, True
        elif target.is_dir():
            for path in sorted(_walk(target)):
                if path.is_file() and path.suffix.lower() in SUFFIXES and not path.name.startswith("."):
                    yield path, False
        else:
            yield target, True


COPY_SUFFIXES = (".txt", ".md")  # an article in the library: an old plain copy or a document
ORIGINALS = "originals"  # the untouched files, beside the copies


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
    """Content hash -> article id, for every article already present (seeds, imports, hidden),
    and the hash of each kept original's bytes (`originals/ID@HASH.suffix`) -> its article."""
    library = paths.library_dir()
    known = {p.stem.rsplit("_", 1)[-1]: p.stem for s in COPY_SUFFIXES for p in library.glob(f"*{s}") if "_" in p.stem}
    for path in paths.bundled_dir("seeds").glob("*.txt"):
        known.setdefault(text_hash(path.read_text(encoding="utf-8")), path.stem)
    originals = library / ORIGINALS
    present = set(known.values())
    if originals.is_dir():
        for entry in os.scandir(originals):
            article, _, rest = entry.name.partition("@")
            if rest and article in present:  # one a killed import left alone names nothing
                known.setdefault(rest.split(".", 1)[0], article)
    return known


def _next_number() -> int:
    numbers = [
        int(p.stem.split("_", 1)[0])
        for folder in (paths.bundled_dir("seeds"), paths.library_dir())
        for s in COPY_SUFFIXES
        for p in folder.glob(f"*{s}")
        if p.stem.split("_", 1)[0].isdigit()
    ]
    return max(numbers, default=-1) + 1


def add_files(targets: Iterable[Path | str]) -> list[Outcome]:
    """Import files, folders and web addresses (str); each gets an outcome, and good ones are added."""
    library = paths.library_dir(create=True)
    with _library_lock(library):
        return _add_files(targets, library)


def add_document(
    doc: Document, original: bytes, original_suffix: str, source: str, note: dict[str, str] | None = None
) -> Outcome:
    """Add a document made elsewhere (a fetched page, a book), keeping its original beside it."""
    library = paths.library_dir(create=True)
    with _library_lock(library):
        imported = Imported(doc, (note or {}).get("encoding", "utf-8"), original, original_suffix)
        return _add_one(source, imported, library, _known_hashes(), _next_number(), note or {})[0]


@contextmanager
def _library_lock(library: Path) -> Iterator[None]:
    """Held while numbers are chosen and files written, so two `yuedu add`s never take the same number."""
    from tui.store import files

    fd = files.open_lock(library / ".lock")
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # released when the file closes, and by the OS if we die
        try:
            # Under the lock no import is under way: a .partial left by one that was killed is garbage.
            for folder in (library, library / ORIGINALS):
                for stale in folder.glob(".*.partial"):
                    stale.unlink(missing_ok=True)
            yield
        finally:
            fcntl.flock(fd, fcntl.LOCK_UN)
    finally:
        os.close(fd)


def _write_atomically(target: Path, text: str | bytes) -> None:
    """The whole file or nothing under its name, even if we are killed halfway (the home's one
    atomic write: never through a link planted at the target or the temporary name)."""
    from tui.store.files import write_atomically

    write_atomically(target, text)


def _add_files(targets: Iterable[Path | str], library: Path) -> list[Outcome]:
    outcomes: list[Outcome] = []
    known = _known_hashes()
    number = _next_number()
    for path, _named in expand(targets):
        shown = str(path)
        if isinstance(path, str):  # a web address
            from tui.core.library.web import load_page

            try:
                page = load_page(path)
            except Refused as exc:
                outcomes.append(Outcome(shown, "refused", reason=str(exc)))
                continue
            outcome, number = _add_one(shown, page, library, known, number, page.note)
            outcomes.append(outcome)
            continue
        if not path.exists():
            outcomes.append(Outcome(shown, "refused", reason="no such file or folder"))
            continue
        try:
            imported = load(path)
        except Refused as exc:
            outcomes.append(Outcome(shown, "refused", reason=str(exc)))
            continue
        # A file name that is not UTF-8 is kept with its odd bytes escaped.
        source = os.fsencode(path.resolve()).decode("utf-8", "backslashreplace")
        outcome, number = _add_one(shown, imported, library, known, number, {"source": source, **imported.note})
        if path.is_symlink() and outcome.status == "added":
            outcome = replace(outcome, reason=f"a link: imported the file it points to, {path.resolve()}")
        outcomes.append(outcome)
    return outcomes


def _add_one(
    shown: str, imported: Imported, library: Path, known: dict[str, str], number: int, note: dict[str, str]
) -> tuple[Outcome, int]:
    from tui.core.library.articles import Article

    copy = to_markdown(imported.document)
    digest = text_hash(copy)
    original = hashlib.sha256(imported.data).hexdigest()[:HASH_CHARS]
    for key in (digest, original, imported.legacy):
        if key is not None and key in known:
            return Outcome(shown, "skipped", reason=f"already in the library as {known[key]}", id=known[key]), number
    article_id = f"{number:03d}_{digest}"
    target = library / f"{article_id}.md"
    kept = f"{ORIGINALS}/{article_id}@{original}{imported.suffix}"
    full = {
        "source": shown,
        **note,
        "encoding": imported.encoding,
        "added": datetime.now(UTC).isoformat(),
        "format": "markdown",
        "original": kept,
        "original_sha256": hashlib.sha256(imported.data).hexdigest(),
    }
    # The original and the note first: the copy's arrival is what adds the article. A write that
    # fails (a full disk) takes back those before it: nothing is left half added.
    from tui.store.files import private_dir

    private_dir(library / ORIGINALS)
    written: list[Path] = []
    try:
        for path, data in (
            (library / kept, imported.data),
            (target.with_suffix(".json"), json.dumps(full, ensure_ascii=False)),
            (target, copy),
        ):
            _write_atomically(path, data)
            written.append(path)
    except OSError:
        for path in written:
            path.unlink(missing_ok=True)
        raise
    known[digest] = known[original] = article_id
    # The reading text from the document at hand: the copy reads back as the same blocks.
    article = Article(article_id, target, copy, "library", cleaned=document_text(imported.document))
    title = article.title
    from tui.core.library.index import offer

    offer(target, article)
    notice = "; ".join(imported.notices)
    return Outcome(shown, "added", id=article_id, title=title, encoding=imported.encoding, notice=notice), number + 1


def _copy_of(folder: Path, article_id: str) -> Path | None:
    for suffix in COPY_SUFFIXES:
        if (folder / f"{article_id}{suffix}").exists():
            return folder / f"{article_id}{suffix}"
    return None


def remove(article_id: str) -> str:
    """Take an article out of the library: imports go to the trash, seeds are hidden."""
    from tui.core.library.articles import hidden_ids

    imported = _copy_of(paths.library_dir(), article_id)
    if imported is not None:
        from tui.store.files import private_dir

        trash = private_dir(paths.home() / "trash")
        _move_with_note(imported, trash)
        return "moved to the trash"
    hidden = hidden_ids()
    hidden.add(article_id)
    _write_hidden(hidden)
    return "hidden (bundled articles are never deleted)"


def restore(article_id: str) -> str:
    from tui.core.library.articles import hidden_ids

    trashed = _copy_of(paths.home() / "trash", article_id)
    if trashed is not None:
        _move_with_note(trashed, paths.library_dir())
        return "restored from the trash"
    hidden = hidden_ids()
    if article_id in hidden:
        hidden.discard(article_id)
        _write_hidden(hidden)
        return "shown again"
    raise LookupError(article_id)


def _move_with_note(text_file: Path, folder: Path) -> None:
    """Move an imported article, the note of where it came from and its original."""
    originals = text_file.parent / ORIGINALS
    kept = list(originals.glob(f"{glob.escape(text_file.stem)}@*")) if originals.is_dir() else []
    for path in kept:
        from tui.store.files import private_dir

        private_dir(folder / ORIGINALS, parents=True)
        shutil.move(str(path), folder / ORIGINALS / path.name)
    for path in (text_file.with_suffix(".json"), text_file):
        if path.exists():
            from tui.store.files import private_dir

            private_dir(folder)
            shutil.move(str(path), folder / path.name)


def _write_hidden(ids: set[str]) -> None:
    _write_atomically(paths.home() / "hidden.txt", "".join(f"{i}\n" for i in sorted(ids)))
