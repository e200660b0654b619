"""Sentences of an article's text: where they end, pieces of bounded length, and which of them
read as real sentences (for examples and cards), not headings, contents lines or code."""

from __future__ import annotations

import re

from tui.core.text.chars import SENTENCE_END

Span = tuple[int, int]

# A run with no sentence end for this many characters (a megabyte on one line, a table
# flattened) is cut into pieces of at most this, at a comma or space where there is one:
# what reads sentences (outline, examples, the reader's sentence) stays bounded per piece.
SENTENCE_MAX = 500
_SOFT_BREAK = re.compile(r"[，,、；;：:\s]")


def split_sentences(text: str) -> list[Span]:
    spans: list[Span] = []
    start = 0
    for m in SENTENCE_END.finditer(text):
        end = m.end() if m.group(0) != "\n" else m.start()
        _add_sentence(text, start, end, spans)
        start = m.end()
    _add_sentence(text, start, len(text), spans)
    return spans


def _add_sentence(text: str, start: int, end: int, spans: list[Span]) -> None:
    while end - start > SENTENCE_MAX:
        cut = start + SENTENCE_MAX
        softs = [m.end() for m in _SOFT_BREAK.finditer(text, start + SENTENCE_MAX // 2, cut)]
        if softs:
            cut = softs[-1]
        if text[start:cut].strip():
            spans.append(_trim(text, start, cut))
        start = cut
    if text[start:end].strip():
        spans.append(_trim(text, start, end))


_NUMBERED_LINE = re.compile(
    r"^\s*(\d{1,3}(\.\d{1,3})*\.?|第[一二三四五六七八九十百\d]+[章节篇部卷]|[一二三四五六七八九十]+、|表\s*\d)\s*"
)
_CODE_LIKE = re.compile(r"[{};=<>$#/\\|`~_]")
EXAMPLE_MIN = 6  # Han characters a sentence needs to be an example
# Punctuation that ends or splits a clause (a Western mark before a space; not 1.1.7.).
_CLAUSE_PUNCT = re.compile(r"[，。！？；：、]|[,!?;:](\s|$)|[A-Za-z]\.(\s|$)")


def is_sentence(text: str) -> bool:
    """A real sentence, good for an example or a card: not a heading, a table-of-contents line
    (`1.1.7. 怎样退出命令行提示符`), a table cell or code."""
    text = text.strip()
    han = sum(1 for ch in text if "\u4e00" <= ch <= "\u9fff")
    if han < EXAMPLE_MIN:
        return False
    if _NUMBERED_LINE.match(text) and not SENTENCE_END.search(text):
        return False
    if len(_CODE_LIKE.findall(text)) > max(3, han // 4):
        return False
    # A line with no punctuation at all is a heading or a cell, unless it runs long.
    return bool(_CLAUSE_PUNCT.search(text)) or han >= 20


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start] in " \t\n\u3000":
        start += 1
    while end > start and text[end - 1] in " \t\n\u3000":
        end -= 1
    return (start, end)
