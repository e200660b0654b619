"""EPUB books: the chapters in spine order made one HTML document, for the HTML import.

Read with the stdlib's zipfile and ElementTree, not ebooklib: ebooklib is AGPL-3.0 (yuedu is
MIT) and its read_epub inflates every manifest member on open, so a small hostile book costs
its inflated size before it can be refused. Here only the members a book's text needs are
read (container, package, table of contents, spine documents), each within a bound.
"""

from __future__ import annotations

import html
import io
import posixpath
import re
import zipfile
import zlib
from dataclasses import dataclass
from urllib.parse import unquote
from xml.etree import ElementTree

from tui.core.library.decoding import Refused
from tui.core.library.limits import max_bytes

# More members than a real book has (a 2 MB novel has a few hundred).
MAX_MEMBERS = 20_000
# All the members read, inflated, at most this many times the input limit (8 MB: 32 MB).
TOTAL_FACTOR = 4

_CONTAINER = "META-INF/container.xml"
_ENCRYPTION = "META-INF/encryption.xml"
_NS = {
    "c": "urn:oasis:names:tc:opendocument:xmlns:container",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
    "xhtml": "http://www.w3.org/1999/xhtml",
    "enc": "http://www.w3.org/2001/04/xmlenc#",
    "epub": "http://www.idpf.org/2007/ops",
}
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.\-]+)""")
_BODY = re.compile(r"<body\b[^>]*>(.*)</body\s*>", re.I | re.S)
_HEAD = re.compile(r"<head\b.*?</head\s*>", re.I | re.S)
_FIRST_HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1\s*>", re.I | re.S)
_TAG = re.compile(r"<[^>]*>")
_HEADING_OPEN = re.compile(r"<h[1-6]\b", re.I)
# Ruby's annotations (<rt>zhōng</rt>, learners' books have them on every character) are not text.
_RUBY_NOTES = re.compile(r"<(rt|rp)\b[^>]*>.*?</\1\s*>", re.I | re.S)


@dataclass(frozen=True)
class Book:
    title: str
    authors: tuple[str, ...]
    language: str
    html: str  # the chapters as one HTML document: book title h1, chapter titles h2 and below (authors: the note)
    chapters: int


@dataclass(frozen=True)
class _TocEntry:
    path: str  # the member, resolved from the package root
    fragment: str
    title: str
    level: int  # 1 for the top of the table of contents


class _Archive:
    """A zip read within bounds: every name checked, every member inflated up to a limit."""

    def __init__(self, data: bytes) -> None:
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
            infos = self.zip.infolist()
        except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError) as exc:
            raise Refused(f"not an EPUB (not a readable zip: {exc})") from exc
        if len(infos) > MAX_MEMBERS:
            raise Refused(f"not a book: {len(infos)} members in the zip")
        for info in infos:
            if _unsafe(info.filename):
                raise Refused(f"unsafe member name in the zip: {info.filename!r}")
        self.names = {info.filename: info for info in infos}
        self.limit = max_bytes()
        self.budget = self.limit * TOTAL_FACTOR

    def read(self, name: str) -> bytes:
        info = self.names.get(name)
        if info is None:
            raise Refused(f"the book names {name!r}, which is not in it")
        if info.flag_bits & 0x1:
            raise Refused(f"encrypted member {name!r} (DRM-protected books cannot be read)")
        if info.file_size > min(self.limit, self.budget):
            raise Refused(f"member {name!r} inflates past the limit (a zip bomb?)")
        try:
            with self.zip.open(info) as fh:
                data = fh.read(min(self.limit, self.budget) + 1)
        except (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError) as exc:
            raise Refused(f"damaged member {name!r}: {exc}") from exc
        if len(data) > min(self.limit, self.budget):
            raise Refused(f"member {name!r} inflates past the limit (a zip bomb?)")
        self.budget -= len(data)
        return data


def _unsafe(name: str) -> bool:
    parts = name.replace("\\", "/").split("/")
    return name.startswith(("/", "\\")) or ".." in parts or (len(parts[0]) == 2 and parts[0][1] == ":")


def _xml(data: bytes, name: str) -> ElementTree.Element:
    # Entity declarations have no place in a book's package files (and expand without bound).
    if b"<!ENTITY" in data:
        raise Refused(f"{name}: XML entity declarations are not read")
    try:
        return ElementTree.fromstring(data)
    except ElementTree.ParseError as exc:
        raise Refused(f"{name}: not well-formed XML ({exc})") from exc


def _text(element: ElementTree.Element | None) -> str:
    return re.sub(r"\s+", " ", "".join(element.itertext())).strip() if element is not None else ""


def _resolve(base: str, href: str) -> tuple[str, str]:
    """(member, fragment) for an href relative to the member `base`; Refused if it leaves the book."""
    href, _, fragment = href.partition("#")
    joined = posixpath.join(posixpath.dirname(base), unquote(href)) if href else base
    path = posixpath.normpath(joined)
    if path.startswith("../") or path == ".." or path.startswith("/"):
        raise Refused(f"{base}: a link out of the book ({href!r})")
    return path, fragment


def read_book(data: bytes) -> Book:
    """The book in an EPUB's bytes, or Refused with the reason."""
    archive = _Archive(data)
    if _CONTAINER not in archive.names:
        raise Refused("not an EPUB: no META-INF/container.xml")
    rootfile = _xml(archive.read(_CONTAINER), _CONTAINER).find(".//c:rootfile", _NS)
    opf_path = rootfile.get("full-path", "") if rootfile is not None else ""
    if not opf_path or _unsafe(opf_path):
        raise Refused("not an EPUB: the container names no package document")
    if opf_path not in archive.names:
        raise Refused(f"not an EPUB: the package document {opf_path!r} is missing")
    opf = _xml(archive.read(opf_path), opf_path)

    title = _text(opf.find("opf:metadata/dc:title", _NS))
    authors = tuple(a for a in (_text(e) for e in opf.iterfind("opf:metadata/dc:creator", _NS)) if a)
    language = _text(opf.find("opf:metadata/dc:language", _NS))
    manifest: dict[str, tuple[str, str, str]] = {}
    for item in opf.iterfind("opf:manifest/opf:item", _NS):
        if (item_id := item.get("id")) and (href := item.get("href")):
            path, _ = _resolve(opf_path, href)
            manifest[item_id] = (path, item.get("media-type", ""), item.get("properties", ""))
    spine = opf.find("opf:spine", _NS)
    if spine is None:
        raise Refused(f"{opf_path}: no spine (the order of the chapters)")
    toc_paths = {path for path, media, props in manifest.values() if "nav" in props.split()}
    ncx_id = spine.get("toc")
    if ncx_id in manifest:
        toc_paths.add(manifest[ncx_id][0])
    order = []
    for ref in spine.iterfind("opf:itemref", _NS):
        entry = manifest.get(ref.get("idref", ""))
        if entry is None or ref.get("linear") == "no" or entry[0] in toc_paths:
            continue  # the table-of-contents page is the outline, not text
        if "html" in entry[1] or entry[0].lower().endswith((".xhtml", ".html", ".htm")):
            order.append(entry[0])
    if not order:
        raise Refused(f"{opf_path}: no chapters in the spine")
    _refuse_encrypted(archive, order)

    toc = _table_of_contents(archive, manifest, ncx_id)
    by_path: dict[str, list[_TocEntry]] = {}
    for toc_entry in toc:
        by_path.setdefault(toc_entry.path, []).append(toc_entry)
    title = title or (toc[0].title if toc else "") or "Untitled book"
    parts = [f"<html><head><title>{html.escape(title)}</title></head><body><h1>{html.escape(title)}</h1>"]
    for path in order:
        parts.append(_chapter(_decode(archive.read(path), path), by_path.get(path, [])))
    parts.append("</body></html>")
    return Book(title, authors, language, "\n".join(parts), len(order))


