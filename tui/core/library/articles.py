"""Articles: the bundled seeds and the user's library, with metadata pulled from the text."""

from __future__ import annotations

import hashlib
import json
import os
import re
import sys
import unicodedata
from functools import cached_property
from pathlib import Path

from tui.core.library.sentences import EXAMPLE_MIN as EXAMPLE_MIN
from tui.core.library.sentences import SENTENCE_MAX as SENTENCE_MAX
from tui.core.library.sentences import is_sentence as is_sentence
from tui.core.library.sentences import split_sentences as split_sentences
from tui.core.text.cleaning import Cleaned, clean
from tui.errors import NotFound, UserError
from tui.store import paths
from tui.store.summaries import Summary

Span = tuple[int, int]

TITLE_MAX = 32
SCRIPT_SAMPLE = 3000
MIN_CLAUSE = 8
SCRIPTS = (b"simplified", b"traditional", b"mixed")  # what detect_script gives


class Article:
    """One article. Made from a file by the library, its text is read and cleaned only when asked
    for: what `list` shows comes from the file's summary in the cache DB while the file is unchanged."""

    def __init__(
        self,
        id: str,
        path: Path | str,  # a str from the library's listing: made a Path only when asked for
        raw: str | None,
        origin: str,  # "seed", "library" or "file"
        cleaned: Cleaned | None = None,
        summary: Summary | None = None,
        stamp: str | None = None,  # the file's, when the summary is to be kept in the cache DB
        document: bool | None = None,  # raw is a document kept as Markdown (default: a .md path)
    ) -> None:
        self.id, self._path, self.origin = id, path, origin
        self.document = str(path).endswith(".md") if document is None else document
        self._raw = raw
        self._cleaned = cleaned if cleaned is not None or raw is None else self._clean(raw)
        self._summary = summary
        self._stamp = stamp

    def __repr__(self) -> str:
        return f"Article(id={self.id!r}, path={self.path!r}, origin={self.origin!r})"

    @property
    def path(self) -> Path:
        if isinstance(self._path, str):
            self._path = Path(self._path)
        return self._path

    @classmethod
    def from_text(cls, id: str, path: Path, raw: str, origin: str) -> Article:
        return cls(id, path, raw, origin)

    @classmethod
    def from_file(cls, path: Path, origin: str) -> Article:
        if origin == "file":  # not in the library: read as `yuedu add` would import it
            return cls.imported(path)
        return cls(path.stem, path, read_article_file(path, origin), origin)

    @classmethod
    def imported(cls, path: Path) -> Article:
        """A file outside the library, read through the import (read-only): what `add` would keep."""
        from tui.core.library.decoding import Refused
        from tui.core.library.document_markdown import to_markdown
        from tui.core.library.importing import load

        try:
            found = load(path)
        except Refused as exc:
            raise UserError(f"{path}: {exc}") from exc
        from tui.core.text.inert import inert_marked

        for notice in found.notices:
            sys.stderr.write(inert_marked(f"yuedu: {path}: {notice}", one_line=True) + "\n")
        return cls(path.stem, path, to_markdown(found.document), "file", document=True)

    def _clean(self, raw: str) -> Cleaned:
        if self.document:
            from tui.core.library.document_markdown import clean_document

            return clean_document(raw)
        return clean(raw)

    @property
    def raw(self) -> str:
        if self._raw is None:
            self._raw = read_article_file(self.path, self.origin)
        return self._raw

    @property
    def cleaned(self) -> Cleaned:
        if self._cleaned is None:
            self._cleaned = self._clean(self.raw)
        return self._cleaned

    @property
    def text(self) -> str:
        return self.cleaned.text

    @property
    def length(self) -> int:
        """Characters of the reading text, without reading the file when its summary is current."""
        return self.summary.length if self._summary is not None or self._stamp is not None else len(self.text)

    @cached_property
    def content_hash(self) -> str:
        if self._summary is not None:
            return self._summary.content_hash
        return hashlib.sha256(self.raw.encode("utf-8")).hexdigest()

    @property
    def text_hash(self) -> str:
        """SHA-256 of the reading text: what the analysis cache is keyed by, without reading the
        file when its summary is current."""
        if self._summary is not None or self._stamp is not None:
            return self.summary.text_hash
        return hashlib.sha256(self.text.encode("utf-8")).hexdigest()

    @property
    def summary(self) -> Summary:
        """Metadata, script and length; kept in the cache DB by file stamp for library files."""
        if self._summary is None:
            meta = self._metadata()
            self._summary = Summary(
                self._stamp or "",
                self.content_hash,
                meta["title"],
                meta["source"],
                meta["author"],
                meta["date"],
                self._detect_script(),
                len(self.text),
                hashlib.sha256(self.text.encode("utf-8")).hexdigest(),
            )
            if self._stamp is not None:
                from tui.store.summaries import put_summary

                put_summary(str(self._path), self._summary)
        return self._summary

    @property
    def paragraphs(self) -> tuple[Span, ...]:
        return self.cleaned.lines

    @cached_property
    def sentences(self) -> tuple[Span, ...]:
        return tuple(split_sentences(self.text))

    @cached_property
    def script(self) -> str:
        if self._summary is not None or self._stamp is not None:
            return self.summary.script
        return self._detect_script()

    def _detect_script(self) -> str:
        from tui.core.text.script import detect_script
        from tui.store import blobs

        # Kept in the cache DB: loading OpenCC's dictionaries costs more than reading a row.
        key = f"script:{self.content_hash}"
        cached = blobs.get(key)
        if cached is not None and cached in SCRIPTS:
            return cached.decode()  # anything else there is damage: detected again
        # The opening 3,000 characters decide it as well as the whole text, five times faster.
        script = detect_script(self.text[:SCRIPT_SAMPLE])
        blobs.put(key, script.encode())
        return script

    @cached_property
    def metadata(self) -> dict[str, str | None]:
        if self._summary is not None or self._stamp is not None:
            s = self.summary
            return {"title": s.title, "source": s.source, "author": s.author, "date": s.date}
        return self._metadata()

    def _metadata(self) -> dict[str, str | None]:
        """What the text says, and over it what the import noted (a book's or page's title, author, date)."""
        meta = extract_metadata(self.raw, self.text)
        if self.origin == "library" and self.document:
            meta.update(note_metadata(self.path.with_suffix(".json")))
        return meta

    @property
    def title(self) -> str:
        if self._summary is not None:  # as metadata would give it, without a dict per article
            return self._summary.title or self.id
        return self.metadata["title"] or self.id

    @property
    def source(self) -> str | None:
        if self._summary is not None:
            return self._summary.source
        return self.metadata["source"]

    @property
    def author(self) -> str | None:
        return self.metadata["author"]

    @property
    def date(self) -> str | None:
        return self.metadata["date"]

    def prose_at(self, offset: int) -> bool:
        """Whether the text at `offset` is prose: not a heading, code or a table (in a document)."""
        from bisect import bisect_right

        blocks = self.cleaned.blocks
        if not blocks:
            return True
        k = bisect_right([b.start for b in blocks], offset) - 1
        return k < 0 or offset > blocks[k].end or blocks[k].kind in ("paragraph", "item", "quote")

    def sentence_at(self, offset: int) -> Span:
        for span in self.sentences:
            if span[0] <= offset < span[1]:
                return span
        return (offset, offset)


