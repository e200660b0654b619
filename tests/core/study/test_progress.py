"""Progress series from the study DB: known words by day, reviews and reading time per day."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any, cast

from tests.app.progress_seed import WORDS, noon, seed
from tests.conftest import run_cli
from tui.core.study.progress import IDLE_SECONDS, ReadingClock, day_of, progress
from tui.store.study import Study


def test_series_follow_the_recorded_history(fresh_home: Path) -> None:
    study = Study()
    seed(study)
    data = cast(dict[str, Any], progress(study))
    days = data["days"]
    assert days[0] == day_of(noon(1)) and days[-1] == day_of(noon(12))
    assert len(days) == 12  # gaps filled
    known = data["known"]
    # Two words a day on days 1-6, then one of them back to learning on day 8.
    assert known[:6] == [2, 4, 6, 8, 10, 12]
    assert known[6] == 12 and known[7:] == [11] * 5
    reviews = dict(zip(days, data["reviews"]))
    assert sum(data["reviews"]) == len(study.review_times())
    assert reviews[day_of(noon(9))] == 9 % 5 + 1 and reviews[day_of(noon(4))] == 0
    minutes = dict(zip(days, data["reading_minutes"]))
    assert minutes[day_of(noon(8))] == 30.0 and minutes[day_of(noon(3))] == 0.0
    assert len(WORDS) == 12


def test_an_empty_history_is_empty_series(fresh_home: Path) -> None:
    assert progress() == {"days": [], "known": [], "reviews": [], "reading_minutes": []}


def test_marking_a_word_twice_logs_one_change(fresh_home: Path) -> None:
    study = Study()
    study.set_statuses(["同盟"], "known", when=noon(1))
    study.set_statuses(["同盟"], "known", when=noon(2))
    assert [c[1:] for c in study.status_changes()] == [("known", noon(1))]


def test_reading_clock_cuts_idle_gaps(fresh_home: Path) -> None:
    start = datetime(2026, 3, 1, 10).timestamp()
    clock = ReadingClock(start)
    clock.tick(start + 30)
    clock.tick(start + 30 + 3600)  # an hour away counts as IDLE_SECONDS
    study = Study()
    clock.flush(study, "001")
    clock.flush(study, "001")  # nothing pending: nothing added twice
    assert study.reading_by_day() == [(day_of(start), 30 + IDLE_SECONDS)]


def test_vocab_stats_without_an_article_prints_the_series(fresh_home: Path) -> None:
    seed(Study())
    result = run_cli("vocab", "stats", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == cast(dict[str, Any], progress())
    human = run_cli("vocab", "stats")
    assert day_of(noon(12)) in human.stdout
    # With an article it is still the article's coverage.
    article = json.loads(run_cli("vocab", "stats", "001", "--json").stdout)
    assert article["article"].startswith("001")