def _refuse_encrypted(archive: _Archive, order: list[str]) -> None:
    """Font obfuscation is harmless; a chapter listed as encrypted is DRM, and unreadable."""
    if _ENCRYPTION not in archive.names:
        return
    root = _xml(archive.read(_ENCRYPTION), _ENCRYPTION)
    listed = {unquote(ref.get("URI", "")) for ref in root.iter(f"{{{_NS['enc']}}}CipherReference")}
    if hit := sorted(listed.intersection(order)):
        raise Refused(f"encrypted chapter {hit[0]!r} (DRM-protected books cannot be read)")


def _table_of_contents(
    archive: _Archive, manifest: dict[str, tuple[str, str, str]], ncx_id: str | None
) -> list[_TocEntry]:
    """The EPUB 3 navigation document's toc, else the EPUB 2 NCX; [] when neither is readable."""
    for path, _media, props in manifest.values():
        if "nav" in props.split() and path in archive.names:
            try:
                root = _xml(archive.read(path), path)
            except Refused:
                break  # a broken table of contents costs the outline, not the book
            for nav in root.iter(f"{{{_NS['xhtml']}}}nav"):
                if nav.get(f"{{{_NS['epub']}}}type", "toc").split()[0] == "toc":
                    return _nav_entries(nav.find("xhtml:ol", _NS), path, 1)
    if ncx_id in manifest and (path := manifest[ncx_id][0]) in archive.names:
        try:
            root = _xml(archive.read(path), path)
        except Refused:
            return []
        return _ncx_entries(root.find("ncx:navMap", _NS), path, 1)
    return []


