"""Nothing the user saved is lost: exports, backups, damaged DBs, locks, numbering, kill -9."""

from __future__ import annotations

import hashlib
import os
import signal
import sqlite3
import time
from pathlib import Path

import pytest

from tui.core.study.export import export
from tui.errors import UserError
from tui.store.db import BUSY_TIMEOUT_MS, Damaged, Locked, StoreError, forget_connection
from tui.store.study import MIGRATIONS, SavedWord, Study, latest_backup, study_db


def _word(word: str) -> SavedWord:
    return SavedWord(word, word, "cí", "word", "learning", f"{word}。", None, None, time.time())


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _damage(path: Path) -> None:
    """Garbage over every page but the first, as a bad disk or a stray write would leave it."""
    size = path.stat().st_size
    with path.open("r+b") as fh:
        fh.seek(4096)
        fh.write(b"\xde\xad\xbe\xef" * ((size - 4096) // 4))


# --- export -----------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["study.sqlite", "cache.sqlite", "new.csv", "library/x.csv", "."])
@pytest.mark.parametrize("force", [False, True])
def test_export_never_writes_inside_the_home(fresh_home: Path, name: str, force: bool) -> None:
    study = Study()
    study.save_word(_word("同盟"))
    (fresh_home / "library").mkdir(exist_ok=True)
    before = {p: _digest(p) for p in fresh_home.rglob("*") if p.is_file()}
    with pytest.raises(UserError):
        export(study, "csv", fresh_home / name, force=force)
    assert {p: _digest(p) for p in fresh_home.rglob("*") if p.is_file()} == before
    assert [w.word for w in Study().words()] == ["同盟"]


def test_export_through_a_symlink_into_the_home_is_refused(fresh_home: Path, tmp_path: Path) -> None:
    study = Study()
    study.save_word(_word("同盟"))
    link = tmp_path / "out.csv"
    link.symlink_to(fresh_home / "study.sqlite")
    digest = _digest(fresh_home / "study.sqlite")
    with pytest.raises(UserError, match="inside the yuedu home"):
        export(study, "csv", link, force=True)
    assert _digest(fresh_home / "study.sqlite") == digest


def test_export_replaces_a_file_only_when_forced_and_leaves_no_partial(fresh_home: Path, tmp_path: Path) -> None:
    study = Study()
    study.save_word(_word("同盟"))
    out = tmp_path / "out"
    out.mkdir()
    target = out / "words.csv"
    target.write_text("mine\n", encoding="utf-8")
    with pytest.raises(UserError, match="--force"):
        export(study, "csv", target)
    assert target.read_text(encoding="utf-8") == "mine\n"
    assert export(study, "tsv", target, force=True) == 1
    assert target.read_text(encoding="utf-8").splitlines()[1].startswith("同盟\t")
    assert [p.name for p in out.iterdir()] == ["words.csv"]


def test_export_to_a_folder_is_refused(fresh_home: Path, tmp_path: Path) -> None:
    with pytest.raises(UserError, match="folder"):
        export(Study(), "csv", tmp_path)


def test_a_failed_export_leaves_no_partial(fresh_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    import tui.core.study.export as export_module

    study = Study()
    study.save_word(_word("同盟"))

    def full(rows: object, fmt: str, target: Path) -> None:
        target.write_text("half", encoding="utf-8")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(export_module, "_write_export", full)
    out = tmp_path / "out"
    out.mkdir()
    with pytest.raises(OSError):
        export(study, "csv", out / "words.csv")
    assert list(out.iterdir()) == []


# --- backups and damage -------------------------------------------------------------------------


def test_the_backup_before_a_migration_has_the_rows_still_in_the_wal(fresh_home: Path) -> None:
    path = fresh_home / "study.sqlite"
    old = sqlite3.connect(path, isolation_level=None)
    old.execute("PRAGMA journal_mode = WAL")
    old.execute("PRAGMA wal_autocheckpoint = 0")  # keep every committed row in the WAL
    old.executescript(MIGRATIONS[0])
    old.execute("PRAGMA user_version = 1")
    for n in range(50):
        old.execute("INSERT INTO position VALUES (?, ?, ?)", (f"a{n}", n, 0.0))
    # The main file alone does not have them yet: a file copy would miss them.
    bare = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)
    assert bare.execute("SELECT count(*) FROM sqlite_master WHERE name = 'position'").fetchone()[0] == 0
    bare.close()

    Study()  # migrates to the current version, backing up first
    backups = sorted((fresh_home / "backups").glob("study-v1-*.sqlite"))
    assert len(backups) == 1
    copy = sqlite3.connect(backups[0])
    assert copy.execute("SELECT count(*) FROM position").fetchone()[0] == 50
    assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
    assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    old.close()


def test_a_damaged_study_db_is_refused_names_a_backup_and_is_never_written(fresh_home: Path) -> None:
    from tui.core.study.vocab import add_word

    path = fresh_home / "study.sqlite"
    for n in range(300):  # enough rows for several pages
        Study().save_word(_word(f"词{n}"))
    forget_connection(path)
    for old in (fresh_home / "backups").iterdir():
        old.unlink()
    Study().words()  # the first open of a day backs the DB up, as checked good
    study_db().execute("PRAGMA wal_checkpoint(TRUNCATE)")
    forget_connection(path)
    backup = latest_backup()
    assert backup is not None
    _damage(path)
    digest = _digest(path)
    for attempt in (lambda: Study().save_word(_word("同盟")), lambda: add_word("同盟"), lambda: Study().words()):
        with pytest.raises(Damaged) as caught:
            attempt()
        message = str(caught.value)
        assert "\n" not in message and str(backup) in message and "damaged" in message
        assert _digest(path) == digest
    assert not path.with_name("study.sqlite-wal").exists() or path.with_name("study.sqlite-wal").stat().st_size == 0
    good = sqlite3.connect(backup)
    assert good.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert good.execute("SELECT count(*) FROM vocab").fetchone()[0] == 300


def test_a_study_file_that_is_not_a_database_is_refused(fresh_home: Path) -> None:
    path = fresh_home / "study.sqlite"
    path.write_bytes(b"word,pinyin\n" * 500)  # what the old CSV export did to it
    digest = _digest(path)
    with pytest.raises(Damaged, match="no backup"):
        Study()
    assert _digest(path) == digest


def test_one_backup_a_day_and_a_week_of_them_kept(fresh_home: Path) -> None:
    Study().save_word(_word("同盟"))
    folder = fresh_home / "backups"
    today = sorted(folder.glob("study-2*.sqlite"))
    assert len(today) == 1
    for day in range(1, 12):  # eleven older days
        (folder / f"study-2000{day:04d}.sqlite").write_bytes(today[0].read_bytes())
    forget_connection(fresh_home / "study.sqlite")
    today[0].unlink()
    Study().words()  # the day's first open takes the backup and prunes the oldest
    kept = sorted(folder.glob("study-2*.sqlite"))
    assert len(kept) == 7 and kept[-1].name == today[0].name


# --- locks --------------------------------------------------------------------------------------


def test_a_lock_held_elsewhere_is_one_clear_error_not_a_long_wait(fresh_home: Path) -> None:
    Study().save_word(_word("同盟"))
    assert study_db().execute("PRAGMA busy_timeout").fetchone()[0] == BUSY_TIMEOUT_MS <= 2000
    holder = sqlite3.connect(fresh_home / "study.sqlite", isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")
    try:
        with pytest.raises(Locked, match="locked by another process") as caught:
            Study().save_word(_word("关系"))
        assert isinstance(caught.value, StoreError) and "\n" not in str(caught.value)
    finally:
        holder.execute("ROLLBACK")
        holder.close()
    Study().save_word(_word("关系"))  # and once the lock is gone, the save goes through
    assert {w.word for w in Study().words()} == {"同盟", "关系"}


# --- kill -9 over saves and imports ---------------------------------------------------------------

ROUNDS = 100


def _child(out: int, start: int, sources: Path, exported: Path) -> None:
    """Every write path in turn (save, grade, position, import, remove, export), acknowledging
    each after it has committed."""
    from tui.core.library.importing import add_files, remove

    study = Study()
    n = start
    while True:
        word = f"词{n}"
        study.save_word(_word(word))
        os.write(out, f"w {word}\n".encode())
        study.record_review(word, "meaning", 3, "{}", time.time() + 86400, time.time())
        os.write(out, f"g {word}\n".encode())
        source = sources / f"{n}.txt"
        source.write_text(f"第{n}篇文章。同盟关系{n}。\n" * 20, encoding="utf-8")
        [outcome] = add_files([source])
        assert outcome.id is not None
        os.write(out, f"a {outcome.id}\n".encode())
        study.save_position(outcome.id, n)
        os.write(out, f"p {outcome.id}:{n}\n".encode())
        if n % 2:  # every other article goes to the trash again
            remove(outcome.id)
            os.write(out, f"r {outcome.id}\n".encode())
        rows = export(study, "csv", exported, force=True)
        os.write(out, f"e {rows}\n".encode())
        n += 1


@pytest.mark.long
def test_kill_9_during_every_write_loses_no_acknowledged_write(fresh_home: Path, tmp_path: Path) -> None:
    """100 rounds: a child saves, grades, keeps a position, imports, removes and exports until it
    has acknowledged a few writes, then dies by SIGKILL."""
    from tui.core.library.importing import text_hash

    sources = tmp_path / "sources"
    sources.mkdir()
    exported = tmp_path / "out" / "words.csv"
    exported.parent.mkdir()
    Study()  # created and migrated once, as a running reader would have
    forget_connection(fresh_home / "study.sqlite")
    acknowledged: dict[str, list[str]] = {kind: [] for kind in "wgapre"}
    next_n = 0
    for round_ in range(ROUNDS):
        read, write = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child never returns into pytest
            os.close(read)
            try:
                _child(write, next_n, sources, exported)
            finally:
                os._exit(1)
        os.close(write)
        wanted = 1 + round_ % 9  # how many acknowledgements before the kill: varies, but fixed
        got = 0
        with os.fdopen(read, "rb") as pipe:
            while got < wanted:
                line = pipe.readline()
                assert line, "the child died before it was killed"
                kind, value = line.decode().split()
                acknowledged[kind].append(value)
                got += 1
            os.kill(pid, signal.SIGKILL)
            rest = pipe.read()  # anything acknowledged between our last read and the kill
        os.waitpid(pid, 0)
        for late in rest.decode().splitlines():
            kind, value = late.split()
            acknowledged[kind].append(value)
        # Each child's words and files are its own; odd and even starts, so half the children
        # remove their first article (at the fifth write) whatever the timing of the kill.
        next_n += 1001

    db = sqlite3.connect(fresh_home / "study.sqlite")
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    saved = {row[0] for row in db.execute("SELECT word FROM vocab")}
    assert set(acknowledged["w"]) <= saved
    assert db.execute("SELECT count(*) FROM card").fetchone()[0] == 2 * len(saved)  # a word with its cards
    graded = {row[0] for row in db.execute("SELECT word FROM review_log")}
    assert set(acknowledged["g"]) <= graded
    positions = dict(db.execute("SELECT article, offset FROM position"))
    for kept in acknowledged["p"]:
        article, offset = kept.split(":")
        assert positions[article] == int(offset)
    library, trash = fresh_home / "library", fresh_home / "trash"
    removed = set(acknowledged["r"])
    for article in acknowledged["a"]:
        # Removed: in the trash only. Else in the library, or in the trash if a removal not
        # yet acknowledged had moved it: never in both, never torn.
        copies = [folder / f"{article}.md" for folder in (library, trash) if (folder / f"{article}.md").exists()]
        assert len(copies) == 1 and (article not in removed or copies[0].parent == trash), article
        text = copies[0].read_text(encoding="utf-8")
        assert text_hash(text) == article.split("_", 1)[1]  # the whole text, not a torn copy
    numbers = [p.stem.split("_", 1)[0] for p in library.glob("*.md")]
    assert len(numbers) == len(set(numbers))
    assert len(acknowledged["a"]) >= ROUNDS // 4 and removed and acknowledged["e"]
    # The export is whole: a header and at least the rows of the last export acknowledged.
    lines = exported.read_text(encoding="utf-8").splitlines()
    assert len(lines) - 1 >= max(int(rows) for rows in acknowledged["e"])
    from tui.core.library.importing import add_files

    add_files([])  # the next import clears what a killed one left half-written
    assert list(library.glob("*.partial")) == list(library.glob(".*.partial")) == []
