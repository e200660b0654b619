"""Documents: what import makes of a file, whatever its format, as blocks with their kind.

A block is a heading (with its level), a paragraph (soft line breaks joined), a list item,
a table (rows of cells), preformatted code or a quote. The library keeps a document as
Markdown (`to_markdown`, read back by `from_markdown`), and the reading text, the outline's
sections and tables, and the reader's drawing all come from its blocks (`document_text`).
This module is the model and the rules the readers share; the readers are document_html,
document_markdown (also the library's copy) and document_plain (plain text, man pages).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
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


MAX_COLUMNS = 64  # wider is no table a reader can read: its cells are taken as paragraphs

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
