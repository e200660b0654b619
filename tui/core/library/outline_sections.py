"""An article's sections and tables, found from the text's own structure: a document's headings
and table blocks, else numbered points, news-style short headings or a mind map's branches."""

from __future__ import annotations

import re

from tui.core.library.articles import Article
from tui.core.library.outline import Section, SectionKind, Table

_CN_NUM = "一二三四五六七八九十"
_LEVEL1 = re.compile(rf"^[{_CN_NUM}]+、")
_LEVEL2 = re.compile(rf"^[(（][{_CN_NUM}]+[)）]")
_NUMBERED = re.compile(
    rf"^(\d+[、.．](?!\d)|第[{_CN_NUM}]+[,，、]|[{_CN_NUM}]是|其[{_CN_NUM}][,，、]?|首先[,，]|其次[,，]|再次[,，])"
)
_FRONT = re.compile(r"^(摘\s*要|關鍵詞|关键词|關鍵字|关键字)\s*[:：]")
_TABLE = re.compile(r"^表\s*\d+\s+\S")
_TABLE_SOURCE = re.compile(r"^(資料來源|资料来源|来源|來源)\s*[:：]")
_DATE_CELL = re.compile(r"^\d{1,4}(年|月)")
_SENTENCE_PUNCT = re.compile(r"[，,。；;！？!?：:]")
HEADING_MAX = 20
# How a section was found: its own heading line, a numbered point, a branch of a list, the

# --- structure ------------------------------------------------------------------------------


def _lines(article: Article) -> list[tuple[int, int, str]]:
    return [(s, e, article.text[s:e]) for s, e in article.paragraphs]


def _is_short_heading(line: str) -> bool:
    return 0 < len(line) <= HEADING_MAX and not _SENTENCE_PUNCT.search(line) and not line.startswith(("(", "（"))


def _find_tables(lines: list[tuple[int, int, str]]) -> tuple[list[Table], set[int]]:
    """Tables laid out one cell per line, from a 表N caption to their 資料來源 line."""
    tables: list[Table] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        if not _TABLE.match(lines[i][2]):
            i += 1
            continue
        j = i + 1
        cells: list[str] = []
        source = None
        while j < len(lines) and len(lines[j][2]) <= 80 and not _TABLE_SOURCE.match(lines[j][2]):
            cells.append(lines[j][2])
            j += 1
        if j < len(lines) and _TABLE_SOURCE.match(lines[j][2]):
            source = lines[j][2]
        else:
            j -= 1
        header = next((k for k, c in enumerate(cells) if _DATE_CELL.match(c)), 0)
        width = header or 1
        columns = cells[:header]
        body = cells[header:]
        rows = [body[k : k + width] for k in range(0, len(body), width)]
        tables.append(
            Table(
                title=lines[i][2],
                start=lines[i][0],
                end=lines[j][1],
                columns=columns,
                rows=rows,
                source=source,
            )
        )
        used.update(range(i, j + 1))
        i = j + 1
    return tables, used


def _mind_map_branches(title: str) -> list[str]:
    parts = re.split(r"[—–-]+", title, maxsplit=1)
    if len(parts) < 2:
        return []
    return [parts[0].strip(), *(p.strip() for p in re.split(r"[、,，]", parts[1]) if p.strip())]


def _is_mind_map(lines: list[tuple[int, int, str]]) -> bool:
    if len(lines) < 20:
        return False
    unpunctuated = sum(1 for _, _, t in lines if not re.search(r"[。！？!?]$", t))
    return unpunctuated / len(lines) > 0.6


def detect_sections(article: Article) -> tuple[list[Section], list[Table], list[Section]]:
    if article.cleaned.blocks:
        sections, tables = _document_sections(article)
        _close(sections, len(article.text))
        return sections, tables, []
    lines = _lines(article)
    tables, table_lines = _find_tables(lines)
    numbered = sum(1 for _, _, t in lines if _LEVEL1.match(t)) >= 2
    if numbered:
        sections, front = _numbered_sections(lines, table_lines)
    elif _is_mind_map(lines):
        sections, front = _mind_map_sections(lines), []
    else:
        sections, front = _news_sections(lines), []
    end = len(article.text)
    _close(sections, end)
    _close(front, end)
    return sections, tables, front


# The blocks whose sentences are claims: never headings, code or tables.
PROSE_BLOCKS = ("paragraph", "item", "quote")


