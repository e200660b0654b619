"""Reading HTML into a document: blocks from the tags, page furniture and scripts left out,
tables kept as rows of cells."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass
from tui.core.library.document import MAX_COLUMNS, Block, Document, join_soft

# --- HTML --------------------------------------------------------------------------------

_SKIP_TAGS = frozenset(
    {"script", "style", "nav", "header", "footer", "aside", "noscript", "form", "iframe", "svg", "button",
     "template", "select", "textarea", "rt", "rp", "head", "canvas", "video", "audio", "object", "map"}
)  # fmt: skip
_VOID = frozenset({"br", "hr", "img", "input", "meta", "link", "col", "area", "base", "wbr", "source", "embed"})
# Page furniture named by its class or id: navigation, tables of contents, sharing, comments.
_FURNITURE = re.compile(
    r"(?:^|[\s_-])(navheader|navfooter|toc|breadcrumbs?|sidebar|comments?|share|social|related|"
    r"advert\w*|ads?|menu|navbar|nav|footer|cookie|subscribe|copyright|pagination|skip-link)(?:$|[\s_-])",
    re.I,
)
_BLOCKS = frozenset(
    {"p", "div", "li", "ul", "ol", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "table", "section",
     "article", "blockquote", "pre", "hr", "dd", "dt", "dl", "figcaption", "figure", "main", "caption",
     "thead", "tbody", "tfoot", "body", "address", "details", "summary"}
)  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_CAPTION = re.compile(r"^(表|Table)\s*[\d一二三四五六七八九十]")


@dataclass
class _Table:
    rows: list[list[list[Block]]]
    layout: bool = False  # said to be for layout (border="0", role="presentation")
    spans: bool = False  # a cell spans columns
    cell_open: bool = False


class _DocumentParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.title: list[str] = []
        self.in_title = False
        self.buffer: list[str] = []
        self.outputs: list[list[Block]] = [[]]
        self.skip: list[str] = []  # the open tags whose content is furniture
        self.heading = 0
        self.pre = 0
        self.quote = 0
        self.lists: list[list[int]] = []  # per open list: [next number] or [] for bullets
        self.item_marked: list[bool] = []  # per open <li>: its first text took the mark
        self.tables: list[_Table] = []
        self.in_caption = False
        self.caption: list[str] = []

    # -- structure --
    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if self.skip:
            if tag == self.skip[0] and tag not in _VOID:
                self.skip.append(tag)
            return
        if tag == "title":
            self.in_title = True
            return
        if tag in _SKIP_TAGS or (tag not in _VOID and _is_furniture(attrs)):
            if tag not in _VOID:
                self.skip.append(tag)
            return
        if tag in _BLOCKS or tag == "br":
            self.flush()
        if tag in _HEADINGS:
            self.heading = _HEADINGS[tag]
        elif tag == "pre":
            self.pre += 1
        elif tag == "blockquote":
            self.quote += 1
        elif tag in ("ul", "ol"):
            start = dict(attrs).get("start") or "1"
            self.lists.append([int(start) if start.isdigit() else 1] if tag == "ol" else [])
        elif tag == "li":
            self.item_marked.append(False)
        elif tag == "table":
            named = dict(attrs)
            layout = named.get("border") == "0" or named.get("role") in ("presentation", "none")
            self.tables.append(_Table([], layout=layout))
        elif tag == "tr" and self.tables:
            self._close_cell()
            self.tables[-1].rows.append([])
        elif tag in ("td", "th") and self.tables:
            table = self.tables[-1]
            self._close_cell()
            if not table.rows:
                table.rows.append([])
            table.rows[-1].append([])
            table.spans = table.spans or (dict(attrs).get("colspan") or "1") != "1"
            table.cell_open = True
            self.outputs.append(table.rows[-1][-1])
        elif tag == "caption" and self.tables:
            self.in_caption = True
            self.caption = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _VOID:
            self.handle_starttag(tag, attrs)
        else:
            self.handle_starttag(tag, attrs)
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        if self.skip:
            if tag == self.skip[-1]:
                self.skip.pop()
            return
        if tag == "title":
            self.in_title = False
            return
        if tag in _BLOCKS:
            self.flush()
        if tag in _HEADINGS:
            self.heading = 0
        elif tag == "pre":
            self.pre = max(0, self.pre - 1)
        elif tag == "blockquote":
            self.quote = max(0, self.quote - 1)
        elif tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag == "li" and self.item_marked:
            self.item_marked.pop()
        elif tag in ("td", "th") and self.tables:
            self._close_cell()
        elif tag == "caption":
            self.in_caption = False
        elif tag == "table" and self.tables:
            self._close_cell()
            self._emit_table(self.tables.pop())

    def handle_data(self, data: str) -> None:
        if self.skip:
            return
        if self.in_title:
            self.title.append(data)
        elif self.in_caption:
            self.caption.append(data)
        else:
            self.buffer.append(data)

    # -- output --
    def _close_cell(self) -> None:
        table = self.tables[-1]
        if table.cell_open:
            self.flush()
            self.outputs.pop()
            table.cell_open = False

    def _emit_table(self, table: _Table) -> None:
        caption = join_soft("".join(self.caption))
        self.caption = []
        rows = [row for row in table.rows if row]
        blocks = [b for row in rows for cell in row for b in cell]
        width = max((len(r) for r in rows), default=0)
        ragged = not table.spans and any(len(r) != width for r in rows)
        # A table used for layout (a note's box, a page's columns): its contents as they are.
        layout = (
            table.layout
            or ragged
            or not 2 <= width <= MAX_COLUMNS
            or len(rows) < 2
            or any(len(cell) > 1 or any(b.kind != "paragraph" for b in cell) for row in rows for cell in row)
        )
        out = self.outputs[-1]
        if layout:
            if caption:
                out.append(Block("paragraph", caption))
            out.extend(blocks)
            return
        if (
            not caption
            and out
            and out[-1].kind == "paragraph"
            and _CAPTION.match(out[-1].text)
            and len(out[-1].text) <= 80
        ):
            caption = out.pop().text
        cells = [tuple(" ".join(b.text for b in cell) for cell in row) for row in rows]
        grid = tuple(c + ("",) * (width - len(c)) for c in cells)
        out.append(Block("table", caption, rows=grid))

    def flush(self) -> None:
        raw = "".join(self.buffer)
        self.buffer = []
        out = self.outputs[-1]
        if self.pre:
            code = raw.strip("\n").rstrip()
            if code.strip():
                out.append(Block("code", "\n".join(line.rstrip() for line in code.split("\n"))))
            return
        text = join_soft(raw)
        if not text:
            return
        if self.heading:
            out.append(Block("heading", text, level=self.heading))
        elif self.item_marked and not self.item_marked[-1]:
            self.item_marked[-1] = True
            numbers = self.lists[-1] if self.lists else []
            mark = f"{numbers[0]}." if numbers else "•"
            if numbers:
                numbers[0] += 1
            out.append(Block("item", text, level=max(0, len(self.lists) - 1), mark=mark))
        elif self.quote:
            out.append(Block("quote", text))
        else:
            out.append(Block("paragraph", text))


def _is_furniture(attrs: list[tuple[str, str | None]]) -> bool:
    for name, value in attrs:
        if name in ("class", "id", "role") and value and _FURNITURE.search(value):
            return True
        if name == "hidden" or (name == "aria-hidden" and value == "true"):
            return True
    return False


def _without_comments(html: str) -> str:
    """The page without its comments, in one pass (HTMLParser rescans an unclosed `<!--` for
    every one that follows: quadratic); an unclosed comment runs to the end, as in a browser."""
    if "<!--" not in html:
        return html
    parts = []
    position = 0
    while (start := html.find("<!--", position)) >= 0:
        parts.append(html[position:start])
        end = html.find("-->", start + 4)
        if end < 0:
            return "".join(parts)
        position = end + 3
    parts.append(html[position:])
    return "".join(parts)


# A "<" with no ">" before the next "<" (or the end) is text: HTMLParser would search the rest
# of the page for its end once per such "<" (`<?`, `</`, `<a ` repeated: quadratic).
_UNCLOSED = re.compile(r"<(?=[^<>]*(?:<|\Z))")


def _closed_markup(html: str) -> str:
    html = html.replace("<![CDATA[", "").replace("]]>", "")
    return _UNCLOSED.sub("&lt;", html)


def html_to_document(html: str, base_title: str | None = None) -> Document:
    """The page's document: its title and its blocks, without scripts, navigation and the
    rest of the page furniture. `base_title` is the title when the page names none."""
    parser = _DocumentParser()
    parser.feed(_closed_markup(_without_comments(html)))
    parser.close()
    parser.flush()
    while len(parser.outputs) > 1:  # cells a broken page never closed
        parser.outputs.pop()
    while parser.tables:
        table = parser.tables.pop()
        table.cell_open = False
        parser._emit_table(table)
    blocks = tuple(parser.outputs[0])
    title = join_soft("".join(parser.title)) or base_title
    first = next((b.text for b in blocks if b.kind == "heading"), None)
    if not title or (first and first in title):
        title = first or title  # "标题_网易新闻": the page's own heading, without the site's name
    return Document(title or None, blocks)