def read_article_file(path: Path, origin: str) -> str:
    """The file's text, exactly as on disk but for universal newlines; one clear error if it cannot be read."""
    from tui.core.library.limits import ENV, InputRefused, max_bytes, read_regular_file
    from tui.store import files

    try:
        # A file from outside (`yuedu read PATH`) is read with the input limit; one in the home
        # without following a link or waiting on a FIFO, bounded as well.
        if origin in ("file", "seed"):  # not in the home: a packager's link to a seed is followed
            data = read_regular_file(path)
        else:
            data = files.read_bytes(path, max_bytes(), f"set {ENV} to raise the limit")
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 text (import it with `yuedu add`)") from exc
    except InputRefused as exc:
        raise UserError(f"{path}: {exc}") from exc
    except files.Refused as exc:
        raise UserError(str(exc)) from exc
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror}") from exc
    # As read_text would: universal newlines.
    return raw.replace("\r\n", "\n").replace("\r", "\n")


_ORIGINAL_TITLE = re.compile(r"^\s*(?:原標題|原标题)[:：]\s*《?(.+?)》?\s*$", re.M)
_SOURCE_AUTHOR = re.compile(r"^\s*(?:來源|来源)[:：]\s*(?:作者[:：])?\s*(\S+)(?:\s+(\S+))?", re.M)
_SOURCE_EN = re.compile(r"^\s*Source:\s*(\S+)\s*$", re.M)
_JOURNAL = re.compile(r"^\s*——\s*《([^》]+)》", re.M)
_SITE_PREFIX = re.compile(r"^(导图社区)\s+")
_NETEASE = re.compile(r"打开网易新闻|网易号|網易號")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# A byline: a two- or three-character name spaced out, as Chinese journals print it.
_BYLINE = re.compile(r"^[\u4e00-\u9fff]{1,2}[ \u3000\u00a0]+[\u4e00-\u9fff]{1,2}$")


