"""The review cards a newly saved word gets, as rows for the study DB.

Here rather than in tui/core/study/review.py so that saving a word (tui/store/study.py)
makes its cards in the same transaction without the store importing the core.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

KINDS = ("meaning", "cloze")


def card_json(card: object) -> str:
    return json.dumps(card.to_dict())  # type: ignore[attr-defined]


def new_card_rows(word: str, added: float) -> list[tuple[str, str, str, float]]:
    """(word, kind, state, due) for a newly saved word: due at once."""
    from fsrs import Card

    rows = []
    for kind in KINDS:
        card = Card(due=datetime.fromtimestamp(added, UTC))
        rows.append((word, kind, card_json(card), added))
    return rows
