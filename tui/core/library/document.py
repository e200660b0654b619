"""Documents: what import makes of a file, whatever its format, as blocks with their kind.

A block is a heading (with its level), a paragraph (soft line breaks joined), a list item,
a table (rows of cells), preformatted code or a quote. The library keeps a document as
Markdown (`to_markdown`, read back by `from_markdown`), and the reading text, the outline's
sections and tables, and the reader's drawing all come from its blocks (`document_text`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from typing import TYPE_CHECKING, Literal, NamedTuple

if TYPE_CHECKING:
    from tui.core.text.cleaning import Cleaned

BlockKind = Literal["heading", "paragraph", "item", "table", "code", "quote"]


class Block(NamedTuple):  # a tuple: a long text makes hundreds of thousands of them
    kind: BlockKind
    text: str = ""  # one line, but for code (lines kept); a table's caption
    level: int = 0  # heading: 1-6; item: nesting depth
    mark: str = ""  # item: "•" or "1."
    rows: tuple[tuple[str, ...], ...] = ()  # table: the first row is the header


@dataclass(frozen=True, slots=True)
class Document:
    title: str | None
    blocks: tuple[Block, ...]


# --- joining soft line breaks ------------------------------------------------------------

_RUN = re.compile(r"[ \t\n\r\f\v\u00a0\u200b]+")


def _wide(ch: str) -> bool:
    return unicodedata.east_asian_width(ch) in "WF"


def join_soft(text: str) -> str:
    """Whitespace as a page shows it: a run holding a line break between two wide (Han)
    characters is nothing, any other run one space; none at the ends."""

    if "\n" not in text:  # no line break to weigh: every run is one space (all in C)
        return _RUN.sub(" ", text).strip(" \u3000")

    def one(m: re.Match[str]) -> str:
        s, e = m.start(), m.end()
        if "\n" in m.group(0) and 0 < s and e < len(text) and _wide(text[s - 1]) and _wide(text[e]):
            return ""
        return " "

    return _RUN.sub(one, text).strip(" \u3000")


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
MAX_COLUMNS = 64  # wider is no table a reader can read: its cells are taken as paragraphs
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


# --- Markdown ------------------------------------------------------------------------------

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_ITEM = re.compile(r"^([ \t]*)([-*+•]|\d{1,9}[.)])[ \t]+(.*)$")
_QUOTE = re.compile(r"^ {0,3}> ?(.*)$")
_DELIMITER = re.compile(r"^ *\|? *:?-+:? *(\| *:?-+:? *)*\|? *$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+) *$")
_RULE = re.compile(r"^ {0,3}([-*_])( *\1){2,} *$")
# What would start another kind of block: such a paragraph is written with a backslash first.
_NEEDS_ESCAPE = re.compile(r"^(#|>|[-*+•] |\d{1,9}[.)] |`{3}|~{3}|\||\\|[ \t])")


# What a line that starts another kind of block (or a setext underline) may start with.
_MARKERS = frozenset("#>`~|-*+•=_\\ \t0123456789")


def _cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")


def to_markdown(doc: Document) -> str:
    """The library copy: one block after another, a blank line between them."""
    parts: list[str] = []
    blocks = list(doc.blocks)
    if doc.title and not (blocks and blocks[0].kind == "heading" and blocks[0].text == doc.title):
        blocks.insert(0, Block("heading", join_soft(doc.title), level=1))
    for b in blocks:
        if b.kind == "heading":
            parts.append(f"{'#' * max(1, min(6, b.level))} {b.text}")
        elif b.kind == "item":
            mark = "-" if b.mark in ("•", "") else b.mark
            parts.append(f"{'  ' * b.level}{mark} {b.text}")
        elif b.kind == "quote":
            parts.append(f"> {b.text}")
        elif b.kind == "code":
            fence = "```"
            while fence in b.text:
                fence += "`"
            parts.append(f"{fence}\n{b.text}\n{fence}")
        elif b.kind == "table":
            width = max((len(r) for r in b.rows), default=0)
            if not width:
                continue
            rows = [[_cell(c) for c in r] + [""] * (width - len(r)) for r in b.rows]
            lines = [f"| {' | '.join(rows[0])} |", "|" + "|".join([" --- "] * width) + "|"]
            lines += [f"| {' | '.join(r)} |" for r in rows[1:]]
            if b.text:
                lines.insert(0, f"Table: {b.text}")
            parts.append("\n".join(lines))
        else:
            text = b.text
            parts.append("\\" + text if _NEEDS_ESCAPE.match(text) else text)
    return "\n\n".join(parts) + "\n" if parts else ""


# Each bounded (a link's text, emphasis, a tag): an unclosed `[a](` or `**` repeated over a long
# line must not make the search quadratic.
_INLINE = (
    (re.compile(r"!\[([^\]\n]{0,300})\]\([^)\n]{0,500}\)"), r"\1"),
    (re.compile(r"\[([^\]\n]{1,300})\]\([^)\n]{0,500}\)"), r"\1"),
    (re.compile(r"(\*\*|__)(?=\S)([^\n]{1,300}?)(?<=\S)\1"), r"\2"),
    (re.compile(r"(?<![*\w])\*(?=\S)([^*\n]{1,300}?)(?<=\S)\*(?!\*)"), r"\1"),
    (re.compile(r"`([^`\n]{1,300})`"), r"\1"),
    (re.compile(r"<[^<>\n]{1,300}>"), ""),
)


def _plain(text: str) -> str:
    """Inline Markdown as its text: links, emphasis, code spans and images' alt text."""
    for pattern, repl in _INLINE:
        text = pattern.sub(repl, text)
    return text