NOTED = ("title", "author", "date")  # what a note's values (from a book, a web page) say over the text's
NOTE_BYTES = 1 << 20
NOTE_VALUE = 120  # characters of a noted value kept: one line of a listing


def note_metadata(note: Path) -> dict[str, str]:
    """The title, author and date noted beside an imported document, made one plain line each:
    control and format characters (escapes, bidi overrides) as spaces, spaces run together,
    cut at NOTE_VALUE. Missing, unreadable or odd notes give nothing."""
    from tui.store import files

    try:
        text = files.read_text(note, NOTE_BYTES)
        data = json.loads(text) if text else None
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict):
        return {}
    out = {}
    for key in NOTED:
        value = data.get(key)
        if isinstance(value, str) and (line := _one_line(value)):
            out[key] = line
    return out


def _one_line(value: str) -> str:
    plain = "".join(" " if unicodedata.category(ch)[0] in "CZ" else ch for ch in value)
    line = " ".join(plain.split())
    return line if len(line) <= NOTE_VALUE else line[: NOTE_VALUE - 1] + "…"


def extract_metadata(raw: str, text: str) -> dict[str, str | None]:
    """Title, source, author and date, where the text says so."""
    head = "\n".join(raw.splitlines()[:12])
    title = source = author = date = None
    if m := _ORIGINAL_TITLE.search(raw):
        title = m.group(1).strip()
    if m := _SOURCE_AUTHOR.search(raw):
        source, author = m.group(1), m.group(2)
    elif m := _SOURCE_EN.search(raw):
        source = m.group(1)
    elif m := _JOURNAL.search(head):
        source = m.group(1)
    elif m := _SITE_PREFIX.search(raw):
        source = m.group(1)
    elif _NETEASE.search(raw):
        source = "网易新闻"
    if m := _DATE.search(head):
        date = m.group(0)
    if author is None:
        for line in head.splitlines():
            if _BYLINE.match(line.strip()):
                author = re.sub(r"[ \u3000\u00a0]+", "", line.strip())
                break
    if title is None:
        title = _title_from_text(text)
    return {"title": title, "source": source, "author": author, "date": date}


def _title_from_text(text: str) -> str | None:
    first = text.split("\n", 1)[0].strip()
    if not first:
        return None
    if len(first) <= 40 and not re.search(r"[。！？]", first[:-1]):
        return first
    # No title line: the lead sentence's first substantial clause, shortened.
    clauses = [c.strip() for c in re.split(r"[,，;；:：。！？]", first) if c.strip()]
    clause = next((c for c in clauses if len(c) >= MIN_CLAUSE), clauses[0])
    return clause[:TITLE_MAX] + "…"


