"""Web pages by address: fetched within bounds, the article kept and the page furniture dropped.

Fetching: http and https only; a time limit for the whole exchange (a server that trickles
bytes is cut off, not waited for); at most MAX_REDIRECTS redirects; the body read up to the
input limit and no further; HTML content types only; the charset the headers or the markup
declare, and a page that is not in the charset it declares is refused, not guessed at.
"""

from __future__ import annotations

import os
import re
import threading
import urllib.error
import urllib.request
import zlib
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from tui.core.library.decoding import Refused

if TYPE_CHECKING:
    from tui.core.library.importing import Imported
from tui.core.library.limits import ENV as LIMIT_ENV
from tui.core.library.limits import max_bytes

MAX_REDIRECTS = 5
TIMEOUT_ENV = "YUEDU_FETCH_TIMEOUT"
DEFAULT_TIMEOUT = 20.0  # seconds for the whole fetch, redirects included
CHUNK = 64 * 1024
HTML_TYPES = ("text/html", "application/xhtml+xml")
USER_AGENT = "yuedu (a terminal reader; one page, on request)"
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_\-]+)""", re.I)
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*://")


def is_address(arg: str) -> bool:
    """Whether a command-line argument is a web address (any scheme://), not a path."""
    return bool(_SCHEME.match(arg))


@dataclass(frozen=True)
class Page:
    url: str  # after redirects
    data: bytes
    content_type: str
    charset: str | None  # from the headers


def timeout() -> float:
    value = os.environ.get(TIMEOUT_ENV, "").strip()
    try:
        seconds = float(value) if value else DEFAULT_TIMEOUT
    except ValueError:
        raise Refused(f"{TIMEOUT_ENV} must be a number of seconds, not {value!r}") from None
    if seconds <= 0:
        raise Refused(f"{TIMEOUT_ENV} must be more than 0")
    return seconds


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects come back as HTTPError, so each one is checked and counted here."""

    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _check_scheme(url: str) -> None:
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError as exc:  # http://[::1 and the like
        raise Refused(f"not a valid address ({exc})") from None
    if parts.scheme.lower() not in ("http", "https"):
        raise Refused(f"only http:// and https:// addresses are fetched, not {parts.scheme or 'this'}://")
    if not host:
        raise Refused("an address with no host")
    if any(ord(ch) < 0x21 or ord(ch) == 0x7F for ch in url):
        raise Refused("an address with spaces or control characters in it")


def fetch(url: str) -> Page:
    """The page at url, or Refused with one line saying why."""
    _check_scheme(url)
    seconds = timeout()
    result: list[Page | Refused] = []

    def run() -> None:
        try:
            result.append(_fetch(url, seconds))
        except Refused as exc:
            result.append(exc)
        except Exception as exc:  # any failure of the exchange is one line, not a traceback
            result.append(Refused(f"could not fetch it ({type(exc).__name__}: {exc})"))

    # The socket timeout bounds each wait; the thread bounds the whole (a trickle of bytes never times out).
    worker = threading.Thread(target=run, name="yuedu-fetch", daemon=True)
    worker.start()
    worker.join(seconds)
    if not result:
        raise Refused(f"no complete answer within {seconds:g} s (set {TIMEOUT_ENV} to wait longer)")
    if isinstance(outcome := result[0], Refused):
        raise outcome
    return outcome


def _fetch(url: str, seconds: float) -> Page:
    opener = urllib.request.build_opener(_NoRedirects)
    limit = max_bytes()
    for _ in range(MAX_REDIRECTS + 1):
        request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.1"})
        try:
            response = opener.open(request, timeout=seconds)
        except urllib.error.HTTPError as exc:
            location = exc.headers.get("Location") if exc.code in (301, 302, 303, 307, 308) else None
            exc.close()
            if location is None:
                raise Refused(f"the server answered {exc.code} {exc.reason}") from None
            url = urljoin(url, location)
            _check_scheme(url)
            continue
        except urllib.error.URLError as exc:
            raise Refused(f"could not reach it ({exc.reason})") from None
        with response:
            headers: Message = response.headers
            content_type = headers.get_content_type()
            if content_type not in HTML_TYPES:
                raise Refused(f"not a web page ({content_type}); save it and `yuedu add` the file")
            length = headers.get("Content-Length", "")
            if length.isdigit() and int(length) > limit:
                raise _too_large(limit)
            chunks, size = [], 0
            while chunk := response.read1(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise _too_large(limit)
                chunks.append(chunk)
            data = _inflated(b"".join(chunks), headers.get("Content-Encoding", ""), limit)
            return Page(url, data, content_type, headers.get_content_charset())
    raise Refused(f"more than {MAX_REDIRECTS} redirects")


def _inflated(data: bytes, encoding: str, limit: int) -> bytes:
    """The body as sent, or inflated within the limit when the server compressed it unasked."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return data
    if encoding not in ("gzip", "x-gzip", "deflate"):
        raise Refused(f"the page came {encoding}-encoded, which is not read")
    inflater = zlib.decompressobj(zlib.MAX_WBITS | 32 if encoding != "deflate" else zlib.MAX_WBITS)
    try:
        out = inflater.decompress(data, limit + 1)
    except zlib.error as exc:
        raise Refused(f"the page's {encoding} data is damaged ({exc})") from None
    if len(out) > limit:
        raise _too_large(limit)
    return out


def _too_large(limit: int) -> Refused:
    return Refused(f"the page is larger than {limit / 1_000_000:g} MB (set {LIMIT_ENV} to raise the limit)")


def decode_page(page: Page) -> tuple[str, str]:
    """(text, charset): the charset the headers or the markup declare, checked; else detected."""
    from tui.core.library.decoding import _plausibility, decode

    declared = page.charset
    if declared is None and (m := _META_CHARSET.search(page.data[:4096])):
        declared = m.group(1).decode("ascii")
    if declared is None:
        return decode(page.data, html=True)
    declared = declared.lower()
    try:
        text = page.data.decode(declared)
    except LookupError:
        raise Refused(f"the page declares an unknown charset {declared!r}") from None
    except UnicodeDecodeError:
        raise Refused(f"the page says it is {declared} but is not") from None
    # GB18030 and Big5 decode most byte strings: a declared one must also read as Chinese.
    if declared not in ("utf-8", "utf8", "us-ascii", "ascii") and _plausibility(text) < 0.5:
        raise Refused(f"the page says it is {declared} but is not")
    return text.replace("\r\n", "\n").replace("\r", "\n"), declared


# --- the article ----------------------------------------------------------------------------

# Elements that are never the article, whatever their place.
_DROP_TAGS = {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "iframe", "svg",
              "button", "select", "textarea", "template", "figure", "menu", "head", "title", "rt", "rp"}  # fmt: skip
# A class or id with one of these words marks page furniture (readability's list, and the seeds').
_FURNITURE = re.compile(
    r"(?:^|[\s_\-])(share|sharing|social|related|recommend|comments?|reply|respond|footer|copyright|legal|"
    r"disclaimer|statement|breadcrumbs?|sidebar|side|widget|banner|ad|ads|advert|promo|sponsor|"
    r"subscribe|newsletter|follow|qrcode|download|hot|rank|tags?|pager|pagination|toolbar|actions?|"
    r"report|login|signup|popup|modal|cookie|nav(?:bar|header|footer|igation)?|menu|masthead|links)(?:$|[\s_\-\d])",
    re.I,
)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Blocks whose text is mostly link text, with no prose in them, are lists of links (menus,
# related articles); a paragraph or item only when it is all link (详见<a>某某通知</a> stays).
# Table cells never: a row must keep its cells; a table of links goes whole.
_LINK_SHARE = {
    "div": 0.5,
    "ul": 0.5,
    "ol": 0.5,
    "dl": 0.5,
    "section": 0.5,
    "table": 0.5,
    "p": 0.9,
    "li": 0.9,
    "dd": 0.9,
}
# Visible characters an <article> or <main> needs to be taken for the article (a short news item has 100).
MIN_ARTICLE = 60
MAX_DEPTH = 200  # elements nested deeper are flattened into the 200th (no page needs more)
_TEXT_DATE = re.compile(r"((?:19|20)\d\d)[-/.年]\s?(\d{1,2})[-/.月]\s?(\d{1,2})(?!\d)")
_TITLE_SEPARATORS = re.compile(r"\s*(?:[_|｜]|\s[-–—]\s)\s*")


@dataclass(frozen=True)
class Article:
    title: str
    author: str
    date: str
    html: str  # the article alone, as an HTML document


@dataclass
class _Node:
    tag: str
    marks: str  # class, id and role
    hidden: bool
    children: list[_Node | str]

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def link_text(self) -> str:
        if self.tag == "a":
            return self.text()
        return "".join(c.link_text() for c in self.children if not isinstance(c, str))


class _Tree(HTMLParser):
    """The page as a tree of elements (attributes dropped but for the marks of furniture), and
    its metadata from <meta>, <time> and <title>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = _Node("root", "", False, [])
        self._stack = [self.root]
        self.meta: dict[str, str] = {}
        self.times: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"].strip())
        if tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])
        if tag in ("p", "li") and self._stack[-1].tag == tag:
            self._stack.pop()  # an unclosed <p> or <li> ends where the next begins
        node = _Node(tag, f"{a.get('class', '')} {a.get('id', '')} {a.get('role', '')}", "hidden" in a, [])
        self._stack[-1].children.append(node)
        if tag not in _VOID and len(self._stack) < MAX_DEPTH:
            self._stack.append(node)  # deeper than MAX_DEPTH, elements hold no more: the walks stay bounded

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self._stack) - 1, 0, -1):
            if self._stack[depth].tag == tag:
                del self._stack[depth:]
                return  # a stray end tag closes nothing

    def handle_data(self, data: str) -> None:
        self._stack[-1].children.append(data)


@dataclass
class _Sizes:
    """Per node (by id): characters of text, of link text, and whether it holds prose."""

    text: dict[int, int]
    links: dict[int, int]
    prose: dict[int, bool]


def _measure(root: _Node) -> _Sizes:
    sizes = _Sizes({}, {}, {})

    def walk(node: _Node) -> None:
        text = links = 0
        prose = False
        for child in node.children:
            if isinstance(child, str):
                text += len(_squeeze(child))
            else:
                walk(child)
                text += sizes.text[id(child)]
                links += sizes.links[id(child)]
                prose = prose or sizes.prose[id(child)]
        links = text if node.tag == "a" else links
        sizes.text[id(node)], sizes.links[id(node)] = text, links
        sizes.prose[id(node)] = prose or (node.tag in _PROSE_TAGS and text - links >= PROSE)

    walk(root)
    return sizes


def _keep(node: _Node, by_class: bool, sizes: _Sizes) -> _Node | None:
    """The node without its furniture, or None if it is furniture."""
    if node.tag in _DROP_TAGS or node.hidden or (by_class and _FURNITURE.search(node.marks)):
        return None
    if (share := _LINK_SHARE.get(node.tag)) is not None:
        text = sizes.text[id(node)]
        if text and sizes.links[id(node)] >= share * text and not sizes.prose[id(node)]:
            return None
    children: list[_Node | str] = []
    for child in node.children:
        if isinstance(child, str):
            children.append(child)
        elif (kept := _keep(child, by_class, sizes)) is not None:
            children.append(kept)
    return _Node(node.tag, node.marks, node.hidden, children)


# A block of links holds no prose: no paragraph, cell or item with this much text that is not a link.
# Documentation links every command and package (Debian's reference): its sections are prose.
PROSE = 20
_PROSE_TAGS = {"p", "pre", "dd", "td", "li", "blockquote"}


def _find(node: _Node, tag: str) -> list[_Node]:
    found = [node] if node.tag == tag else []
    for child in node.children:
        if not isinstance(child, str):
            found.extend(_find(child, tag))
    return found


def _markup(node: _Node) -> str:
    import html as html_lib

    inner = "".join(html_lib.escape(c, quote=False) if isinstance(c, str) else _markup(c) for c in node.children)
    if node.tag == "root":
        return inner
    if node.tag in _VOID:
        return f"<{node.tag}>"
    return f"<{node.tag}>{inner}</{node.tag}>"


# What counts as a paragraph when looking for the article's block.
_PARAGRAPHS = {"p", "pre", "blockquote", "section", "li", "dd", "td"}
MIN_PARAGRAPH = 10  # characters: shorter lines (a date, a label) say nothing of where the text is
DENSE_SHARE = 0.6  # the article's block holds this share of the page's paragraph text


def _densest(root: _Node) -> _Node:
    """The smallest block that holds most of the page's paragraph text (DENSE_SHARE of it).

    Not readability's best-scoring block: in a long document whose text is spread over nested
    sections (Debian's reference, a DocBook chapter) no one section scores high, and the best
    of them is a sliver; the block that holds most of the text is the chapter."""
    sizes: dict[int, int] = {}

    def size(node: _Node) -> int:
        if node.tag in _PARAGRAPHS:
            n = len(_squeeze(node.text()))
            total = n if n >= MIN_PARAGRAPH else 0
            for child in node.children:
                if not isinstance(child, str):
                    size(child)  # sized for the descent, counted once, here
        else:
            loose = sum(len(_squeeze(c)) for c in node.children if isinstance(c, str))
            total = (loose if loose >= MIN_PARAGRAPH else 0) + sum(
                size(c) for c in node.children if not isinstance(c, str)
            )
        sizes[id(node)] = total
        return total

    whole = size(root)
    if not whole:
        return root
    node = root
    while True:
        inner = [c for c in node.children if not isinstance(c, str) and sizes[id(c)] >= DENSE_SHARE * whole]
        if not inner or node.tag in _PARAGRAPHS:
            return node
        node = inner[0]


def _squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def _page_title(title: str) -> str:
    """A <title> without the site's name: the longest part between separators (标题_网易新闻)."""
    parts = [p for p in _TITLE_SEPARATORS.split(title) if p.strip()]
    return max(parts, key=len) if parts else title


def _document(title: str, body: str) -> str:
    import html as html_lib

    escaped = html_lib.escape(title)
    heading = "" if _squeeze(_visible(body)).startswith(_squeeze(title)) else f"<h1>{escaped}</h1>"
    return f"<html><head><title>{escaped}</title></head><body>{heading}{body}</body></html>"


def _visible(markup: str) -> str:
    import html as html_lib

    return _squeeze(html_lib.unescape(re.sub(r"<[^>]*>", "", markup)))


def extract(html: str) -> Article:
    """The article in a page: the page less its furniture (by tag, class and link density), its
    <article> or <main> if it has one; its title, author and date from <meta>, <h1>, <time>, <title>.

    Ours, not trafilatura: on the pages of bench/web_extract.py it keeps every body paragraph
    whole, where trafilatura runs a short article's paragraphs (and its furniture) into one; it
    drops more furniture only on the pages held out from tuning ours (15 lines of 20 to our 12),
    misses most Chinese bylines, and brings 15 packages (lxml, dateparser, babel...: 96 MB).
    """
    import html as html_lib

    tree = _Tree()
    tree.feed(html)
    tree.close()
    meta = tree.meta

    def clean(value: str) -> str:
        return re.sub(r"\s+", " ", html_lib.unescape(value)).strip()

    sizes = _measure(tree.root)
    kept = _keep(tree.root, True, sizes) or _Node("root", "", False, [])
    if len(_squeeze(kept.text())) < MIN_ARTICLE:
        plain = _keep(tree.root, False, sizes)
        if plain is not None and len(_squeeze(plain.text())) >= MIN_ARTICLE:
            kept = plain  # a page-wide class (has-sidebar) took the article with it
    # The page's <article> (the longest) if it holds enough text, else its <main>, else the block
    # its paragraphs are in.
    region = None
    for tag in ("article", "main"):
        candidates = [n for n in _find(kept, tag) if len(_squeeze(n.text())) >= MIN_ARTICLE]
        if candidates:
            region = max(candidates, key=lambda n: len(_squeeze(n.text())))
            break
    if region is None:
        region = _densest(kept)
    h1 = next((clean(n.text()) for where in (region, kept) for n in _find(where, "h1") if clean(n.text())), "")
    titles = _find(tree.root, "title")
    title = clean(meta.get("og:title", "")) or h1 or _page_title(clean(titles[0].text()) if titles else "")
    author = clean(meta.get("author", "") or meta.get("article:author", "") or meta.get("og:article:author", ""))
    date = clean(
        meta.get("article:published_time", "")
        or meta.get("pubdate", "")
        or meta.get("publishdate", "")
        or meta.get("date", "")
        or meta.get("datepublished", "")
        or (tree.times[0] if tree.times else "")
    )
    head = re.sub(r"\s+", " ", region.text())[:300] + " " + re.sub(r"\s+", " ", kept.text())[:1000]
    if not date and (m := _TEXT_DATE.search(head)):
        date = f"{m.group(1)}-{int(m.group(2)):02d}-{int(m.group(3)):02d}"  # the dateline under the title
    # The region's own heading of the title stays where it is; else the title heads the document.
    body = _markup(region)
    if any(clean(n.text()) == title for tag in ("h1", "h2") for n in _find(region, tag)):
        return Article(title, author, date, f"<html><body>{body}</body></html>")
    return Article(title, author, date, _document(title, body))


def load_page(url: str) -> Imported:
    """What `yuedu add URL` imports: the article's document, the page's bytes as its original, its note."""
    from tui.core.library.htmldoc import document_of
    from tui.core.library.importing import Imported

    page = fetch(url)
    text, charset = decode_page(page)
    article = extract(text)
    doc = document_of(article.html)
    note = {"source": page.url, "title": article.title, "author": article.author, "date": article.date}
    if page.url != url:
        note["requested"] = url
    return Imported(doc, charset, page.data, ".html", note={k: v for k, v in note.items() if v})