def _split_row(line: str) -> tuple[str, ...]:
    line = line.strip()
    if line.startswith("|"):
        line = line[1:]
    if line.endswith("|") and not line.endswith("\\|"):
        line = line[:-1]
    cells = re.split(r"(?<!\\)\|", line)
    return tuple(c.strip().replace("\\|", "|").replace("\\\\", "\\") for c in cells)


def from_markdown(text: str, inline: bool = False) -> Document:
    """A document from Markdown: our own copies (`inline=False`, text exactly as written) or a
    file the user imports (`inline=True`: links, emphasis and code spans as their text)."""
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    blocks: list[Block] = []
    para: list[str] = []
    item: Block | None = None
    plain = _plain if inline else (lambda s: s)

    def end_paragraph() -> None:
        nonlocal item
        if item is not None:
            blocks.append(item)
            item = None
        if para:
            joined = join_soft("\n".join(para))
            if joined.startswith("\\") and not inline:
                joined = joined[1:]
            if joined:
                blocks.append(Block("paragraph", plain(joined)))
            para.clear()

    i = 0
    caption = ""
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            end_paragraph()
            i += 1
            continue
        if item is None and line[0] not in _MARKERS and not line.startswith("Table: "):
            para.append(line)  # text (most lines): nothing else can start here
            i += 1
            continue
        if para and not item and (m := _SETEXT.match(line)) and inline:
            level = 1 if m.group(1)[0] == "=" else 2
            title = join_soft("\n".join(para))
            para.clear()
            blocks.append(Block("heading", plain(title), level=level))
            i += 1
            continue
        if (m := _FENCE.match(line)) is not None and not para:
            end_paragraph()
            fence = m.group(1)
            body: list[str] = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence):
                body.append(lines[i].rstrip())
                i += 1
            i += 1
            code = "\n".join(body).strip("\n")
            if code.strip():
                blocks.append(Block("code", code))
            continue
        if line.startswith("\\") and not inline and not para and item is None:
            para.append(line)
            i += 1
            continue
        if (m := _ATX.match(line)) is not None:
            end_paragraph()
            title = (m.group(2) or "").strip()
            if title:
                blocks.append(Block("heading", plain(title), level=len(m.group(1))))
            i += 1
            continue
        if line.startswith("Table: ") and i + 2 < len(lines) and lines[i + 1].lstrip().startswith("|"):
            end_paragraph()
            caption = line[len("Table: ") :].strip()
            i += 1
            continue
        if line.lstrip().startswith("|") and i + 1 < len(lines) and _DELIMITER.match(lines[i + 1]) and not para:
            end_paragraph()
            rows = [_split_row(line)]
            i += 2
            while i < len(lines) and lines[i].lstrip().startswith("|"):
                rows.append(_split_row(lines[i]))
                i += 1
            width = max(len(r) for r in rows)
            if width > MAX_COLUMNS:
                blocks.extend(Block("paragraph", plain(join_soft(" ".join(r)))) for r in rows if "".join(r).strip())
                continue
            grid = tuple(tuple(plain(c) for c in r) + ("",) * (width - len(r)) for r in rows)
            blocks.append(Block("table", caption, rows=grid))
            caption = ""
            continue
        if inline and _RULE.match(line):
            end_paragraph()
            i += 1
            continue
        if (m := _QUOTE.match(line)) is not None:
            end_paragraph()
            quoted = [m.group(1)]
            i += 1
            while i < len(lines) and (q := _QUOTE.match(lines[i])) is not None and q.group(1).strip():
                quoted.append(q.group(1))
                i += 1
            joined = join_soft("\n".join(quoted))
            if joined:
                blocks.append(Block("quote", plain(joined)))
            continue
        if (m := _ITEM.match(line)) is not None and not para:
            end_paragraph()
            indent = len(m.group(1).replace("\t", "    "))
            mark = m.group(2)
            item = Block(
                "item", plain(join_soft(m.group(3))), level=indent // 2, mark="•" if mark in "-*+•" else mark[:-1] + "."
            )
            i += 1
            continue
        if item is not None:  # a continuation line of the item
            item = Block("item", join_soft(item.text + "\n" + plain(line)), item.level, item.mark)
            i += 1
            continue
        para.append(line)
        i += 1
    end_paragraph()
    first = blocks[0].text if blocks and blocks[0].kind == "heading" and blocks[0].level == 1 else None
    return Document(first, tuple(blocks))


