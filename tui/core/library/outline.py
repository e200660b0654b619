"""Outline: sections detected from the text's own structure, tables, and key claims.

Claims are ranked per section. The score of a sentence is its TextRank centrality
(sentences linked by shared content words, on the Simplified form), plus bonuses:
cue phrases that introduce an argument (指出, 认为, 强调, 表明, 总的来看, ...),
density of glossary terms, and being the first sentence of its section.
Sentences repeated word for word count once.
"""

from __future__ import annotations

import dataclasses
import math
import re
import types
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, Literal

from tui.core.jsonable import NOT_IN_JSON, json_as, to_json
from tui.core.library.articles import Article
from tui.core.text.analysis import KINDS, Analysis, Analyzer, PackedTokens, Words
from tui.core.text.tokens import HAN, Token

CUES = ("指出", "认为", "强调", "表明", "本质上", "总的来看", "由此看来", "根本原因", "显然", "意味着", "关键", "核心")
SPEECH_VERBS = ("指出", "认为", "强调", "表示", "提醒称", "预计", "称", "说", "坦言", "提出")
SPEAKER_CATEGORIES = ("person", "organization", "country-region")

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
# untitled opening, or the front matter (摘要, 关键词).
SectionKind = Literal["plain", "numbered", "branch", "untitled", "front"]


@dataclass
class Claim:
    text: str
    start: int
    end: int
    score: float = field(metadata=json_as(lambda score: round(score, 4)))
    speaker: str | None = None
    speaker_term: str | None = None


@dataclass
class Section:
    title: str
    level: int
    start: int  # of the heading line (or of the first body line when untitled)
    end: int
    kind: SectionKind = field(default="plain", metadata=NOT_IN_JSON)
    claims: list[Claim] = field(default_factory=list)
    children: list[Section] = field(default_factory=list)
    # its own lines, not its children's
    body: list[tuple[int, int]] = field(default_factory=list, metadata=NOT_IN_JSON)

    def walk(self) -> list[Section]:
        return [self, *(s for c in self.children for s in c.walk())]


@dataclass
class Table:
    title: str
    start: int
    end: int
    columns: list[str]
    rows: list[list[str]]
    source: str | None


@dataclass
class Outline:
    article: str
    title: str
    sections: list[Section]
    tables: list[Table]
    front_matter: list[Section]

    def all_sections(self) -> list[Section]:
        return [s for top in self.sections for s in top.walk()]


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


# --- claims -------------------------------------------------------------------------------------


# What the outline reads of an analysis: words and glossary matches, never the pinyin.
Segmented = Analysis | Words


def _sentence_words(analysis: Segmented, spans: list[tuple[int, int]]) -> list[set[str]]:
    """The Han words of more than one character that start in each span (spans sorted, disjoint)."""
    simplified = analysis.simplified
    starts, ends = _long_han_words(analysis.tokens)
    words: list[set[str]] = []
    lo = 0
    for s, e in spans:
        lo = bisect_left(starts, s, lo)
        hi = bisect_left(starts, e, lo)
        words.append({simplified[a:b] for a, b in zip(starts[lo:hi], ends[lo:hi])})
        lo = hi
    return words


def _long_han_words(tokens: Sequence[Token]) -> tuple[list[int], list[int]]:
    """Starts and ends of the Han tokens of more than one character, in order."""
    if not isinstance(tokens, PackedTokens):
        han = [(t.start, t.end) for t in tokens if t.kind == HAN and t.end - t.start > 1]
        return [s for s, _ in han], [e for _, e in han]
    import numpy as np

    # From the packed arrays at once: no Token object for each of a long text's 800k tokens.
    ends = np.frombuffer(tokens.ends, dtype=f"u{tokens.ends.itemsize}").astype(np.int64)
    starts = np.concatenate((np.zeros(1, dtype=np.int64), ends[:-1]))
    kinds = np.frombuffer(tokens.kinds, dtype=np.uint8)
    keep = (kinds == KINDS.index(HAN)) & (ends - starts > 1)
    return starts[keep].tolist(), ends[keep].tolist()


# Sentences are ranked in windows of at most this many consecutive sentences: the
# graph inside a window is dense (a word like 日本 links nearly every sentence), so
# a window costs RANK_WINDOW² cells and the whole text grows linearly. Every seed
# fits in one window, so its ranking is the full graph's.
RANK_WINDOW = 500
COMMON_SHARE = 0.1


def textrank(words: list[set[str]], iterations: int = 30, damping: float = 0.85) -> list[float]:
    """TextRank centrality, each window normalised to its best sentence."""
    n = len(words)
    if n == 0:
        return []
    windows = math.ceil(n / RANK_WINDOW)
    size = math.ceil(n / windows)
    # Past one window, words found in a large share of a window's sentences (日本 in an
    # article about Japan) link nearly everything and say little: they are left out.
    share = COMMON_SHARE if windows > 1 else 1.0
    out: list[float] = []
    for lo in range(0, n, size):
        out.extend(_textrank_window(words[lo : lo + size], iterations, damping, share))
    return out


