"""Cleaning: remove page furniture from an article's raw text. The rules are data."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal, NamedTuple

_BLANK = re.compile(r"^[\s\u3000\u00a0\u200b]*$")


# What a rule removes: drop the line; strip the match; rest: the line and all after it.
Action = Literal["drop", "strip", "rest"]


@dataclass(frozen=True, slots=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    reason: str
    action: Action = "drop"


def _rule(name: str, pattern: str, reason: str, action: Action = "drop") -> Rule:
    return Rule(name, re.compile(pattern), reason, action)


RULES: tuple[Rule, ...] = (
    _rule("follow-banner", r"^\s*阅读此文前.*(关注|關注)", "a request to follow the account, not the article"),
    _rule("image-placeholder", r"^\s*打开网易新闻\s*查看更多图片\s*$", "a link shown where a picture was"),
    _rule("empty-image", r"^\s*(!\[[^\]]*\]\([^)]*\)\s*)+$", "Markdown for an image that did not come along"),
    _rule("legal-notice", r"^\s*(特別聲明|特别声明)[:：]", "the publishing platform's legal notice"),
    _rule("legal-notice-en", r"^\s*Notice: The content above", "the same notice in English"),
    _rule("comment-form", r"^\s*Leave a Reply\s*$", "the blog's comment form"),
    _rule("editor-email", r"^\s*[（(](編輯郵箱|编辑邮箱)", "the editor's mailbox"),
    _rule("original-title", r"^\s*(原標題|原标题)[:：]", "metadata: the original title, kept as the title"),
    _rule("column-editor", r"^\s*(欄目主編|栏目主编)[:：]", "metadata: the editors"),
    _rule("source-line", r"^\s*(來源|来源)[:：]", "metadata: the source, kept as the source"),
    _rule("source-line-en", r"^\s*Source:\s*\S+\s*$", "metadata: the source, kept as the source"),
    _rule("site-prefix", r"^导图社区\s+", "the mind-map site's name before the title", "strip"),
    _rule("edit-stamp", r"^编辑于\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}", "the mind-map site's edit time", "strip"),
    _rule("related-map-blurb", r"一起来了解它吧。\s*$", "a blurb advertising another mind map"),
    _rule("related-map-blurb-2", r"^亚洲安全观视域下的_", "a blurb advertising another mind map"),
    _rule("site-navigation", r"^\s*社区模板帮助中心", "the mind-map site's navigation"),
    _rule(
        "related-links", r"^\s*(相關焦點|相关焦点|相關閱讀|相关阅读)\s*$", "a list of links to other articles", "rest"
    ),
)

# Lines repeated word for word (a site's blurb shown three times) are kept once.
MIN_REPEATED_LINE = 12


@dataclass(frozen=True, slots=True)
class Removal:
    line: int  # 0-based line number in the raw text
    rule: str
    text: str


class BlockSpan(NamedTuple):
    """Where a document's block lies in the reading text (tui/core/library/document.py)."""

    kind: str  # heading, paragraph, item, table, code, quote
    start: int
    end: int
    level: int = 0  # heading: 1-6; item: nesting depth
    columns: int = 0  # table: cells per row, one line each in the text
    rows: int = 0  # table: rows under the header
    titled: bool = False  # table: its first line is its caption


@dataclass(frozen=True, slots=True)
class Cleaned:
    text: str
    lines: tuple[tuple[int, int], ...]  # (start, end) of each kept line in `text`
    removals: tuple[Removal, ...]
    blocks: tuple[BlockSpan, ...] = ()  # a document's blocks; none for plain text (seeds, old copies)


def furniture(line: str) -> Rule | None:
    """The rule that removes a document's line, if one does."""
    return next((r for r in RULES if r.pattern.search(line)), None)


def clean(raw: str) -> Cleaned:
    """Keep the reading text: non-blank lines, stripped, one per paragraph."""
    kept: list[str] = []
    removals: list[Removal] = []
    seen: set[str] = set()
    raw_lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, line in enumerate(raw_lines):
        if _BLANK.match(line):
            continue
        rule = next((r for r in RULES if r.pattern.search(line)), None)
        if rule is not None and rule.action == "rest":
            removals.extend(Removal(n, rule.name, t) for n, t in enumerate(raw_lines[number:], number) if t.strip())
            break
        if rule is not None and rule.action == "drop":
            removals.append(Removal(number, rule.name, line))
            continue
        while rule is not None and rule.action == "strip":
            removals.append(Removal(number, rule.name, rule.pattern.search(line).group(0)))  # type: ignore[union-attr]
            line = rule.pattern.sub("", line, count=1)
            rule = next((r for r in RULES if r.pattern.search(line)), None)
        if rule is not None:
            removals.append(Removal(number, rule.name, line))
            continue
        line = line.strip(" \t\u3000\u00a0")
        if not line:
            continue
        if len(line) >= MIN_REPEATED_LINE and line in seen:
            removals.append(Removal(number, "repeated-line", line))
            continue
        seen.add(line)
        kept.append(line)
    spans = []
    pos = 0
    for line in kept:
        spans.append((pos, pos + len(line)))
        pos += len(line) + 1
    return Cleaned("\n".join(kept), tuple(spans), tuple(removals))


def raw_starts(raw: str, cleaned: Cleaned) -> tuple[int, ...]:
    """Where each kept line of the reading text starts in the raw text (-1 if it cannot be found):
    a kept line is its raw line less a stripped prefix and spaces, so it is found in order."""
    out: list[int] = []
    position = 0
    for start, end in cleaned.lines:
        at = raw.find(cleaned.text[start:end], position)
        out.append(at)
        if at >= 0:
            position = at + end - start
    return tuple(out)
