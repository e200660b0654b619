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
from dataclasses import dataclass
from email.message import Message
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from tui.core.library.importing import Refused
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
    scheme = urlsplit(url).scheme.lower()
    if scheme not in ("http", "https"):
        raise Refused(f"only http:// and https:// addresses are fetched, not {scheme or 'this'}://")
    if not urlsplit(url).hostname:
        raise Refused("an address with no host")


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
            return Page(url, b"".join(chunks), content_type, headers.get_content_charset())
    raise Refused(f"more than {MAX_REDIRECTS} redirects")


def _too_large(limit: int) -> Refused:
    return Refused(f"the page is larger than {limit / 1_000_000:g} MB (set {LIMIT_ENV} to raise the limit)")


def decode_page(page: Page) -> tuple[str, str]:
    """(text, charset): the charset the headers or the markup declare, checked; else detected."""
    from tui.core.library.importing import _plausibility, decode

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
              "button", "select", "textarea", "template", "figure", "menu"}  # fmt: skip
# A class or id with one of these words marks page furniture (readability's list, and the seeds').
_FURNITURE = re.compile(
    r"(?:^|[\s_\-])(share|social|related|recommend|comment|comments|reply|footer|copyright|legal|"
    r"disclaimer|statement|breadcrumbs?|sidebar|sidebox|widget|banner|ad|ads|advert|promo|sponsor|"
    r"subscribe|newsletter|follow|qrcode|download|rank|tags?|pager|pagination|toolbar|"
    r"login|signup|popup|modal|cookie|nav|menu|masthead|byline-share)(?:$|[\s_\-\d])",
    re.I,
)
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


@dataclass(frozen=True)
class Article:
    title: str
    author: str
    date: str
    html: str  # the article alone, as an HTML document


class _Extractor(HTMLParser):
    """Keeps the markup of the page's article (its <article>, else <main>, else the body) minus
    the furniture, and reads the page's metadata from <meta>, <time> and <title>."""

    def __init__(self, by_class: bool = True) -> None:
        super().__init__(convert_charrefs=False)
        self.by_class = by_class
        self.meta: dict[str, str] = {}
        self.title = ""
        self.times: list[str] = []
        self.h1: list[str] = []
        self.regions: dict[str, list[str]] = {"article": [], "main": [], "body": []}
        self._open: list[tuple[str, bool, bool]] = []  # (tag, dropped, counted as a region)
        self._dropping = 0
        self._inside = {"article": 0, "main": 0}
        self._in_title = False
        self._in_h1 = False

    def _emit(self, markup: str) -> None:
        if self._dropping:
            return
        self.regions["body"].append(markup)
        for region, depth in self._inside.items():
            if depth:
                self.regions[region].append(markup)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta":
            key = (a.get("property") or a.get("name") or a.get("itemprop") or "").lower()
            if key and a.get("content"):
                self.meta.setdefault(key, a["content"].strip())
            return
        if tag == "time" and a.get("datetime"):
            self.times.append(a["datetime"])
        if tag == "title":
            self._in_title = True
        if tag in _VOID:
            self._emit(f"<{tag}>")
            return
        marks = f"{a.get('class', '')} {a.get('id', '')} {a.get('role', '')}"
        dropped = tag in _DROP_TAGS or "hidden" in a or (self.by_class and bool(_FURNITURE.search(marks)))
        counted = not dropped and not self._dropping and tag in self._inside
        self._open.append((tag, dropped, counted))
        if dropped:
            self._dropping += 1
            return
        if tag == "h1":
            self._in_h1 = True
        self._emit(f"<{tag}>")
        if counted:
            self._inside[tag] += 1

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag in _VOID or not any(t == tag for t, _, _ in self._open):
            return  # a stray end tag closes nothing
        while self._open:
            open_tag, dropped, counted = self._open.pop()
            if dropped:
                self._dropping -= 1
            else:
                if counted:
                    self._inside[open_tag] -= 1
                    self.regions[open_tag].append(f"</{open_tag}>")
                self._emit(f"</{open_tag}>")
                if open_tag == "h1":
                    self._in_h1 = False
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self._dropping:
            if self._in_h1:
                self.h1.append(data)
            self._emit(data.replace("<", "&lt;"))

    def handle_entityref(self, name: str) -> None:
        self.handle_data(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.handle_data(f"&#{name};")


def extract(html: str) -> Article:
    """The article in a page: its text's markup without furniture, and its title, author, date."""
    import html as html_lib

    parser = _parsed(html, by_class=True)
    if len(_visible("".join(parser.regions["body"]))) < 200:
        parser = _parsed(html, by_class=False)  # a page-wide class (has-sidebar) took it all
    meta = parser.meta

    def clean(value: str) -> str:
        return re.sub(r"\s+", " ", html_lib.unescape(value)).strip()

    title = clean(meta.get("og:title", "") or "".join(parser.h1) or parser.title)
    author = clean(meta.get("author", "") or meta.get("article:author", "") or meta.get("og:article:author", ""))
    date = clean(
        meta.get("article:published_time", "")
        or meta.get("pubdate", "")
        or meta.get("publishdate", "")
        or meta.get("date", "")
        or meta.get("datepublished", "")
        or (parser.times[0] if parser.times else "")
    )
    # The article if the page marks one with enough text in it, else <main>, else the body.
    body = ""
    for region in ("article", "main", "body"):
        body = "".join(parser.regions[region])
        if region == "body" or len(_visible(body)) >= 200:
            break
    escaped = html_lib.escape(title)
    page = f"<html><head><title>{escaped}</title></head><body><h1>{escaped}</h1>{body}</body></html>"
    return Article(title, author, date, page)


def _parsed(html: str, by_class: bool) -> _Extractor:
    parser = _Extractor(by_class)
    parser.feed(html)
    parser.close()
    return parser


def _visible(markup: str) -> str:
    return re.sub(r"\s+", "", re.sub(r"<[^>]*>", "", markup))


def read_page(url: str) -> tuple[str, str, dict[str, str]]:
    """What `yuedu add URL` imports: the article's text, the page's charset, and its note."""
    from tui.core.library.htmldoc import document_text

    page = fetch(url)
    text, charset = decode_page(page)
    article = extract(text)
    body = document_text(article.html)
    note = {"source": page.url, "format": "web", "title": article.title, "author": article.author,
            "date": article.date}  # fmt: skip
    if page.url != url:
        note["requested"] = url
    return body, charset, {k: v for k, v in note.items() if v}
