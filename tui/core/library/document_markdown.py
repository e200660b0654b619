"""The library's Markdown copy of a document: written by `to_markdown`, read back by
`from_markdown`, and its reading text (`clean_document`)."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from tui.core.text.cleaning import Cleaned
from tui.core.library.document import MAX_COLUMNS, Block, Document, document_text, join_soft

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


def clean_document(markdown: str) -> Cleaned:
    """The reading text of a library copy kept as Markdown."""
    return document_text(from_markdown(markdown))
