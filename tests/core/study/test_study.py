"""The study DB: durable saves, concurrent writers, scheduling."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from tests.conftest import HANG
from tui.core.study.review import grade, new_card_rows
from tui.store.study import SavedWord, Study

SAVE_LOOP = """
import sys, time
from tui.store.db import Locked
from tui.store.study import SavedWord, Study
study = Study()
for n in range(int(sys.argv[1]), int(sys.argv[2])):
    while True:
        try:
            study.save_word(SavedWord(f"词{n}", f"詞{n}", "cí", "word", "learning", "句子。", None, None, time.time()))
            break
        except Locked:  # the busy timeout is short (2 s): a script retries what the user would
            pass
    print(n, flush=True)  # acknowledged: the transaction has committed
"""


def _word(word: str) -> SavedWord:
    return SavedWord(word, word, "tóngméng", "alliance", "learning", f"{word}关系。", "001", 3, time.time())


def test_acknowledged_saves_survive_sigkill(fresh_home: Path) -> None:
    proc = subprocess.Popen(
        [sys.executable, "-c", SAVE_LOOP, "0", "100000"], stdout=subprocess.PIPE, text=True, env=os.environ.copy()
    )
    assert proc.stdout is not None
    acknowledged = []
    for line in proc.stdout:
        acknowledged.append(int(line))
        if len(acknowledged) >= 150:
            proc.send_signal(signal.SIGKILL)
            break
    proc.wait()
    db = sqlite3.connect(fresh_home / "study.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    saved = {row[0] for row in db.execute("SELECT word FROM vocab")}
    assert {f"词{n}" for n in acknowledged} <= saved
    cards = db.execute("SELECT count(*) FROM card").fetchone()[0]
    assert cards == 2 * len(saved)  # a word and its cards land together or not at all


def test_two_processes_saving_at_once_lose_nothing(fresh_home: Path) -> None:
    Study()  # create and migrate first, as the reader would have
    ranges = [(0, 200), (1000, 1200)]
    procs = [
        subprocess.Popen([sys.executable, "-c", SAVE_LOOP, str(a), str(b)], stdout=subprocess.DEVNULL)
        for a, b in ranges
    ]
    assert [p.wait(timeout=HANG) for p in procs] == [0, 0]
    words = {w.word for w in Study().words()}
    assert words == {f"词{n}" for a, b in ranges for n in range(a, b)}


def test_good_is_due_later_than_again_and_again_comes_back_today() -> None:
    added = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
    [(_, _, state, due), _] = new_card_rows("同盟", added.timestamp())
    assert due == added.timestamp()
    now = added + timedelta(minutes=5)
    _, good = grade(state, 3, now)
    _, again = grade(state, 1, now)
    assert good > again > now.timestamp()
    assert datetime.fromtimestamp(again, UTC).date() == now.date()


def test_saving_makes_two_due_cards_and_grading_moves_them(fresh_home: Path) -> None:
    study = Study()
    study.save_word(_word("同盟"))
    due = study.due_cards(time.time() + 1)
    assert sorted(card.kind for card in due) == ["cloze", "meaning"]
    word, kind, state = due[0].word, due[0].kind, due[0].state
    new_state, next_due = grade(state, 3, datetime.now(UTC))
    study.record_review(word, kind, 3, new_state, next_due, time.time())
    assert len(study.due_cards(time.time() + 1)) == 1
    study.set_status("同盟", "known")
    assert study.due_cards(time.time() + 10**6) == []


def test_ignoring_an_articles_terms_leaves_marked_words_and_undoes(fresh_home: Path) -> None:
    study = Study()
    study.save_word(_word("印太"))
    study.set_status("日本", "known")
    changed = study.ignore_unmarked("001", ["印太", "日本", "同盟", "东盟"])
    assert changed == ["同盟", "东盟"]
    assert study.statuses() == {"印太": "learning", "日本": "known", "同盟": "ignored", "东盟": "ignored"}
    study.set_status("东盟", "known")  # marked by the user after `i`: theirs to keep
    assert study.undo_ignore("001") == ["同盟"]
    assert study.statuses() == {"印太": "learning", "日本": "known", "东盟": "known"}
    assert study.ignored_batch("001") == []