def _textrank_window(words: list[set[str]], iterations: int, damping: float, share: float = 1.0) -> list[float]:
    import numpy as np

    n = len(words)
    postings: dict[str, list[int]] = {}
    for i, bag in enumerate(words):
        for w in bag:
            postings.setdefault(w, []).append(i)
    # Shared word counts: each word found in two sentences or more adds one to every pair of
    # them. The pairs of all words are made at once and counted by bincount (a block added
    # per word cost a numpy call for each of a window's thousands of words).
    common = share * n
    kept = [found for found in postings.values() if 1 < len(found) and (share >= 1.0 or len(found) <= common)]
    members = np.array([i for found in kept for i in found], dtype=np.intp)
    sizes = np.array([len(found) for found in kept], dtype=np.intp)
    firsts = np.cumsum(sizes) - sizes  # where each word's sentences start in `members`
    squares = sizes * sizes
    pair = np.arange(int(squares.sum()), dtype=np.intp) - np.repeat(np.cumsum(squares) - squares, squares)
    size_of = np.repeat(sizes, squares)
    first_of = np.repeat(firsts, squares)
    rows = members[first_of + pair // size_of]
    cols = members[first_of + pair % size_of]
    shared = np.bincount(rows * n + cols, minlength=n * n).reshape(n, n).astype(np.float64)
    np.fill_diagonal(shared, 0.0)
    src, dst = np.nonzero(shared)  # edges j -> i, both ways: the graph is symmetric
    counts = shared[src, dst]
    del shared
    logs = np.log(np.array([len(b) for b in words], dtype=np.float64) + 1.0)
    denom = logs[src] + logs[dst]
    weights = np.divide(counts, denom, out=np.zeros_like(counts), where=denom > 0)
    totals = np.bincount(src, weights=weights, minlength=n)
    # Each sentence passes its score to its neighbours in proportion to the edge weights.
    # Sums by bincount, not a BLAS product: BLAS threads spin on a loaded machine.
    passed = np.divide(weights, totals[src], out=np.zeros_like(weights), where=totals[src] > 0)
    score: Any = np.ones(n, dtype=np.float64)
    for _ in range(iterations):
        score = (1 - damping) + damping * np.bincount(dst, weights=passed * score[src], minlength=n)
    top = float(score.max()) or 1.0
    return [float(x) / top for x in score]


def _speaker(
    article: Article, analysis: Segmented, start: int, end: int, glossary_starts: list[int] | None = None
) -> tuple[str | None, str | None]:
    text = analysis.simplified
    matches = analysis.glossary
    starts = glossary_starts if glossary_starts is not None else [m.start for m in matches]
    for k in range(bisect_left(starts, start), len(matches)):
        m = matches[k]
        if m.start >= end:
            break
        if m.end >= end or m.entry.category not in SPEAKER_CATEGORIES:
            continue
        after = re.sub(r"^[也还则曾亦]", "", text[m.end : m.end + 4])
        if any(after.startswith(v) for v in SPEECH_VERBS):
            return article.text[m.start : m.end], m.entry.term
    return None, None


def sentences_by_section(sentences: list[tuple[int, int]], sections: list[Section]) -> list[list[tuple[int, int, int]]]:
    """For each section, its own sentences (index, start, end): those inside one of its body lines.

    Body lines of different sections never overlap, so one sorted list of them and a
    bisect per sentence replace the scan of sections × sentences × lines.
    """
    lines = sorted((bs, be, n) for n, sec in enumerate(sections) for bs, be in sec.body)
    line_starts = [bs for bs, _, _ in lines]
    own: list[list[tuple[int, int, int]]] = [[] for _ in sections]
    for k, (s, e) in enumerate(sentences):
        i = bisect_right(line_starts, s) - 1
        if i >= 0 and e <= lines[i][1]:
            own[lines[i][2]].append((k, s, e))
    return own


def rank_claims(article: Article, analysis: Segmented, sections: list[Section], per_section: int) -> None:
    sentences = [(s, e) for s, e in article.sentences if e - s >= 8]
    words = _sentence_words(analysis, sentences)
    central = textrank(words)
    glossary_starts = [m.start for m in analysis.glossary]  # matches are sorted by start
    seen: set[str] = set()
    for section, own in zip(sections, sentences_by_section(sentences, sections)):
        scored = []
        for rank, (k, s, e) in enumerate(own):
            simplified = analysis.simplified[s:e]
            terms = bisect_left(glossary_starts, e) - bisect_left(glossary_starts, s)
            score = central[k]
            score += 0.3 * sum(1 for c in CUES if c in simplified)
            score += 0.1 * min(terms, 5) / max(1, (e - s) / 20)
            score += 0.2 if rank == 0 else 0.0
            scored.append((score, s, e))
        scored.sort(key=lambda x: -x[0])
        chosen = []
        for score, s, e in scored:
            key = article.text[s:e]
            if key in seen:
                continue
            seen.add(key)
            speaker, term = _speaker(article, analysis, s, e, glossary_starts)
            chosen.append(Claim(article.text[s:e], s, e, score, speaker, term))
            if len(chosen) == per_section:
                break
        section.claims = sorted(chosen, key=lambda c: c.start)


def build_outline(article: Article, analysis: Segmented, claims: int = 3) -> Outline:
    sections, tables, front = detect_sections(article)
    flat = [s for top in sections for s in top.walk()]
    rank_claims(article, analysis, flat, claims)
    return Outline(article.id, article.title, sections, tables, front)


# 2: the cache holds the whole Outline (section kinds and bodies too), for the typed value.
# 3: documents' sections come from their headings, tables from their table blocks.
OUTLINE_VERSION = "3"


def outline(
    article: Article, claims: int = 3, analyzer: Analyzer | None = None, analysis: Analysis | None = None
) -> Outline:
    """The article's outline, cached on disk per content, analyser and claim count.

    `analysis`, when the caller has it, is the article's analysis by that analyser."""
    import json

    from tui.store import blobs

    az = analyzer or Analyzer()
    key = f"outline:{OUTLINE_VERSION}:{article.content_hash}:{az.fingerprint}:{claims}"
    cached = blobs.get(key)
    if cached is not None:
        try:
            return _outline_from(json.loads(cached))
        except (ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError):
            pass  # a damaged or crafted row (the cache is data, never trusted): made again
    # Without an analysis, the words alone: segmentation without pinyin is most of the cost
    # saved, and the analysis run later reads these words instead of segmenting again.
    words: Segmented = az.words(article.text) if analysis is None or analysis.provisional else analysis
    found = build_outline(article, words, claims)
    # ASCII escapes keep a file name's undecodable bytes (lone surrogates) storable.
    blobs.put(key, json.dumps(dataclasses.asdict(found)).encode("ascii"))
    return found


def outline_json(
    article: Article, claims: int = 3, analyzer: Analyzer | None = None, analysis: Analysis | None = None
) -> dict[str, object]:
    """The outline as the CLI's JSON data."""
    data: dict[str, object] = to_json(outline(article, claims, analyzer, analysis))
    return data


def _section_from(data: dict[str, Any]) -> Section:
    return Section(
        data["title"],
        data["level"],
        data["start"],
        data["end"],
        data["kind"],
        [Claim(**c) for c in data["claims"]],
        [_section_from(c) for c in data["children"]],
        [(s, e) for s, e in data["body"]],
    )


def _conforms(value: Any, hint: Any, depth: int = 0) -> bool:
    """Whether JSON data matches a type of these dataclasses' fields, as `dataclasses.asdict` wrote it."""
    import typing

    if depth > 200:
        return False
    origin, args = typing.get_origin(hint), typing.get_args(hint)
    if dataclasses.is_dataclass(hint):
        hints = typing.get_type_hints(hint)
        return (
            isinstance(value, dict)
            and set(value) == set(hints)
            and all(_conforms(value[k], h, depth + 1) for k, h in hints.items())
        )
    if origin is typing.Literal:
        return value in args
    if origin in (typing.Union, types.UnionType):
        return any(_conforms(value, a, depth + 1) for a in args)
    if origin is list:
        return isinstance(value, list) and all(_conforms(v, args[0], depth + 1) for v in value)
    if origin is tuple:  # a tuple comes back from JSON as a list
        return (
            isinstance(value, list)
            and len(value) == len(args)
            and all(_conforms(v, a, depth + 1) for v, a in zip(value, args, strict=True))
        )
    if hint is float:
        return type(value) in (int, float)
    if hint is type(None):
        return value is None
    return type(value) is hint


def _outline_from(data: dict[str, Any]) -> Outline:
    """An Outline from its cached form (`dataclasses.asdict`, through JSON), or ValueError when
    the data is not that form (the cache is data, never trusted)."""
    if not _conforms(data, Outline):
        raise ValueError("not a cached outline")
    return Outline(
        data["article"],
        data["title"],
        [_section_from(s) for s in data["sections"]],
        [Table(**t) for t in data["tables"]],
        [_section_from(s) for s in data["front_matter"]],
    )


def heading_spans(outline: Outline, article: Article) -> list[tuple[int, int, int]]:
    """(start, end, level) of each heading line the outline found, and of a first line that is the
    title (level 0), so the reader can draw headings as headings."""
    text = article.text
    spans: list[tuple[int, int, int]] = []
    first = text.split("\n", 1)[0]
    if first.strip() and first.strip() == article.title.strip():
        spans.append((0, len(first), 0))
    for s in outline.all_sections():
        if s.title and text.startswith(s.title, s.start):  # a titled section starts at its heading line
            spans.append((s.start, s.start + len(s.title), s.level))
    return sorted(set(spans))
