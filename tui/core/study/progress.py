"""The learner's progress as day series: known words, reviews, reading time. Days are local dates."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TypedDict

from tui.store.study import Study

KNOWN = ("known",)
IDLE_SECONDS = 120  # a gap longer than this between two moves in the reader is not reading


def day_of(epoch: float) -> str:
    return datetime.fromtimestamp(epoch).date().isoformat()


def _days(first: str, last: str) -> list[str]:
    start, end = date.fromisoformat(first), date.fromisoformat(last)
    return [(start + timedelta(days=i)).isoformat() for i in range((end - start).days + 1)]


class Progress(TypedDict):
    """Three series over the same days (JSON data as it stands: `vocab stats --json`)."""

    days: list[str]
    known: list[int]
    reviews: list[int]
    reading_minutes: list[float]


def progress(study: Study | None = None) -> Progress:
    """Three series over the same days, from the first recorded day to the last, gaps filled with zeros.

    `known`: words known at the end of each day, by each word's latest status change up to then
    (changes made before yuedu kept a log count on the day of the word's last change).
    `reviews`: cards graded that day. `reading_minutes`: time with the reader moving, that day.
    """
    study = study or Study()
    changes = study.status_changes()
    reviews: dict[str, int] = {}
    for at in study.review_times():
        reviews[day_of(at)] = reviews.get(day_of(at), 0) + 1
    reading = dict(study.reading_by_day())
    recorded = sorted({day_of(t) for _w, _s, t in changes} | set(reviews) | set(reading))
    if not recorded:
        return {"days": [], "known": [], "reviews": [], "reading_minutes": []}
    days = _days(recorded[0], recorded[-1])
    status: dict[str, str] = {}
    known_by_day = []
    i = 0
    for day in days:
        while i < len(changes) and day_of(changes[i][2]) <= day:
            word, state, _t = changes[i]
            status[word] = state
            i += 1
        known_by_day.append(sum(1 for s in status.values() if s in KNOWN))
    return {
        "days": days,
        "known": known_by_day,
        "reviews": [reviews.get(d, 0) for d in days],
        "reading_minutes": [round(reading.get(d, 0.0) / 60, 1) for d in days],
    }


class ReadingClock:
    """Time spent reading: the gaps between moves, each cut at IDLE_SECONDS, added up per day."""

    def __init__(self, now: float) -> None:
        self.last = now
        self.pending: dict[str, float] = {}

    def tick(self, now: float) -> None:
        gap = min(max(0.0, now - self.last), IDLE_SECONDS)
        day = day_of(now)
        self.pending[day] = self.pending.get(day, 0.0) + gap
        self.last = now

    def take(self) -> dict[str, float]:
        """The seconds not yet saved, per day; the clock starts again from nothing."""
        pending, self.pending = self.pending, {}
        return pending

    def flush(self, study: Study, article: str) -> None:
        for day, seconds in self.take().items():
            study.add_reading_time(article, seconds, day)
