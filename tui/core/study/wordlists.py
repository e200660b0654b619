"""Word lists from other tools: Anki decks (.apkg), Pleco flashcard exports (text, XML), CSV/TSV.

Each reader returns the words in Simplified, in file order, each once. Inputs are bounded:
an .apkg is a zip, and its collection is read only up to MAX_BYTES however the zip describes it.
"""

from __future__ import annotations

import csv
import html
import io
import re
import tempfile
import zipfile
from collections.abc import Callable
from pathlib import Path

from tui.core.text.chars import first_han_run, has_han
from tui.errors import UserError

MAX_BYTES = 256 * 1024 * 1024  # no word list is this big; a zip bomb stops here
_TAG = re.compile(r"<[^>]*>")
_COLLECTIONS = ("collection.anki21", "collection.anki2")


def han_run(field: str) -> str:
    """The first run of Han characters in a field, after dropping HTML: `<b>同盟</b> (tóngméng)` -> 同盟."""
    return first_han_run(html.unescape(_TAG.sub(" ", field)))


def _simplified_unique(words: list[str]) -> list[str]:
    from tui.core.text.script import to_simplified_same_length

    return list(dict.fromkeys(to_simplified_same_length(w) for w in words if w))


def read_words(path: Path, field: str | None = None, progress: Callable[[int], None] | None = None) -> list[str]:
    """Words from any supported list, by what the file is (not only by its name).

    Only regular files are read (a FIFO waits forever, /dev/zero never ends), and a text
    list only up to the input limit (YUEDU_MAX_INPUT_MB); an .apkg is capped as it unpacks.
    """
    import stat

    from tui.core.library.limits import InputRefused, read_regular_file

    try:
        if not stat.S_ISREG(path.stat().st_mode):
            read_regular_file(path)  # raises NotAFile, naming what it is
        with path.open("rb") as fh:
            head = fh.read(4)
        if head.startswith(b"PK\x03\x04"):
            words = read_apkg(path, field, progress)
        else:
            text = _decode(read_regular_file(path), path)
            words = read_pleco_xml(text, path) if text.lstrip().startswith("<") else read_delimited(text, path)
    except InputRefused as exc:
        raise UserError(f"{path}: {exc}") from exc
    except OSError as exc:
        raise UserError(f"{path}: cannot read it ({exc.strerror or exc})") from exc
    if not words:
        raise UserError(f"{path}: no Chinese words in it")
    return _simplified_unique(words)


def _decode(data: bytes, path: Path) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            return data.decode("utf-16")
        except UnicodeError as exc:
            raise UserError(f"{path}: cannot read it as UTF-8 or UTF-16 text") from exc


def read_delimited(text: str, path: Path) -> list[str]:
    """CSV/TSV and Pleco's text export: the first column; Pleco writes 简体[繁體], `//` starts a category."""
    first_line = text.split("\n", 1)[0]
    delimiter = "\t" if "\t" in first_line or path.suffix.lower() in (".tsv", ".txt") else ","
    words = []
    # The whole text is within the input limit already, so no field needs csv's own.
    csv.field_size_limit(max(csv.field_size_limit(), len(text) + 1))
    try:
        for row in csv.reader(io.StringIO(text), delimiter=delimiter):
            if not row or row[0].lstrip().startswith(("#", "//")):
                continue
            words.append(han_run(row[0].split("[", 1)[0]))
    except csv.Error as exc:
        raise UserError(f"{path}: not a CSV or TSV word list ({exc})") from exc
    return [w for w in words if w]


def read_pleco_xml(text: str, path: Path) -> list[str]:
    """Pleco's XML flashcards: each card's Simplified headword, else its first headword."""
    import xml.etree.ElementTree as ET

    try:
        # expat refuses entity-expansion bombs, and ElementTree resolves no external entities.
        root = ET.fromstring(text)
    except ET.ParseError as exc:
        raise UserError(f"{path}: not a Pleco XML export ({exc})") from exc
    words = []
    for entry in root.iter("entry"):
        heads = entry.findall("headword")
        chosen = next((h for h in heads if h.get("charset") == "sc"), heads[0] if heads else None)
        if chosen is not None and chosen.text:
            words.append(han_run(chosen.text))
    return [w for w in words if w]


