"""A fixed history for the progress screen: two weeks of marking, reviewing and reading."""

from __future__ import annotations

from datetime import datetime

from tui.store.study import Study

WORDS = ["同盟", "关系", "日本", "美国", "战略", "国际", "合作", "外交", "利益", "问题", "秩序", "地区"]


def noon(day: int) -> float:
    return datetime(2026, 3, day, 12, 0).timestamp()


def seed(study: Study) -> None:
    """Words known two a day on days 1-6 (one forgotten on day 8), reviews and reading on most days."""
    for i in range(6):
        study.set_statuses(WORDS[2 * i : 2 * i + 2], "known", when=noon(1 + i))
    study.set_statuses(["同盟"], "learning", when=noon(8))
    for day in (2, 3, 5, 8, 9, 12):
        for n in range(day % 5 + 1):
            study.record_review(WORDS[n], "meaning", 3, "{}", noon(day) + 86400, noon(day) + n)
    for day, minutes in ((1, 12), (2, 25), (4, 8), (8, 30), (12, 18)):
        study.add_reading_time("001", minutes * 60, datetime.fromtimestamp(noon(day)).date().isoformat())