# --- plain text ------------------------------------------------------------------------------

_CN = "一二三四五六七八九十百零〇两"
# 1. / 1.1 / 1.1.6. and a title: a dot at least (a bare "12 月" is a date, not a heading).
_DOTTED = re.compile(r"^(\d{1,3}\.(?:\d{1,3}\.?)*)[ \t\u3000]*([^\d.\s].*)$")
_CHAPTER = re.compile(rf"^第[{_CN}\d]+[章篇部卷回编]")
_SECTION_CN = re.compile(rf"^第[{_CN}\d]+节")
_CN_POINT = re.compile(rf"^[{_CN}]+、\S")
_CN_PAREN = re.compile(rf"^[(（][{_CN}]+[)）]\S")
_FINAL = re.compile(r"[。！？!?…；;：:.]['\"”’」』）)》]*$")
_PLAIN_ITEM = re.compile(r"^[ \t]*([-*+•·●○▪]|\d{1,3}[)）]|[a-z][)）])[ \t]+\S")
# A line that may be a heading or a list item (what the per-line reading below looks for).
_SPECIAL_LINE = re.compile(rf"^[ \t\u3000]*(\d|第|[{_CN}]+、|[(（]|[-*+•·●○▪]|[a-z][)）])")
_INDENT = re.compile(r"^(\u3000|[ \t\u00a0]{2,})")  # &nbsp; indents text made from HTML
HEADING_MAX = 40
# Hard-wrapped prose has most lines about as wide as its widest, between these (cells).
WRAP_MIN = 40
WRAP_MAX = 160


def _heading_level(line: str) -> int:
    """The level of a numbered heading line, 0 when it is not one."""
    text = line.strip()
    if not text or len(text) > HEADING_MAX or _FINAL.search(text) or "，" in text:
        return 0
    if (m := _DOTTED.match(text)) is not None and m.group(2).strip():
        return min(6, len(re.findall(r"\d+", m.group(1))))
    if _CHAPTER.match(text):
        return 1
    if _SECTION_CN.match(text):
        return 2
    if _CN_POINT.match(text):
        return 2
    if _CN_PAREN.match(text):
        return 3
    return 0


# East Asian wide and full-width characters, as unicodedata says W or F (CJK, kana, hangul, forms).
_WIDE = re.compile(
    "[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf\uac00-\ud7a3"
    "\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]"
)


def _cells(text: str) -> int:
    return len(text) + len(_WIDE.findall(text))


def _relevel(blocks: list[Block]) -> list[Block]:
    """Headings' levels made consecutive from 1, in the order the kinds are used."""
    used = sorted({b.level for b in blocks if b.kind == "heading"})
    rank = {level: n + 1 for n, level in enumerate(used)}
    return [Block("heading", b.text, rank[b.level]) if b.kind == "heading" else b for b in blocks]