def _nav_entries(ol: ElementTree.Element | None, base: str, level: int) -> list[_TocEntry]:
    out: list[_TocEntry] = []
    for li in ol.iterfind("xhtml:li", _NS) if ol is not None else ():
        link = li.find("xhtml:a", _NS)
        if link is not None and link.get("href") and (title := _text(link)):
            out.append(_TocEntry(*_resolve(base, link.get("href", "")), title, level))
        out.extend(_nav_entries(li.find("xhtml:ol", _NS), base, level + 1))
    return out


def _ncx_entries(parent: ElementTree.Element | None, base: str, level: int) -> list[_TocEntry]:
    out: list[_TocEntry] = []
    for point in parent.iterfind("ncx:navPoint", _NS) if parent is not None else ():
        content = point.find("ncx:content", _NS)
        title = _text(point.find("ncx:navLabel/ncx:text", _NS))
        if content is not None and content.get("src") and title:
            out.append(_TocEntry(*_resolve(base, content.get("src", "")), title, level))
        out.extend(_ncx_entries(point, base, level + 1))
    return out


def _decode(data: bytes, name: str) -> str:
    """A chapter's text: UTF-8 or UTF-16 as EPUB requires, or the encoding its XML declaration names."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec = "utf-16"
    elif m := _XML_ENCODING.match(data):
        codec = m.group(1).decode("ascii")
    else:
        codec = "utf-8-sig"
    try:
        return data.decode(codec)
    except (LookupError, UnicodeDecodeError) as exc:
        raise Refused(f"{name}: not {codec} text ({exc})") from exc


def _chapter(document: str, entries: list[_TocEntry]) -> str:
    """A spine document's body, with its table-of-contents titles as headings (h2 for the top level)."""
    m = _BODY.search(document)
    body = _RUBY_NOTES.sub("", m.group(1) if m else _HEAD.sub("", document))
    # From the last anchor back, so earlier offsets stay put.
    for entry in sorted(entries, key=lambda e: _anchor(body, e.fragment), reverse=True):
        at = _anchor(body, entry.fragment)
        tag = f"h{min(entry.level + 1, 6)}"
        heading = f"<{tag}>{html.escape(entry.title)}</{tag}>"
        own = _FIRST_HEADING.search(body, at)
        if own and not _plain(body[at : own.start()]) and _same(_plain(own.group(2)), entry.title):
            body = body[: own.start()] + heading + body[own.end() :]  # the chapter's own, at the book's level
        else:
            body = body[:at] + heading + body[at:]
    return body


def _anchor(body: str, fragment: str) -> int:
    """Where the element with this id starts (its tag's `<`), or 0."""
    if not fragment:
        return 0
    m = re.search(rf"""\bid\s*=\s*["']{re.escape(fragment)}["']""", body)
    if not m:
        return 0
    at = max(body.rfind("<", 0, m.start()), 0)
    # An anchor inside a heading (<h2><a id="x"/>标题</h2>, as most books have it) is the heading's place.
    window = body[max(0, at - 300) : at]
    opens = list(_HEADING_OPEN.finditer(window))
    if opens and "</h" not in window[opens[-1].start() :].lower():
        at -= len(window) - opens[-1].start()
    return at


def _plain(fragment: str) -> str:
    return re.sub(r"\s+", "", html.unescape(_TAG.sub("", fragment)))


def _same(heading: str, title: str) -> bool:
    title = re.sub(r"\s+", "", title)
    return bool(heading) and (heading in title or title in heading)
