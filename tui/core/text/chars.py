"""Character classes for Chinese text."""

from __future__ import annotations

import re

_HAN_RANGES = (
    (0x3400, 0x4DBF),
    (0x4E00, 0x9FFF),
    (0xF900, 0xFAFF),
    (0x20000, 0x2A6DF),
    (0x2A700, 0x2EBEF),
    (0x30000, 0x3134F),
)


# One character class for the ranges: a regex search runs in C, a loop over ranges does not.
_HAN = re.compile("[" + "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in _HAN_RANGES) + "〇]")


def is_han(ch: str) -> bool:
    return len(ch) == 1 and _HAN.match(ch) is not None


def has_han(text: str) -> bool:
    return _HAN.search(text) is not None


_HAN_RUN = re.compile(_HAN.pattern + "+")


def first_han_run(text: str) -> str:
    """The first run of Han characters in `text` ("" if none): a regex, not a loop per character."""
    found = _HAN_RUN.search(text)
    return found.group() if found else ""


def han_count(text: str) -> int:
    return len(_HAN.findall(text))


# Sentence ends: Chinese and Western terminators, with any closing quotes or brackets after them.
SENTENCE_END = re.compile(r"[。！？!?…]+[”’」』）)》]*|(?<![0-9A-Za-z])\.(?=\s|$)|\n")


def lower_same_length(text: str) -> str:
    """Lower case without changing the length ('İ'.lower() is two characters), so offsets hold."""
    low = text.lower()
    if len(low) == len(text):
        return low
    return "".join(c if len(c := ch.lower()) == 1 else ch for ch in text)