def text_to_document(text: str, title: str | None = None) -> Document:
    """Plain text as a document. Hard-wrapped prose is re-flowed into paragraphs (a line runs
    on unless it ends a sentence and stops short of the wrap width); other lines (poems, one
    paragraph a line) are kept; numbered lines become headings; list items and indented code
    keep their lines."""
    blocks: list[Block] = []
    for chunk in _chunks(text):
        blocks.extend(_chunk_blocks(chunk))
    blocks = _toc_as_items(blocks)
    return Document(title, tuple(_relevel(blocks)))


def _chunks(text: str) -> Iterator[list[str]]:
    chunk: list[str] = []
    for line in text.split("\n"):
        if not line.strip() or line.strip() == "%":  # a fortune file's separator
            if chunk:
                yield chunk
            chunk = []
        else:
            chunk.append(line.rstrip())
    if chunk:
        yield chunk


def _is_code(chunk: list[str]) -> bool:
    return all(line.startswith(("    ", "\t")) for line in chunk) and all(ord(ch) < 0x2E80 for ch in "".join(chunk))


def _hard_wrapped(chunk: list[str]) -> float:
    """The width a chunk's lines were wrapped at, or 0 when they were not: most lines (but the
    last) come near the widest, and it is one a writer wraps at."""
    widths = [_cells(line.strip()) for line in chunk]
    widest = max(widths)
    if not WRAP_MIN <= widest <= WRAP_MAX:
        return 0
    if len(chunk) < 2 or (len(chunk) == 2 and _FINAL.search(chunk[0])):
        return 0  # two lines, the first a whole sentence: nothing says they were wrapped
    full = sum(1 for w in widths[:-1] if w >= 0.7 * widest)
    return widest if full >= 0.6 * (len(chunk) - 1) else 0


def _chunk_blocks(chunk: list[str]) -> list[Block]:
    if _is_code(chunk):
        indent = min(len(line) - len(line.lstrip()) for line in chunk)
        return [Block("code", "\n".join(line[indent:] for line in chunk))]
    width = _hard_wrapped(chunk)
    out: list[Block] = []
    para: list[str] = []
    if not width and not any(_SPECIAL_LINE.match(line) for line in chunk):
        # Lines that are not wrapped and hold no heading or item: a paragraph each (most text).
        return [Block("paragraph", text) for line in chunk if (text := join_soft(line))]

    def end() -> None:
        if para:
            out.append(Block("paragraph", join_soft("\n".join(para))))
            para.clear()

    for n, line in enumerate(chunk):
        stripped = line.strip(" \t\u3000\u00a0")
        if (level := _heading_level(stripped)) and not para:
            out.append(Block("heading", stripped, level=level))
            continue
        if (m := _PLAIN_ITEM.match(line)) is not None:
            end()
            mark = m.group(1)
            body = stripped[len(mark) :].strip()
            out.append(Block("item", body, mark="•" if not mark[0].isalnum() else mark.rstrip(")）") + "."))
            continue
        if width and out and out[-1].kind == "item" and not para and line.startswith((" ", "\t")):
            last = out.pop()  # an item's wrapped lines, indented under it
            out.append(Block("item", join_soft(last.text + "\n" + stripped), last.level, last.mark))
            continue
        if para and n and _INDENT.match(line) and not _INDENT.match(chunk[n - 1]):
            end()  # an indented line after an unindented one starts a paragraph
        para.append(stripped)
        # A sentence end where the line stops short of the wrap ends the paragraph.
        if not width or (_FINAL.search(stripped) and _cells(stripped) < 0.8 * width):
            end()
    end()
    return out


