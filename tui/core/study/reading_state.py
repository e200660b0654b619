"""What the learner has done to one article while reading it: word statuses, bookmarks, the
chosen senses and the position. One model that the reader's panes observe, so none of them
keeps its own copy in step with the study DB by hand. No Textual and no SQL here: the app
loads it from the study store and writes each change back through its ordered writes."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Literal

from tui.store.status import STATUSES

Status = Literal["new", "learning", "known", "ignored"]
What = Literal["position", "statuses", "bookmarks", "sense"]


@dataclass(frozen=True, slots=True)
class Change:
    """What changed: the position, some words' statuses (`words`), the bookmarks, or a word's sense."""

    what: What
    words: tuple[str, ...] = ()


Observer = Callable[[Change], None]


class ReadingState:
    """The state of one article being read. Observers are called at once, in the order they
    subscribed, on the thread that made the change: a cursor move and everything that shows
    it happen in one call, so the terminal gets them in one frame."""

    def __init__(self, statuses: Mapping[str, str], bookmarks: Iterable[int] = (), position: int = 0) -> None:
        self._statuses: dict[str, str] = dict(statuses)
        self._bookmarks: list[int] = sorted(set(bookmarks))
        self._senses: dict[str, int] = {}
        self._position = position
        self._saved_position = position
        self._observers: list[Observer] = []

    # --- observing --------------------------------------------------------------------------

    def observe(self, observer: Observer) -> None:
        self._observers.append(observer)

    def forget(self, observer: Observer) -> None:
        if observer in self._observers:
            self._observers.remove(observer)

    def _tell(self, change: Change) -> None:
        for observer in list(self._observers):
            observer(change)

    # --- word statuses ----------------------------------------------------------------------

    @property
    def statuses(self) -> Mapping[str, str]:
        """Simplified word -> status, for every word the learner has marked (read-only)."""
        return MappingProxyType(self._statuses)

    def status(self, word: str) -> str:
        return self._statuses.get(word, "new")

    def set_status(self, word: str, status: str) -> None:
        self.set_statuses({word: status})

    def set_statuses(self, changes: Mapping[str, str]) -> None:
        """Several words at once (`i` ignores a whole glossary): one change told."""
        for status in changes.values():
            if status not in STATUSES:
                raise ValueError(f"unknown status {status!r}")
        changed = tuple(w for w, s in changes.items() if self._statuses.get(w) != s)
        self._statuses.update(changes)
        if changed:
            self._tell(Change("statuses", changed))

    # --- bookmarks --------------------------------------------------------------------------

    @property
    def bookmarks(self) -> list[int]:
        return list(self._bookmarks)

    def set_bookmarks(self, offsets: Iterable[int]) -> None:
        bookmarks = sorted(set(offsets))
        if bookmarks != self._bookmarks:
            self._bookmarks = bookmarks
            self._tell(Change("bookmarks"))

    def next_bookmark(self, here: int) -> int | None:
        """The first bookmark after `here`, round to the first; None when there is none."""
        after = [b for b in self._bookmarks if b > here]
        return after[0] if after else (self._bookmarks[0] if self._bookmarks else None)

    # --- senses chosen with `e` -------------------------------------------------------------

    def sense(self, word: str) -> int:
        return self._senses.get(word, 0)

    def next_sense(self, word: str, count: int) -> int:
        """Choose the next of the word's `count` senses, round to the first."""
        if count <= 0:
            return 0
        chosen = self._senses[word] = (self._senses.get(word, 0) + 1) % count
        self._tell(Change("sense", (word,)))
        return chosen

    # --- position ---------------------------------------------------------------------------

    @property
    def position(self) -> int:
        """The offset (into the reading text) of the word the cursor is on."""
        return self._position

    def move_to(self, offset: int) -> None:
        """The cursor is at `offset` now. Told even when unchanged: a view that laid words out
        in place of characters shows the same offset as a different word."""
        self._position = offset
        self._tell(Change("position"))

    @property
    def unsaved(self) -> bool:
        """The position moved since it was last saved."""
        return self._position != self._saved_position

    def saved(self, offset: int) -> None:
        """`offset` has been written as the article's position."""
        self._saved_position = offset
