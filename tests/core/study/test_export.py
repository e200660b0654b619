"""Exporting the saved words: an Anki deck with stable ids and both cards, CSV that imports again."""

from __future__ import annotations

import csv
import json
import sqlite3
import time
import zipfile
from pathlib import Path

from tui.core.library.articles import Library
from tui.core.study.export import ANKI_FIELDS, export
from tui.core.study.vocab import read_word_list, word_rows
from tui.core.text.script import to_simplified_same_length
from tui.store.study import SavedWord, Study


def _word(word: str) -> SavedWord:
    return SavedWord(word, word, "tóngméng", "alliance", "learning", f"{word}关系。", "001", 3, time.time())


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
