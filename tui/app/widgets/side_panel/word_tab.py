"""The Word tab's first box: the word, its readings, its status and every sense of every entry."""

from __future__ import annotations

from rich.text import Text

from tui.core.reading import WordInfo
from tui.core.study.reading_state import ReadingState


def word_text(info: WordInfo, chosen: int = 0, note: str | None = None) -> Text:
    """The word; `chosen` is the sense (counted over all entries) the user picked with `e`,
    `note` how the user knows it (`status_note`)."""
    t = Text()
    t.append(info.simplified, style="bold")
    if info.traditional != info.simplified:
        t.append("  " + info.traditional, style="bold")
    t.append("\n")
    # Latin words and numbers (1.6, VT100, Linux) have no reading: no empty lines for one.
    if info.pinyin["marks"].strip():
        t.append(info.pinyin["marks"] + "\n", style="bold cyan")
    if info.pinyin.get("spoken", info.pinyin["marks"]) != info.pinyin["marks"]:
        t.append(f"spoken {info.pinyin['spoken']}\n", style="cyan")
    # Zhuyin, then the tone numbers in brackets: another way to write it, not a second reading.
    if info.pinyin["zhuyin"].strip() or info.pinyin["numbers"].strip():
        t.append(f"{info.pinyin['zhuyin']}  ({info.pinyin['numbers']})\n", style="dim cyan")
    if note:
        t.append(f"{note}\n", style="magenta")
    if info.hsk:
        t.append(f"HSK {info.hsk}", style="dim")
    t.append(f"  ×{info.count_article} here, ×{info.count_library} in library\n\n", style="dim")
    # The one marked is the one `e` chose, counted as senses.choices counts (WordInfo.senses).
    mark = chosen % len(info.senses) if info.senses else -1
    n = 0
    for form, pinyin, senses in info.definitions:  # every entry, every sense: the panel scrolls
        t.append(f"{form} {pinyin}\n", style="yellow")
        for sense in senses:
            if n == mark:
                t.append(f" ▸ {sense}\n", style="bold")
            else:
                t.append(f" • {sense}\n")
            n += 1
    if not info.definitions:
        t.append("no dictionary entry\n", style="dim")
    if info.glossary_term:
        t.append(f"\nGlossary: {info.glossary_term} — {info.glossary_english}\n", style="bold green")
        t.append(f"{info.glossary_note}\n")
    return t


def status_note(state: ReadingState, word: str) -> str | None:
    """ "known (imported 2026-12-07)", "learning since …": the word's status and how it got it."""
    status = state.status(word)
    if status == "new":
        return None
    from tui.core.study.vocab import status_note as note_of
    from tui.store.db import StoreError
    from tui.store.study import Study

    try:
        found = Study().status_of(word)
    except StoreError:
        found = None
    return note_of(*found) if found is not None and found[0] == status else status
