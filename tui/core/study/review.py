"""Spaced repetition with FSRS: two cards per saved word, graded Again/Hard/Good/Easy.

A session orders the due cards so that a word's two cards never come back to back
(the second would already be answered), and brings back, later in the same
session, the cards that FSRS schedules again within minutes (Again, and the
learning steps), as Anki does.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from tui.store.cards import KINDS as KINDS
from tui.store.cards import card_json as _card_json
from tui.store.cards import new_card_rows as new_card_rows
from tui.store.study import DueCard

RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}
# Anki's "learn ahead limit": a card due again within this comes back in the session.
LEARN_AHEAD = timedelta(minutes=20)


def blank_word(sentence: str, word: str) -> str:
    """The cloze card's face: the sentence (either script) with each use of the word (Simplified) blanked."""
    from tui.core.text.script import to_simplified_same_length

    simplified = to_simplified_same_length(sentence)
    if not sentence or word not in simplified:
        return "＿" * len(word)
    out, at = [], 0
    while (found := simplified.find(word, at)) >= 0:
        out += [sentence[at:found], "＿" * len(word)]
        at = found + len(word)
    return "".join(out) + sentence[at:]


def grade(state: str, rating: int, now: datetime) -> tuple[str, float]:
    """A card's next state and due time (epoch seconds) after a grade of 1-4 at `now`."""
    from fsrs import Card, Rating, Scheduler

    if rating not in RATINGS:
        raise ValueError("grade with 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
    card = Card.from_dict(json.loads(state))
    card, _log = Scheduler(enable_fuzzing=False).review_card(card, Rating(rating), review_datetime=now)
    return _card_json(card), card.due.timestamp()


def intervals(state: str, now: datetime) -> dict[int, float]:
    """Seconds until the card is due again, for each grade: what the grade buttons preview."""
    return {rating: grade(state, rating, now)[1] - now.timestamp() for rating in RATINGS}


def format_interval(seconds: float) -> str:
    """An interval as Anki writes it on its buttons: 1m, 6m, 3h, 1d, 4d, 2mo, 1.5y."""
    minutes = seconds / 60
    if minutes < 59.5:
        return f"{max(1, round(minutes))}m"
    hours = minutes / 60
    if hours < 23.5:
        return f"{round(hours)}h"
    days = hours / 24
    if days < 30:
        return f"{round(days)}d"
    if days < 365:
        return f"{days / 30:.1f}".removesuffix(".0") + "mo"
    return f"{days / 365:.1f}".removesuffix(".0") + "y"


def grade_preview(state: str, now: datetime) -> str:
    """The grade buttons' line, e.g. "Again 1m · Hard 6m · Good 10m · Easy 4d", for a card graded at `now`."""
    return " · ".join(f"{RATINGS[r]} {format_interval(s)}" for r, s in intervals(state, now).items())


@dataclass(slots=True)
class ReviewSession:
    """The order of one review session; no clock of its own, so tests fix the time.

    `queue` holds the cards due at the start, each word's first card before any
    second card; `returning` holds the cards graded within the session that are
    due again within LEARN_AHEAD. A sibling of the card just shown is skipped;
    one with nothing else left to show is buried: it stays due for the next session.
    """

    queue: list[DueCard]
    returning: list[DueCard] = field(default_factory=list)
    buried: list[DueCard] = field(default_factory=list)
    last: DueCard | None = None
    shown: int = 0
    grades: dict[int, int] = field(default_factory=lambda: dict.fromkeys(RATINGS, 0))

    @classmethod
    def of(cls, cards: Iterable[DueCard]) -> ReviewSession:
        by_word: dict[str, list[DueCard]] = {}
        for card in sorted(cards, key=lambda c: (c.due, c.word, KINDS.index(c.kind))):
            by_word.setdefault(card.word, []).append(card)
        rounds = max((len(v) for v in by_word.values()), default=0)
        return cls(queue=[cards[n] for n in range(rounds) for cards in by_word.values() if n < len(cards)])

    def _sibling_of_last(self, card: DueCard) -> bool:
        return self.last is not None and card.word == self.last.word and card.kind != self.last.kind

    def next(self, now: datetime) -> DueCard | None:
        """The card to show at `now`, or None when the session is over."""
        at = now.timestamp()
        ahead = (now + LEARN_AHEAD).timestamp()
        due_back = sorted((c for c in self.returning if c.due <= at), key=lambda c: c.due)
        later = sorted((c for c in self.returning if at < c.due <= ahead), key=lambda c: c.due)
        # Returning cards that are due come first, then the queue, then returning cards shown ahead of time.
        for pool in (due_back, self.queue, later):
            for card in pool:
                if not self._sibling_of_last(card):
                    return card
        leftover = self.queue + self.returning
        self.buried.extend(leftover)
        self.queue, self.returning = [], []
        return None

    def answer(self, card: DueCard, rating: int, now: datetime) -> tuple[str, float]:
        """Grade `card` at `now`: its new state and due time, for the caller to save."""
        state, due = grade(card.state, rating, now)
        if card in self.queue:
            self.queue.remove(card)
        if card in self.returning:
            self.returning.remove(card)
        if due <= (now + LEARN_AHEAD).timestamp():
            self.returning.append(DueCard(card.word, card.kind, state, due))
        self.last = card
        self.shown += 1
        self.grades[rating] += 1
        return state, due

    @property
    def remaining(self) -> int:
        return len(self.queue) + len(self.returning)