class Library:
    """Every readable article: bundled seeds plus the user's imports, minus hidden ones."""

    def __init__(self, include_hidden: bool = False) -> None:
        self.include_hidden = include_hidden

    @cached_property
    def articles(self) -> list[Article]:
        """Found by listing the folders; no file is read while its summary in the cache DB is current."""
        from tui.core.library.limits import max_bytes
        from tui.store import files
        from tui.store.summaries import all_summaries, stamp_of

        found: dict[str, tuple[str, str]] = {}
        hidden = hidden_ids()
        skipped: list[tuple[str, str]] = []
        for name, path in _text_files(paths.bundled_dir("seeds"), skipped, follow=True):
            stem = _stem(name)
            if self.include_hidden or stem not in hidden:
                found[stem] = (path, "seed")
        for name, path in _text_files(paths.library_dir(), skipped):
            found.setdefault(_stem(name), (path, "library"))
        known = all_summaries()
        out = []
        limit = max_bytes()
        for stem, (path, origin) in found.items():
            try:
                info = os.stat(path) if origin == "seed" else os.lstat(path)
            except OSError as exc:
                skipped.append((path, exc.strerror or str(exc)))
                continue
            if info.st_size > limit:
                skipped.append((path, f"larger than {limit / 1_000_000:g} MB"))
                continue
            stamp = stamp_of(info)
            summary = known.get(path)
            fresh = summary if summary is not None and summary.stamp == stamp else None
            article = Article(stem, path, None, origin, summary=fresh, stamp=stamp)
            if fresh is None:
                # Summarised now, so that one file that cannot be read (not UTF-8, unreadable)
                # is left out with a notice instead of failing every command that lists.
                try:
                    article.summary  # noqa: B018
                except UserError as exc:
                    skipped.append((path, str(exc).removeprefix(f"{path}: ")))
                    continue
            out.append(article)
        if skipped:
            files.skipped(skipped)  # shown inert where it is shown (stderr, the app)
        return out

    def resolve(self, ref: str) -> Article:
        """An id, a unique prefix of one, or a path to a text file."""
        by_id = {a.id: a for a in self.articles}
        if ref in by_id:
            return by_id[ref]
        matches = [a for a in self.articles if a.id.startswith(ref)]
        if len(matches) == 1:
            return matches[0]
        if len(matches) > 1:
            raise UserError(f"{ref!r} is ambiguous: {', '.join(a.id for a in matches[:5])}")
        path = Path(ref).expanduser()
        if path.is_file():
            return Article.from_file(path, "file")
        if path.exists():
            read_article_file(path, "file")  # a folder, a FIFO, a device: refused with the reason, exit 2
        raise NotFound(f"no article {ref!r}; `yuedu list` shows the ids")


def _text_files(folder: Path, skipped: list[tuple[str, str]], follow: bool = False) -> list[tuple[str, str]]:
    """(name, path) of the folder's *.txt and *.md files (old copies and documents), by name, as
    `sorted(folder.glob("*.txt"))` gives them for one folder, without a Path object per file (a
    tenth of `list`'s time at 1,000 articles). Entries that are not regular files (links, FIFOs,
    folders) are added to `skipped`, not listed."""
    from tui.store.files import kind

    found = []
    try:
        with os.scandir(folder) as entries:
            for e in entries:
                if not e.name.endswith((".txt", ".md")):
                    continue
                if e.is_file(follow_symlinks=follow):
                    found.append((e.name, e.path))
                else:
                    try:
                        what = kind(e.stat(follow_symlinks=False).st_mode)
                    except OSError as exc:
                        what = exc.strerror or "unreadable"
                    skipped.append((e.path, f"{what}, not a regular file"))
    except OSError:
        return []  # none there, or not readable: glob finds nothing either
    return sorted(found)


def _stem(name: str) -> str:
    cut = 3 if name.endswith(".md") else 4
    return name[:-cut] if len(name) > cut else name  # Path.stem: ".txt" alone is a name, not a suffix


def hidden_ids() -> set[str]:
    from tui.core.library.limits import ENV, max_bytes
    from tui.store import files

    path = paths.home() / "hidden.txt"
    # Ours, but a damaged one must not stop every command: bytes that are not UTF-8 name no id;
    # a link, a FIFO or a huge file there hides nothing, with a notice.
    try:
        text = files.read_text(path, max_bytes(), f"set {ENV} to raise the limit")
    except files.Refused as exc:
        files.skipped([(str(path), exc.reason)])
        return set()
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror}") from exc
    if text is None:
        return set()
    return {line.strip() for line in text.splitlines() if line.strip()}
