"""Bringing known words in: Anki packages, Pleco exports, CSV/TSV; a second import changes nothing."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import genanki
import pytest

from tests.conftest import run_cli
from tui.core.study import wordlists
from tui.core.study.vocab import import_words
from tui.core.study.wordlists import read_words
from tui.errors import UserError
from tui.store.study import Study

# A made-up word no dictionary has, to be reported as such.
NONWORD = "鑫鑫鑫"


def _apkg(path: Path, rows: list[list[str]], fields: tuple[str, ...] = ("Front", "Back")) -> Path:
    model = genanki.Model(1_234_567, "test", fields=[{"name": f} for f in fields],
                          templates=[{"name": "c", "qfmt": "{{Front}}", "afmt": "{{Back}}"}])  # fmt: skip
    deck = genanki.Deck(7_654_321, "test")
    for row in rows:
        deck.add_note(genanki.Note(model=model, fields=row))
    genanki.Package(deck).write_to_file(str(path))
    return path


def test_apkg_words_become_known_and_a_second_import_changes_nothing(fresh_home: Path, tmp_path: Path) -> None:
    # The word is in the second field; the first has none: the default takes the first field with Han.
    rows = [["alliance", "<b>同盟</b>"], ["relation", "關係 (guānxi)"], ["made up", NONWORD]]
    deck = _apkg(tmp_path / "deck.apkg", rows)
    report = import_words(deck)
    assert (report["new"], report["already"], report["not_in_dictionary"]) == (2, 0, 1)
    statuses = Study().statuses()
    assert statuses["同盟"] == statuses["关系"] == "known"
    assert NONWORD not in statuses
    snapshot = Study().conn.execute("SELECT word, status, updated FROM word_status ORDER BY word").fetchall()
    again = import_words(deck)
    assert (again["new"], again["already"], again["changed"]) == (0, 2, 0)
    assert Study().conn.execute("SELECT word, status, updated FROM word_status ORDER BY word").fetchall() == snapshot


def test_apkg_field_by_name_or_number(tmp_path: Path) -> None:
    deck = _apkg(tmp_path / "two.apkg", [["同盟", "关系"], ["战略", "日本"]], fields=("Hanzi", "Other"))
    assert read_words(deck) == ["同盟", "战略"]
    assert read_words(deck, "Other") == ["关系", "日本"]
    assert read_words(deck, "2") == ["关系", "日本"]
    with pytest.raises(UserError, match="no field named"):
        read_words(deck, "Pinyin")


def test_pleco_text_export(fresh_home: Path, tmp_path: Path) -> None:
    export = tmp_path / "pleco.txt"
    export.write_text(
        f"// Unit 1\n同盟[同盟]\ttong2meng2\talliance\n关系[關係]\tguan1xi5\trelation\n{NONWORD}\txin1\tnothing\n",
        encoding="utf-8",
    )
    first = import_words(export)
    assert (first["words"], first["new"], first["not_in_dictionary"]) == (3, 2, 1)
    assert first["missing"] == [NONWORD]
    snapshot = _word_status()
    assert {w for w, s, _ in snapshot if s == "known"} == {"同盟", "关系"}
    second = import_words(export)
    assert (second["new"], second["already"], second["changed"]) == (0, 2, 0)
    assert _word_status() == snapshot


def _word_status() -> list[tuple[str, str, float]]:
    return Study().conn.execute("SELECT word, status, updated FROM word_status ORDER BY word").fetchall()


def test_pleco_xml_export(tmp_path: Path) -> None:
    export = tmp_path / "pleco.xml"
    export.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><plecoflash formatversion="2"><cards>'
        '<card><entry><headword charset="sc">同盟</headword><headword charset="tc">同盟</headword>'
        "<pron>tong2meng2</pron></entry></card>"
        '<card><entry><headword charset="tc">關係</headword><headword charset="sc">关系</headword></entry></card>'
        f'<card><entry><headword charset="sc">{NONWORD}</headword></entry></card>'
        "</cards></plecoflash>",
        encoding="utf-8",
    )
    assert read_words(export) == ["同盟", "关系", NONWORD]


def test_pleco_xml_import_twice_changes_nothing(fresh_home: Path, tmp_path: Path) -> None:
    export = tmp_path / "pleco.xml"
    export.write_text(
        '<?xml version="1.0" encoding="UTF-8"?><plecoflash formatversion="2"><cards>'
        '<card><entry><headword charset="tc">戰略</headword><headword charset="sc">战略</headword></entry></card>'
        '<card><entry><headword charset="sc">外交</headword></entry></card>'
        f'<card><entry><headword charset="sc">{NONWORD}</headword></entry></card>'
        "</cards></plecoflash>",
        encoding="utf-8",
    )
    # One word known already: counted as such, not written again.
    Study().set_statuses(["外交"], "known")
    first = import_words(export)
    assert (first["words"], first["new"], first["already"], first["not_in_dictionary"]) == (3, 1, 1, 1)
    snapshot = _word_status()
    assert {w for w, s, _ in snapshot if s == "known"} == {"战略", "外交"}
    second = import_words(export)
    assert (second["new"], second["already"], second["changed"], second["not_in_dictionary"]) == (0, 2, 0, 1)
    assert _word_status() == snapshot


def test_csv_still_reads_its_first_column(tmp_path: Path) -> None:
    path = tmp_path / "words.csv"
    path.write_text("word,pinyin\n同盟,tóngméng\n關係,guānxi\n", encoding="utf-8")
    assert read_words(path) == ["同盟", "关系"]


def test_a_collection_bigger_than_the_cap_is_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bomb = tmp_path / "bomb.apkg"
    with zipfile.ZipFile(bomb, "w", compression=zipfile.ZIP_DEFLATED) as z:
        z.writestr("collection.anki2", b"\0" * (4 << 20))  # 4 MB of zeros: a few kB zipped
    monkeypatch.setattr(wordlists, "MAX_BYTES", 1 << 20)
    with pytest.raises(UserError, match="not reading it"):
        read_words(bomb)


def test_import_cli_reports_and_fails_cleanly(fresh_home: Path, tmp_path: Path) -> None:
    deck = _apkg(tmp_path / "deck.apkg", [["同盟"], [NONWORD]], fields=("Front",))
    result = run_cli("vocab", "import", str(deck), "--json")
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    assert (report["new"], report["not_in_dictionary"]) == (1, 1)
    human = run_cli("vocab", "import", str(deck))
    assert "0 new, 1 already known" in human.stdout and "1 not in the dictionary" in human.stdout
    # The imported word is a mark, not a saved word: the list says it is there.
    listed = run_cli("vocab", "list", "--status", "known")
    assert listed.returncode == 0 and "1 known" in listed.stdout, listed.stdout
    for bad in (tmp_path / "missing.apkg", tmp_path / "empty.txt"):
        if bad.name == "empty.txt":
            bad.write_text("no chinese here\n", encoding="utf-8")
        failed = run_cli("vocab", "import", str(bad))
        assert failed.returncode == 2 and failed.stderr.count("\n") == 1, failed.stderr
    broken = tmp_path / "broken.apkg"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    failed = run_cli("vocab", "import", str(broken))
    assert failed.returncode == 2 and failed.stderr.count("\n") == 1, failed.stderr


def test_apkg_notes_read_are_told_and_each_word_kept_once(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    rows = [["同盟"], ["关系"], ["同盟"], ["战略"], ["同盟"]]
    deck = _apkg(tmp_path / "deck.apkg", rows, fields=("Front",))
    monkeypatch.setattr(wordlists, "PROGRESS_EVERY", 2)
    told: list[int] = []
    words = read_words(deck, progress=told.append)
    assert words == list(dict.fromkeys(r[0] for r in rows))
    assert told == list(range(2, len(rows) + 1, 2))


def test_vocab_import_says_how_far_only_on_a_terminal(fresh_home: Path, tmp_path: Path) -> None:
    deck = _apkg(tmp_path / "deck.apkg", [["同盟"]] * 3, fields=("Front",))
    result = run_cli("vocab", "import", str(deck))  # stderr is no terminal here: nothing said
    assert result.returncode == 0 and result.stderr == ""
