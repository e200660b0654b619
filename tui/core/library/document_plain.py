"""Reading plain text and man pages into a document: soft-wrapped lines joined into paragraphs,
headings and list items recognised by their shape, troff's requests read as blocks."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    pass
from tui.core.library.document import Block, Document, join_soft

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
