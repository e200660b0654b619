"""The Sentence tab: the sentence at the cursor in the other script, and its pinyin."""

from __future__ import annotations

from rich.text import Text

from tui.core.reading import Reading


def other_sentence(reading: Reading, start: int, end: int) -> tuple[str, str]:
    """The sentence [start, end) in the script the article is not written in, and its pinyin."""
    other = "traditional" if reading.article.script != "traditional" else "simplified"
    sentence = reading.view_slice(other, start, end)
    first, last = reading.token_at(start), reading.token_at(max(start, end - 1))
    return sentence, reading.pinyin_line(first, last)


def sentence_text(other: str, pinyin: str) -> Text:
    t = Text(other + "\n\n")
    t.append(pinyin, style="cyan")
    return t