def read_apkg(path: Path, field: str | None = None, progress: Callable[[int], None] | None = None) -> list[str]:
    """Words from an Anki package: from the field named or numbered (from 1) `field`, else the first with Han.
    Each word once (a million notes hold far fewer words); `progress` is told the notes read
    every PROGRESS_EVERY."""
    from tui.store.anki import UntrustedCollection, collection_notes
    from tui.store.db import DatabaseError

    try:
        archive = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError) as exc:
        raise UserError(f"{path}: not an Anki package (.apkg)") from exc
    with archive, tempfile.TemporaryDirectory(prefix="yuedu-apkg-") as tmp:
        names = set(archive.namelist())
        member = next((n for n in _COLLECTIONS if n in names), None)
        if member is None:
            newer = (
                " (Anki 2.1.50+ packages: export with 'support older Anki versions')"
                if "collection.anki21b" in names
                else ""
            )
            raise UserError(f"{path}: no Anki collection in it{newer}")
        target = Path(tmp) / "collection.sqlite"
        _extract_bounded(archive, member, target, path)
        words: dict[str, None] = {}
        try:
            for n, (names_, fields) in enumerate(collection_notes(target), 1):
                if value := _pick(names_, fields, field, path):
                    words[han_run(value)] = None
                if progress is not None and n % PROGRESS_EVERY == 0:
                    progress(n)
        except UntrustedCollection as exc:
            raise UserError(f"{path}: not read: {exc}") from None
        except (DatabaseError, ValueError, RecursionError, OverflowError) as exc:  # a damaged collection
            raise UserError(f"{path}: cannot read its collection ({exc})") from None
    return list(words)


PROGRESS_EVERY = 50_000


def _extract_bounded(archive: zipfile.ZipFile, member: str, target: Path, path: Path) -> None:
    # Counted while reading: a zip's own size fields can lie.
    import lzma
    import zlib

    written = 0
    try:
        with archive.open(member) as src, target.open("wb") as dst:
            while chunk := src.read(1 << 20):
                written += len(chunk)
                if written > MAX_BYTES:
                    raise UserError(f"{path}: its collection is over {MAX_BYTES >> 20} MB; not reading it")
                dst.write(chunk)
    except zipfile.BadZipFile as exc:  # a bad CRC, a damaged entry
        raise UserError(f"{path}: damaged package ({exc})") from None
    except RuntimeError as exc:  # zipfile's "is encrypted, password required"
        raise UserError(f"{path}: its collection is encrypted; Anki never writes that") from exc
    except NotImplementedError as exc:  # a compression method zipfile has not
        raise UserError(f"{path}: its collection is packed in a way we cannot unpack ({exc})") from exc
    except (zlib.error, lzma.LZMAError, EOFError, ValueError, LookupError) as exc:
        raise UserError(f"{path}: damaged package ({exc})") from None


def _pick(names: list[str], fields: list[str], wanted: str | None, path: Path) -> str:
    if wanted is None:
        return next((f for f in fields if has_han(han_run(f))), "")
    if wanted.isascii() and wanted.isdigit():  # "²" and "①" are digits to str.isdigit, not to int
        i = int(wanted) - 1
        if i < 0:
            raise UserError("--field counts from 1")
        return fields[i] if i < len(fields) else ""
    lowered = [n.lower() for n in names]
    if wanted.lower() not in lowered:
        raise UserError(f"{path}: no field named {wanted!r} (fields: {', '.join(names) or 'none'})")
    i = lowered.index(wanted.lower())
    return fields[i] if i < len(fields) else ""
