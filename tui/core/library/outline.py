"""Outline: an article's sections and tables (outline_sections.py) and key claims per section
(outline_claims.py), built once and cached on disk per content, analyser and claim count.
"""

from __future__ import annotations

import dataclasses
import json
import types
from dataclasses import dataclass, field
from typing import Any, Literal

from tui.core.jsonable import NOT_IN_JSON, json_as, to_json
from tui.core.library.articles import Article
from tui.core.lru import LRU
from tui.core.text.analysis import Analysis, Analyzer, Words

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


# What the outline reads of an analysis: words and glossary matches, never the pinyin.
Segmented = Analysis | Words


def build_outline(article: Article, analysis: Segmented, claims: int = 3) -> Outline:
    # Imported here: both modules build on the dataclasses above.
    from tui.core.library.outline_claims import rank_claims
    from tui.core.library.outline_sections import detect_sections

    sections, tables, front = detect_sections(article)
    flat = [s for top in sections for s in top.walk()]
    rank_claims(article, analysis, flat, claims)
    return Outline(article.id, article.title, sections, tables, front)


# 2: the cache holds the whole Outline (section kinds and bodies too), for the typed value.
# 3: documents' sections come from their headings, tables from their table blocks.
OUTLINE_VERSION = "3"


# Outlines made or read in this process, as their cached JSON (each caller gets objects of its
# own: an Outline is mutable), by cache key: an article reopened has its outline at once.
KEPT_OUTLINE_BYTES = 4_000_000
_kept: LRU[str, bytes] = LRU(weigh=lambda _, data: len(data), max_weight=KEPT_OUTLINE_BYTES)


def forget_kept() -> None:
    """Forget the outlines kept in memory (a new process's state, for tests)."""
    _kept.clear()


def _key(article: Article, claims: int, analyzer: Analyzer) -> str:
    return f"outline:{OUTLINE_VERSION}:{article.content_hash}:{analyzer.fingerprint}:{claims}"


def _keep(key: str, data: bytes) -> None:
    if len(data) <= KEPT_OUTLINE_BYTES // 4:
        _kept.put(key, data)


def kept_outline(article: Article, claims: int, analyzer: Analyzer) -> Outline | None:
    """The outline if this process keeps it in memory, else None (nothing made, nothing read;
    None while the analyser's fingerprint is not made)."""
    if "fingerprint" not in analyzer.__dict__:  # the cached_property not computed yet
        return None
    data = _kept.get(_key(article, claims, analyzer))
    return None if data is None else _outline_from(json.loads(data))


def outline(
    article: Article, claims: int = 3, analyzer: Analyzer | None = None, analysis: Analysis | None = None
) -> Outline:
    """The article's outline, cached on disk per content, analyser and claim count.

    `analysis`, when the caller has it, is the article's analysis by that analyser."""
    from tui.store import blobs

    az = analyzer or Analyzer()
    key = _key(article, claims, az)
    cached = _kept.get(key)
    if cached is not None and not blobs.present([key]):
        blobs.put(key, cached)  # the cache DB lost it (it may be deleted at any time)
    cached = cached if cached is not None else blobs.get(key)
    if cached is not None:
        try:
            found = _outline_from(json.loads(cached))
            _keep(key, cached)
            return found
        except (ValueError, KeyError, IndexError, TypeError, AttributeError, RecursionError):
            pass  # a damaged or crafted row (the cache is data, never trusted): made again
    # Without an analysis, the words alone: segmentation without pinyin is most of the cost
    # saved, and the analysis run later reads these words instead of segmenting again.
    words: Segmented = az.words(article.text) if analysis is None or analysis.provisional else analysis
    found = build_outline(article, words, claims)
    # ASCII escapes keep a file name's undecodable bytes (lone surrogates) storable.
    data = json.dumps(dataclasses.asdict(found)).encode("ascii")
    blobs.put(key, data)
    _keep(key, data)
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
