"""Interlinear pinyin: a pinyin row above each row of characters, aligned word by word."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len


@dataclass(frozen=True, slots=True)
class Cell:
    word: str
    pinyin: str
    width: int  # the wider of the characters and the pinyin, in terminal cells


def cells(words: Sequence[str], pinyins: Sequence[str]) -> list[Cell]:
    return [Cell(w, p, max(cell_len(w), cell_len(p))) for w, p in zip(words, pinyins)]


def rows(items: Sequence[Cell], width: int, gap: int = 1) -> list[tuple[str, str]]:
    """Lay cells out in rows no wider than `width`; a word with pinyin is never split.

    A cell whose word is a newline ends the row. Returns (pinyin row, text row) pairs.
    """
    out: list[tuple[str, str]] = []
    top: list[str] = []
    bottom: list[str] = []
    used = 0

    def flush() -> None:
        nonlocal used
        out.append(("".join(top).rstrip(), "".join(bottom).rstrip()))
        top.clear()
        bottom.clear()
        used = 0

    for cell in items:
        if cell.word == "\n":
            flush()
            continue
        if cell.word.isspace() and not top:
            continue
        need = cell.width + (gap if cell.pinyin else 0)
        if used and used + cell.width > width:
            flush()
        top.append(_pad(cell.pinyin, need))
        bottom.append(_pad(cell.word, need))
        used += need
    if top:
        flush()
    return out


def _pad(text: str, width: int) -> str:
    return text + " " * max(0, width - cell_len(text))
