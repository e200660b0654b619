"""Articles: the bundled seeds and the user's library, with metadata pulled from the text."""

from __future__ import annotations

import hashlib
import os
import re
from functools import cached_property
from pathlib import Path

from tui.core.text.chars import SENTENCE_END
from tui.core.text.cleaning import Cleaned, clean
from tui.errors import NotFound, UserError
from tui.store import paths
from tui.store.summaries import Summary

Span = tuple[int, int]

TITLE_MAX = 32
SCRIPT_SAMPLE = 3000
MIN_CLAUSE = 8


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
    ) -> None:
        self.id, self._path, self.origin = id, path, origin
        self._raw = raw
        self._cleaned = cleaned if cleaned is not None or raw is None else clean(raw)
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
        return cls(path.stem, path, read_article_file(path, origin), origin)

    @property
    def raw(self) -> str:
        if self._raw is None:
            self._raw = read_article_file(self.path, self.origin)
        return self._raw

    @property
    def cleaned(self) -> Cleaned:
        if self._cleaned is None:
            self._cleaned = clean(self.raw)
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
            meta = extract_metadata(self.raw, self.text)
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
        if cached is not None:
            return cached.decode()
        # The opening 3,000 characters decide it as well as the whole text, five times faster.
        script = detect_script(self.text[:SCRIPT_SAMPLE])
        blobs.put(key, script.encode())
        return script

    @cached_property
    def metadata(self) -> dict[str, str | None]:
        if self._summary is not None or self._stamp is not None:
            s = self.summary
            return {"title": s.title, "source": s.source, "author": s.author, "date": s.date}
        return extract_metadata(self.raw, self.text)

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

    def sentence_at(self, offset: int) -> Span:
        for span in self.sentences:
            if span[0] <= offset < span[1]:
                return span
        return (offset, offset)


def read_article_file(path: Path, origin: str) -> str:
    """The file's text, exactly as on disk but for universal newlines; one clear error if it cannot be read."""
    from tui.core.library.limits import InputRefused, read_regular_file

    try:
        # A file from outside (`yuedu read PATH`) is read with the input limit.
        data = read_regular_file(path) if origin == "file" else path.read_bytes()
        raw = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise UserError(f"{path}: not UTF-8 text (import it with `yuedu add`)") from exc
    except InputRefused as exc:
        raise UserError(f"{path}: {exc}") from exc
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror}") from exc
    # As read_text would: universal newlines.
    return raw.replace("\r\n", "\n").replace("\r", "\n")


# A run with no sentence end for this many characters (a megabyte on one line, a table
# flattened) is cut into pieces of at most this, at a comma or space where there is one:
# what reads sentences (outline, examples, the reader's sentence) stays bounded per piece.
SENTENCE_MAX = 500
_SOFT_BREAK = re.compile(r"[，,、；;：:\s]")


def split_sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        end = m.end() if m.group(0) != "\n" else m.start()
        _add_sentence(text, start, end, spans)
        start = m.end()
    _add_sentence(text, start, len(text), spans)
    return spans


def _add_sentence(text: str, start: int, end: int, spans: list[Span]) -> None:
    while end - start > SENTENCE_MAX:
        cut = start + SENTENCE_MAX
        softs = [m.end() for m in _SOFT_BREAK.finditer(text, start + SENTENCE_MAX // 2, cut)]
        if softs:
            cut = softs[-1]
        if text[start:cut].strip():
            spans.append(_trim(text, start, cut))
        start = cut
    if text[start:end].strip():
        spans.append(_trim(text, start, end))


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in " \t\n\u3000":
        start += 1
    while end > start and text[end - 1] in " \t\n\u3000":
        end -= 1
    return (start, end)


_ORIGINAL_TITLE = re.compile(r"^\s*(?:原標題|原标题)[:：]\s*《?(.+?)》?\s*$", re.M)
_SOURCE_AUTHOR = re.compile(r"^\s*(?:來源|来源)[:：]\s*(?:作者[:：])?\s*(\S+)(?:\s+(\S+))?", re.M)
_SOURCE_EN = re.compile(r"^\s*Source:\s*(\S+)\s*$", re.M)
_JOURNAL = re.compile(r"^\s*——\s*《([^》]+)》", re.M)
_SITE_PREFIX = re.compile(r"^(导图社区)\s+")
_NETEASE = re.compile(r"打开网易新闻|网易号|網易號")
_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
# A byline: a two- or three-character name spaced out, as Chinese journals print it.
_BYLINE = re.compile(r"^[\u4e00-\u9fff]{1,2}[ \u3000\u00a0]+[\u4e00-\u9fff]{1,2}$")


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
        from tui.store.summaries import all_summaries, stamp_of

        found: dict[str, tuple[str, str]] = {}
        hidden = hidden_ids()
        for name, path in _text_files(paths.bundled_dir("seeds")):
            stem = _stem(name)
            if self.include_hidden or stem not in hidden:
                found[stem] = (path, "seed")
        for name, path in _text_files(paths.library_dir()):
            found.setdefault(_stem(name), (path, "library"))
        known = all_summaries()
        out = []
        for stem, (path, origin) in found.items():
            try:
                stamp = stamp_of(os.stat(path))
            except OSError as exc:
                raise UserError(f"{path}: {exc.strerror}") from exc
            summary = known.get(path)
            fresh = summary if summary is not None and summary.stamp == stamp else None
            out.append(Article(stem, path, None, origin, summary=fresh, stamp=stamp))
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


def _text_files(folder: Path) -> list[tuple[str, str]]:
    """(name, path) of the folder's *.txt files, by name, as `sorted(folder.glob("*.txt"))` gives
    them for one folder, without a Path object per file (a tenth of `list`'s time at 1,000 articles)."""
    try:
        with os.scandir(folder) as entries:
            return sorted((e.name, e.path) for e in entries if e.name.endswith(".txt"))
    except OSError:
        return []  # none there, or not readable: glob finds nothing either


def _stem(name: str) -> str:
    return name[:-4] if len(name) > 4 else name  # Path.stem: ".txt" alone is a name, not a suffix


def hidden_ids() -> set[str]:
    path = paths.home() / "hidden.txt"
    # Ours, but a damaged one must not stop every command: bytes that are not UTF-8 name no id.
    try:
        text = path.read_bytes().decode("utf-8", errors="replace")
    except FileNotFoundError:
        return set()
    except OSError as exc:
        raise UserError(f"{path}: {exc.strerror}") from exc
    return {line.strip() for line in text.splitlines() if line.strip()}
