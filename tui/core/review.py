"""Spaced repetition with FSRS: two cards per saved word, graded Again/Hard/Good/Easy."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

KINDS = ("meaning", "cloze")
RATINGS = {1: "Again", 2: "Hard", 3: "Good", 4: "Easy"}


def _card_json(card: object) -> str:
    return json.dumps(card.to_dict())  # type: ignore[attr-defined]


def new_card_rows(word: str, added: float) -> list[tuple[str, str, str, float]]:
    """(word, kind, state, due) for a newly saved word: due at once."""
    from fsrs import Card

    rows = []
    for kind in KINDS:
        card = Card(due=datetime.fromtimestamp(added, UTC))
        rows.append((word, kind, _card_json(card), added))
    return rows


@dataclass(frozen=True)
class DueCard:
    word: str
    kind: str
    state: str
    due: float


def grade(state: str, rating: int, now: datetime) -> tuple[str, float]:
    """A card's next state and due time (epoch seconds) after a grade of 1-4 at `now`."""
    from fsrs import Card, Rating, Scheduler

    if rating not in RATINGS:
        raise ValueError("grade with 1 (Again), 2 (Hard), 3 (Good) or 4 (Easy)")
    card = Card.from_dict(json.loads(state))
    card, _log = Scheduler(enable_fuzzing=False).review_card(card, Rating(rating), review_datetime=now)
    return _card_json(card), card.due.timestamp()