def _document_sections(article: Article) -> tuple[list[Section], list[Table]]:
    """A document's sections are its headings, nested by level; its tables are its table blocks."""
    text = article.text
    top: list[Section] = []
    tables: list[Table] = []
    opening = Section("", 1, 0, 0, kind="untitled")
    stack: list[Section] = []
    lines = article.paragraphs
    for block in article.cleaned.blocks:
        if block.kind == "heading":
            sec = Section(text[block.start : block.end], block.level, block.start, block.end)
            while stack and stack[-1].level >= block.level:
                stack.pop()
            (stack[-1].children if stack else top).append(sec)
            stack.append(sec)
        elif block.kind in PROSE_BLOCKS:
            owner = stack[-1] if stack else opening
            if not owner.body and owner is opening:
                opening.start = block.start
            owner.body.append((block.start, block.end))
        elif block.kind == "table":
            cells = [text[s:e] for s, e in lines if block.start <= s and e <= block.end]
            title = cells.pop(0) if block.titled else ""
            columns = cells[: block.columns]
            body = cells[block.columns :]
            rows = [body[k : k + block.columns] for k in range(0, len(body), block.columns)]
            tables.append(Table(title, block.start, block.end, columns, rows, None))
    if opening.body:
        top.insert(0, opening)
    return top, tables


def _close(sections: list[Section], end: int) -> None:
    """Set each section's end to the start of the next one at the same or a higher level."""
    open_: list[Section] = []  # sections still waiting for their end, levels increasing
    for sec in (s for top in sections for s in top.walk()):
        while open_ and open_[-1].level >= sec.level:
            open_.pop().end = sec.start
        open_.append(sec)
    for sec in open_:
        sec.end = end


def _numbered_sections(lines: list[tuple[int, int, str]], skip: set[int]) -> tuple[list[Section], list[Section]]:
    top: list[Section] = []
    front: list[Section] = []
    opening = Section("", 1, lines[0][0] if lines else 0, 0, kind="untitled")
    current: Section = opening
    parent: Section | None = None
    for n, (s, e, text) in enumerate(lines):
        if n in skip:
            continue
        if _LEVEL1.match(text):
            current = Section(text, 1, s, e, kind="numbered")
            top.append(current)
            parent = current
        elif _LEVEL2.match(text) and len(text) <= 40 and not text.endswith("。") and parent is not None:
            current = Section(text, 2, s, e, kind="numbered")
            parent.children.append(current)
        elif m := _FRONT.match(text):
            sec = Section(m.group(1).replace(" ", ""), 1, s, e, kind="front")
            sec.body.append((s, e))
            front.append(sec)
        else:
            current.body.append((s, e))
    if opening.body:
        front.insert(0, opening)
    return top, front


def _news_sections(lines: list[tuple[int, int, str]]) -> list[Section]:
    sections: list[Section] = []
    current = Section("", 1, lines[0][0] if lines else 0, 0, kind="untitled")
    sections.append(current)
    for n, (s, e, text) in enumerate(lines):
        previous_is_body = n > 0 and not _is_short_heading(lines[n - 1][2])
        if n > 0 and _is_short_heading(text) and previous_is_body and len(text) <= 12:
            current = Section(text, 1, s, e)
            sections.append(current)
        else:
            current.body.append((s, e))
    if not sections[0].body and len(sections) > 1:
        sections.pop(0)
    return sections


def _share_suffix(a: str, b: str) -> bool:
    return len(a) >= 2 and len(b) >= 2 and a[-2:] == b[-2:]


def _mind_map_sections(lines: list[tuple[int, int, str]]) -> list[Section]:
    """Nodes of a flattened mind map. The title names the main branches; a node right
    after a node is its child; after body text, a node is a sibling of the last one,
    numbered points stay among themselves, and a deep run of alike nodes ends when
    an unlike one comes."""
    branches = _mind_map_branches(lines[0][2]) if lines else []
    unused = list(branches)
    top: list[Section] = []
    opening = Section("", 1, lines[1][0] if len(lines) > 1 else 0, 0, kind="untitled")
    stack: list[Section] = []
    after_heading = False
    for s, e, text in lines[1:]:
        branch = next((b for b in unused if text.startswith(b) and _is_short_heading(text)), None)
        marker = _NUMBERED.match(text)
        is_numbered = marker is not None and not _SENTENCE_PUNCT.search(text[marker.end() :]) and len(text) <= 32
        if branch is not None:
            unused.remove(branch)
            sec = Section(text, 1, s, e, kind="branch")
            top.append(sec)
            stack = [sec]
            after_heading = True
            continue
        if not (is_numbered or _is_short_heading(text)) or not stack:
            (stack[-1] if stack else opening).body.append((s, e))
            after_heading = False
            continue
        kind: SectionKind = "numbered" if is_numbered else "plain"
        last = stack[-1]
        if kind == "numbered" and last.kind == "numbered":
            stack.pop()
        elif after_heading or last.kind == "branch":
            pass  # child of the last node
        elif kind == "numbered":
            pass  # a numbered list starts under the last node
        else:
            while stack[-1].kind == "numbered" and len(stack) > 1:
                stack.pop()
            last = stack[-1]
            depth = len(stack)
            if last is not stack[0] and last.kind != "branch":
                stack.pop()
                if depth >= 3 and not _share_suffix(last.title, text) and stack[-1].kind != "branch":
                    stack.pop()
        parent = stack[-1]
        sec = Section(text, parent.level + 1, s, e, kind=kind)
        parent.children.append(sec)
        stack.append(sec)
        after_heading = True
    if opening.body:
        top.insert(0, opening)
    return top