def _toc_as_items(blocks: list[Block]) -> list[Block]:
    """Four numbered lines or more in a row with no text between are a table of contents."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        j = i
        while j < len(blocks) and blocks[j].kind == "heading":
            j += 1
        if j - i >= 4:
            out.extend(Block("item", b.text, level=0, mark="") for b in blocks[i:j])
            i = j
        else:
            out.append(blocks[i])
            i += 1
    return out


# --- the reading text ------------------------------------------------------------------------

EMPTY_CELL = "—"  # an empty table cell still takes its line, so the table keeps its shape


def _any_rule() -> re.Pattern[str]:
    from tui.core.text.cleaning import RULES

    return re.compile("|".join(f"(?:{r.pattern.pattern})" for r in RULES))


_ANY_RULE = _any_rule()  # one search a line finds whether any cleaning rule applies


def document_text(doc: Document) -> Cleaned:
    """The reading text of a document, one line per heading, paragraph, list item, code line or
    table cell, with where each block lies. Page furniture (cleaning's rules) is left out."""
    from tui.core.text.cleaning import BlockSpan, Cleaned, Removal, furniture

    lines: list[str] = []
    spans: list[tuple[int, int]] = []
    blocks: list[BlockSpan] = []
    removals: list[Removal] = []
    pos = 0
    seen: set[str] = set()

    def add(line: str) -> tuple[int, int]:
        nonlocal pos
        start = pos + 1 if lines else pos
        pos = start + len(line)
        lines.append(line)
        spans.append((start, pos))
        return (start, pos)

    for n, b in enumerate(doc.blocks):
        if b.kind == "code":
            code = [line.expandtabs(4).rstrip() for line in b.text.split("\n") if line.strip()]
            if code:
                first = add(code[0])
                for line in code[1:]:
                    add(line)
                blocks.append(BlockSpan("code", first[0], pos))
            continue
        if b.kind == "table":
            rows = [r for r in b.rows if any(c.strip() for c in r)]
            columns = max((len(r) for r in rows), default=0)
            if not columns:
                continue
            first_at = pos + (1 if lines else 0)
            if b.text:
                add(b.text)
            for row in rows:
                for c in range(columns):
                    cell = row[c].strip() if c < len(row) else ""
                    add(cell or EMPTY_CELL)
            blocks.append(BlockSpan("table", first_at, pos, columns=columns, rows=len(rows) - 1, titled=bool(b.text)))
            continue
        line = b.text.strip()
        if not line:
            continue
        rule = furniture(line) if _ANY_RULE.search(line) else None
        if rule is not None and rule.action == "rest":
            removals.extend(Removal(k, rule.name, x.text) for k, x in enumerate(doc.blocks[n:], n))
            break
        if rule is not None and rule.action == "drop":
            removals.append(Removal(n, rule.name, line))
            continue
        if rule is not None:  # strip
            line = rule.pattern.sub("", line, count=1).strip()
            if not line:
                continue
        if b.kind in ("paragraph", "quote") and len(line) >= 12 and line in seen:
            removals.append(Removal(n, "repeated-line", line))
            continue
        seen.add(line)
        if b.kind == "item":  # nested items indented, two spaces a level
            line = "  " * min(b.level, 8) + (f"{b.mark} {line}" if b.mark else line)
        span = add(line)
        blocks.append(BlockSpan(b.kind, span[0], span[1], level=b.level))
    return Cleaned("\n".join(lines), tuple(spans), tuple(removals), tuple(blocks))


def clean_document(markdown: str) -> Cleaned:
    """The reading text of a library copy kept as Markdown."""
    return document_text(from_markdown(markdown))


# --- man pages (troff source) ------------------------------------------------------------------

_TROFF_ESCAPES = (
    (re.compile(r'\\".*$'), ""),  # a comment
    (re.compile(r"\\f(\[[^\]]*\]|\(..|.)"), ""),  # font changes
    (re.compile(r"\\s[+-]?\d+"), ""),  # size changes
    (re.compile(r"\\\*(\[[^\]]*\]|\(..|.)"), ""),  # strings
    (re.compile(r"\\[nN](\[[^\]]*\]|\(..|.)"), ""),  # registers
    (re.compile(r"\\\((em|en)"), "—"),
    (re.compile(r"\\\(bu"), "•"),
    (re.compile(r"\\\((lq|rq|dq)"), '"'),
    (re.compile(r"\\\((oq|cq|aq)"), "'"),
    (re.compile(r"\\\(co"), "©"),
    (re.compile(r"\\\(..|\\\[[^\]]*\]"), ""),
    (re.compile(r"\\[&^|c%,/:)]"), ""),  # zero-width: italic corrections, optional break
    (re.compile(r"\\[~0 ]"), " "),  # fixed-width spaces
    (re.compile(r"\\[-e\\]"), lambda m: "\\" if m.group(0)[1] in "e\\" else "-"),
    (re.compile(r"\\(.)"), r"\1"),
)


def _troff_inline(line: str) -> str:
    for pattern, repl in _TROFF_ESCAPES:
        line = pattern.sub(repl, line)
    return line


def _troff_args(rest: str) -> list[str]:
    return [a[1:-1] if a.startswith('"') else a for a in re.findall(r'"[^"]*"?|\S+', rest)]


def man_to_document(source: str) -> Document:
    """A man page's troff source as a document: .SH and .SS headings, paragraphs joined, .nf
    blocks kept as code, .TP/.IP tags their own lines; other requests are left out."""
    blocks: list[Block] = []
    para: list[str] = []
    code: list[str] | None = None
    title: str | None = None
    defining = False
    tag_next = False

    def end() -> None:
        if para:
            text = join_soft("\n".join(para))
            if text:
                blocks.append(Block("paragraph", text))
            para.clear()

    for raw in source.split("\n"):
        if defining:
            defining = raw.strip() != ".."
            continue
        if raw.startswith(('.\\"', "'\\\"", '.\\"')) or raw.strip() in (".", "'"):
            continue
        if raw.startswith((".", "'")):
            request, _, rest = raw[1:].strip().partition(" ")
            args = _troff_args(_troff_inline(rest))
            if request in ("de", "de1", "am", "ig"):
                defining = True
            elif request == "TH" and args:
                title = f"{args[0]}({args[1]})" if len(args) > 1 else args[0]
            elif request in ("SH", "SS", "Sh", "Ss"):
                end()
                if args:
                    level = (1 if request in ("SH", "Sh") else 2) + (title is not None)
                    blocks.append(Block("heading", " ".join(args), level=level))
            elif request == "nf":
                end()
                code = []
            elif request == "fi" and code is not None:
                if any(line.strip() for line in code):
                    blocks.append(Block("code", "\n".join(code).strip("\n")))
                code = None
            elif request in ("PP", "P", "LP", "sp", "br", "HP", "RS", "RE", "Pp"):
                end()
            elif request == "TP":
                end()
                tag_next = True
            elif request in ("IP", "It"):
                end()
                if args and args[0].strip():
                    blocks.append(Block("paragraph", args[0].strip()))
            elif request in ("B", "I", "SM", "SB", "Nm", "Ar", "Fl", "Cm"):
                (code if code is not None else para).append(" ".join(args))
            elif request in ("BR", "RB", "IR", "RI", "BI", "IB"):
                (code if code is not None else para).append("".join(args))
            continue
        line = _troff_inline(raw)
        if code is not None:
            code.append(line.rstrip())
        elif tag_next:
            tag_next = False
            if line.strip():
                blocks.append(Block("paragraph", join_soft(line)))
        else:
            para.append(line)
    end()
    if code:
        blocks.append(Block("code", "\n".join(code).strip("\n")))
    return Document(title, tuple(blocks))


# A rendered page's section title: at the margin, short, no sentence in it (名称, DESCRIPTION).
_MAN_HEADING = re.compile(r"^[^\s].{0,39}$")


def rendered_man_to_document(text: str) -> Document:
    """A man page as `man` prints it (col -b): titles at the margin, text indented and wrapped.
    The first line (`LS(1)  User Commands  LS(1)`) is the title; its last one is dropped."""
    lines = text.rstrip("\n").split("\n")
    title = re.split(r"\s{2,}", lines[0].strip())[0] if lines and lines[0].strip() else None
    body = lines[1:]
    if body and title and body[-1].strip().endswith(title):
        body = body[:-1]  # the footer repeats the title
    blocks: list[Block] = []
    section: list[str] = []

    def end() -> None:
        indent = min((len(x) - len(x.lstrip()) for x in section if x.strip()), default=0)
        blocks.extend(text_to_document("\n".join(x[indent:] for x in section)).blocks)
        section.clear()

    for line in body:
        if line.strip() and _MAN_HEADING.match(line) and not _FINAL.search(line):
            end()
            blocks.append(Block("heading", line.strip(), level=2))
        else:
            section.append(line)
    end()
    return Document(title, tuple(blocks))
