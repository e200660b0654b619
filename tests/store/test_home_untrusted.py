"""The home is data, not code, and is not trusted (issue 25, items 0, 1, 2, 8, 10): no value in the
cache is run, no link in the home is followed, no FIFO waited on, every read bounded, and what
yuedu makes there is private."""

from __future__ import annotations

import builtins
import os
import pickle
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import HANG, ROOT, library_copies, run_cli

SEEDS = sorted(p.stem for p in (ROOT / "seeds").glob("*.txt"))
# Long enough for a loaded machine to start Python and answer; a FIFO waited on never ends.
HANG_S = 60


def yuedu(*args: str, home: Path | None = None, **env: str) -> subprocess.CompletedProcess[str]:
    """`yuedu ARGS` run in this process, with a fresh process's per-home state (run_cli)."""
    if home is not None:
        env["YUEDU_HOME"] = str(home)
    return run_cli(*args, env=env)


def yuedu_process(
    *args: str, home: Path | None = None, timeout: float = HANG_S, **env: str
) -> subprocess.CompletedProcess[str]:
    """`yuedu ARGS` in a child: where a FIFO may be waited on (the timeout bounds it) or the
    cache must be met cold, as a new process meets it."""
    full = dict(os.environ, **env)
    if home is not None:
        full["YUEDU_HOME"] = str(home)
    return subprocess.run(
        [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=full, timeout=timeout, cwd=ROOT
    )


def one_line(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr and result.stderr.count("\n") == 1, result.stderr
    return result.stderr


class _Planted:
    """A pickle that creates a file when unpickled: what a crafted cache row would run."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (builtins.open, (str(self.marker), "w"))


# --- 0. the cache runs no code -------------------------------------------------------------


def test_a_crafted_pickle_in_every_cache_blob_runs_nothing(fresh_home: Path, tmp_path: Path) -> None:
    commands = [("lookup", "同盟"), ("outline", SEEDS[1]), ("list", "--json"), ("annotate", SEEDS[0], "--json")]
    before = [yuedu_process(*c) for c in commands]
    for result in before:
        assert result.returncode == 0, result.stderr
    marker = tmp_path / "ran"
    payload = pickle.dumps(_Planted(marker))
    db = sqlite3.connect(fresh_home / "cache.sqlite")
    keys = [k for (k,) in db.execute("SELECT key FROM analysis")]
    kinds = {k.split(":", 1)[0] for k in keys}
    assert {"glossary", "outline", "script"} <= kinds, kinds  # the glossary's rows are "glossary:<version>:…"
    db.execute("UPDATE analysis SET data = ?", (payload,))
    db.commit()
    db.close()
    after = [yuedu_process(*c) for c in commands]
    assert not marker.exists()
    for command, old, new in zip(commands, before, after, strict=True):
        assert new.returncode == 0, (command, new.stderr)
        assert new.stdout == old.stdout, command  # each blob rebuilt, the same answer


def test_no_pickle_or_marshal_reads_the_home() -> None:
    """The one pickle left reads the g2pM package's own data files, never the home."""
    users = []
    for path in (ROOT / "tui").rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        if "pickle.load" in text or "marshal.load" in text:
            users.append(path.relative_to(ROOT).as_posix())
    assert users == ["tui/core/text/polyphone.py"]


def test_a_damaged_analysis_header_is_a_cache_miss(fresh_home: Path) -> None:
    import json

    from tui.core.text.analysis_blob import load_analysis as _load
    from tui.core.text.analyzer import Analyzer, _digest

    az = Analyzer()
    text = "日本和美国的同盟关系很重要。"
    first = az.analyse(text)
    db = sqlite3.connect(fresh_home / "cache.sqlite")
    key = az.cache_key(_digest(text))
    (blob,) = db.execute("SELECT data FROM analysis WHERE key = ?", (key,)).fetchone()
    size = int.from_bytes(blob[:4], "little")
    header = json.loads(blob[4 : 4 + size])
    for name, value in (("tokens", "x"), ("tokens", 10**9), ("glossary", 5), ("glossary", [["a", 1, "x"]])):
        bad = json.dumps({**header, name: value}).encode()
        db.execute(
            "UPDATE analysis SET data = ? WHERE key = ?", (len(bad).to_bytes(4, "little") + bad + blob[4 + size :], key)
        )
        db.commit()
        assert _load(key, text, az.glossary) is None, (name, value)
    db.close()
    assert [t.text for t in Analyzer().analyse(text).tokens] == [t.text for t in first.tokens]


# --- 1. links, FIFOs and writes ------------------------------------------------------------


def test_a_planted_partial_link_is_never_written_through(fresh_home: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text("keep me", encoding="utf-8")
    (fresh_home / ".hidden.txt.partial").symlink_to(victim)
    result = yuedu("remove", SEEDS[0])
    assert result.returncode == 0, result.stderr
    assert victim.read_text(encoding="utf-8") == "keep me"
    hidden = fresh_home / "hidden.txt"
    assert not hidden.is_symlink() and hidden.read_text(encoding="utf-8") == f"{SEEDS[0]}\n"


def test_a_hidden_txt_that_is_a_link_is_replaced_not_written_through(fresh_home: Path, tmp_path: Path) -> None:
    victim = tmp_path / "victim"
    victim.write_text(f"{SEEDS[1]}\n", encoding="utf-8")
    (fresh_home / "hidden.txt").symlink_to(victim)
    listed = yuedu("list", "--json")
    assert listed.returncode == 0 and SEEDS[1] in listed.stdout  # the link hides nothing
    assert "hidden.txt" in listed.stderr and "symbolic link" in listed.stderr
    assert yuedu("remove", SEEDS[0]).returncode == 0
    assert victim.read_text(encoding="utf-8") == f"{SEEDS[1]}\n"
    assert not (fresh_home / "hidden.txt").is_symlink()


def _bad_library(home: Path, outside: Path) -> list[str]:
    """Every kind of entry that is not an article of ours; the names of those that are."""
    library = home / "library"
    library.mkdir()
    secret = outside / "secret"
    secret.write_text("TOP-SECRET-LINE\n", encoding="utf-8")
    (library / "a_secret.txt").symlink_to(secret)
    (library / "b_zero.txt").symlink_to("/dev/zero")
    (library / "c_dangling.txt").symlink_to(outside / "nothing-here")
    (library / "d_loop.txt").symlink_to("d_loop.txt")
    (library / "e_folder.txt").mkdir()
    os.mkfifo(library / "f_fifo.txt")
    (library / "g_gbk.txt").write_bytes("日本和美国的同盟关系。".encode("gbk"))
    with (library / "h_sparse.txt").open("wb") as fh:
        fh.truncate(1_500_000_000)  # 1.5 GB of nothing, on no disk
    (library / "z_good.txt").write_text("好文章\n\n日本和美国的同盟关系很重要。\n", encoding="utf-8")
    return ["z_good"]


def test_one_bad_entry_hides_no_article_and_none_is_read(fresh_home: Path, tmp_path: Path) -> None:
    good = _bad_library(fresh_home, tmp_path)
    import json

    listed = yuedu_process("list", "--json")
    assert listed.returncode == 0, listed.stderr
    ids = [row["id"] for row in json.loads(listed.stdout)]
    assert ids == SEEDS + good
    assert "TOP-SECRET" not in listed.stdout
    assert listed.stderr.count("\n") == 1 and "skipped" in listed.stderr and "a_secret.txt" in listed.stderr
    for args in (("search", "同盟", "--json"), ("lookup", "同盟"), ("outline", "z_good")):
        result = yuedu_process(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert "TOP-SECRET" not in result.stdout


async def test_the_library_screen_lists_the_good_articles_of_a_hostile_library(
    fresh_home: Path, tmp_path: Path
) -> None:
    from textual.widgets import DataTable

    from tests.app.helpers import settle
    from tui.app.main import YueduApp
    from tui.app.screens.library import LibraryScreen

    good = _bad_library(fresh_home, tmp_path)
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, LibraryScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == len(SEEDS) + len(good)
        assert any("a_secret.txt" in str(n.message) for n in app._notifications)


def test_a_write_past_the_file_size_limit_is_one_line(fresh_home: Path, tmp_path: Path) -> None:
    import resource

    source = tmp_path / "big.txt"
    source.write_text("长文章\n\n" + "日本和美国的同盟关系很重要。\n" * 20_000, encoding="utf-8")

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (100_000, 100_000))

    result = subprocess.run(
        [sys.executable, "-m", "tui", "add", str(source)],
        capture_output=True,
        text=True,
        timeout=HANG_S,
        cwd=ROOT,
        preexec_fn=limit,
    )
    assert "file size limit" in one_line(result)
    library = fresh_home / "library"
    assert [p.name for p in library.rglob("*") if p.is_file() and not p.name.startswith(".")] == []


def test_bad_hidden_txt_and_lock_do_not_block(fresh_home: Path, tmp_path: Path) -> None:
    os.mkfifo(fresh_home / "hidden.txt")
    (fresh_home / "library").mkdir()
    os.mkfifo(fresh_home / "library" / ".lock")
    source = tmp_path / "new.txt"
    source.write_text("新文章\n\n日本和美国的同盟关系很重要。\n", encoding="utf-8")
    listed = yuedu_process("list")
    assert listed.returncode == 0 and "hidden.txt" in listed.stderr and "FIFO" in listed.stderr
    added = yuedu_process("add", str(source))
    assert added.returncode == 0, added.stderr
    assert ".lock" in added.stderr and "locking its folder instead" in added.stderr
    assert len(library_copies(fresh_home)) == 1


def test_glossary_entries_that_are_no_files_are_skipped(fresh_home: Path, tmp_path: Path) -> None:
    folder = fresh_home / "glossary"
    folder.mkdir()
    os.mkfifo(folder / "fifo.toml")
    (folder / "zero.toml").symlink_to("/dev/zero")
    outside = tmp_path / "theirs.toml"
    outside.write_text('[[entry]]\nterm = "外来词"\n', encoding="utf-8")
    (folder / "out.toml").symlink_to(outside)
    (folder / "mine.toml").write_text(
        '[[entry]]\nterm = "自家词"\npinyin = "zìjiācí"\nenglish = "our word"\ncategory = "other"\nnote = "n"\n',
        encoding="utf-8",
    )
    checked = yuedu_process("glossary", "check")  # the checker lists what loading skips, as problems
    assert checked.returncode == 2, checked.stderr
    assert all(name in checked.stdout for name in ("fifo.toml", "zero.toml", "out.toml"))
    assert "外来词" not in checked.stdout  # the linked file was never read
    shown = yuedu_process("glossary", "show", "自家词")
    assert shown.returncode == 0 and "our word" in shown.stdout
    assert yuedu_process("glossary", "show", "外来词").returncode == 1


def test_a_huge_sparse_hidden_txt_is_refused_not_read(fresh_home: Path) -> None:
    with (fresh_home / "hidden.txt").open("wb") as fh:
        fh.truncate(200_000_000)
    listed = yuedu("list", "--json", YUEDU_MAX_INPUT_MB="8")
    assert listed.returncode == 0 and "larger than 8 MB" in listed.stderr


def test_what_yuedu_makes_is_private(tmp_path: Path, shared_home: Path) -> None:
    home = tmp_path / "made" / "home"
    source = tmp_path / "new.txt"
    source.write_text("新文章\n\n日本和美国的同盟关系很重要。\n", encoding="utf-8")
    for args in (("add", str(source)), ("vocab", "add", "同盟"), ("remove", SEEDS[0])):
        result = yuedu(*args, home=home)
        assert result.returncode == 0, (args, result.stderr)
    added = next(p for p in library_copies(home) if p.name.startswith("0")).stem
    assert yuedu("remove", added, home=home).returncode == 0
    made = [home, *home.rglob("*")]
    kinds = {p.relative_to(home).parts[0] if p != home else "." for p in made}
    assert {".", "library", "study.sqlite", "cache.sqlite", "backups", "trash", "hidden.txt"} <= kinds
    for path in made:
        mode = stat.S_IMODE(path.lstat().st_mode)
        if path.is_dir():
            assert mode == 0o700, (path, oct(mode))
        else:
            assert mode == 0o600, (path, oct(mode))


# --- 2. bounded reads and `add` ------------------------------------------------------------


def test_add_of_a_link_says_so_and_refuses_what_is_no_file(fresh_home: Path, tmp_path: Path) -> None:
    real = tmp_path / "real.txt"
    real.write_text("真文章\n\n日本和美国的同盟关系很重要。\n", encoding="utf-8")
    (tmp_path / "link.txt").symlink_to(real)
    added = yuedu("add", str(tmp_path / "link.txt"))
    assert added.returncode == 0 and "a link" in added.stdout and str(real) in added.stdout.replace("\n", "")
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    assert "a device" in one_line(yuedu("add", str(tmp_path / "zero.txt")))
    (tmp_path / "status.txt").symlink_to("/proc/self/status")
    assert "tells no size" in one_line(yuedu("add", str(tmp_path / "status.txt")))


def test_a_file_that_changes_while_read_is_refused(
    fresh_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tui.core.library import importing, limits

    source = tmp_path / "growing.txt"
    source.write_text("第一版\n\n日本和美国的同盟关系。\n", encoding="utf-8")
    real = limits.read_stream

    def read_then_write(stream: object) -> bytes:
        data = real(stream)  # type: ignore[arg-type]
        with source.open("a", encoding="utf-8") as fh:
            fh.write("第二版写到一半")
        return data

    monkeypatch.setattr(limits, "read_stream", read_then_write)
    (outcome,) = importing.add_files([source])
    assert outcome.status == "refused" and "changed while it was read" in outcome.reason
    assert not library_copies(fresh_home)


def test_no_note_is_left_when_the_text_is_not_saved(
    fresh_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from tui.core.library import importing
    from tui.store import files

    source = tmp_path / "new.txt"
    source.write_text("新文章\n\n日本和美国的同盟关系很重要。\n", encoding="utf-8")
    real = files.write_atomically

    def full_disk_for_texts(target: Path, data: bytes | str) -> None:
        if target.parent.name == "library" and target.suffix in (".txt", ".md"):  # the library copy
            raise OSError(errno.ENOSPC, "No space left on device", str(target))
        real(target, data)

    monkeypatch.setattr(files, "write_atomically", full_disk_for_texts)
    with pytest.raises(OSError):
        importing.add_files([source])
    library = fresh_home / "library"
    assert [p.name for p in library.rglob("*") if p.is_file() and not p.name.startswith(".")] == []


# --- 8. the study DB and its backups ---------------------------------------------------------


def _study_home(home: Path) -> Path:
    assert yuedu("vocab", "add", "同盟", home=home).returncode == 0
    return home / "study.sqlite"


def test_a_newer_study_db_is_read_only_and_never_written(fresh_home: Path) -> None:
    db_path = _study_home(fresh_home)
    db = sqlite3.connect(db_path)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.execute("PRAGMA user_version = 99")
    db.close()
    before = db_path.read_bytes()
    listed = yuedu("vocab", "list", "--json")
    assert listed.returncode == 0 and '"同盟"' in listed.stdout
    assert listed.stderr.count("\n") == 1 and "newer yuedu" in listed.stderr and "read-only" in listed.stderr
    assert "nothing will be saved" in one_line(yuedu("vocab", "add", "关系"))  # the notice, no second line
    assert db_path.read_bytes() == before


def test_a_study_db_of_another_shape_is_refused_naming_the_backup(fresh_home: Path) -> None:
    db_path = _study_home(fresh_home)
    db = sqlite3.connect(db_path)
    db.execute("ALTER TABLE vocab RENAME TO vocab_old")
    db.execute("CREATE TABLE vocab (x)")
    db.commit()
    db.close()
    line = one_line(yuedu("vocab", "list"))
    backups = sorted((fresh_home / "backups").glob("study-*.sqlite"))
    assert "not yuedu's" in line and str(backups[-1]) in line
    fresh = fresh_home.parent / "other"
    fresh.mkdir()
    db = sqlite3.connect(fresh / "study.sqlite")
    db.execute("CREATE TABLE vocab (x)")  # version 0, a table of its own: not migrated over
    db.close()
    assert "not yuedu's" in one_line(yuedu("vocab", "list", home=fresh))


def test_a_study_db_that_is_a_fifo_or_a_link_is_refused(fresh_home: Path, tmp_path: Path) -> None:
    os.mkfifo(fresh_home / "study.sqlite")
    assert "a FIFO" in one_line(yuedu_process("vocab", "add", "同盟"))
    (fresh_home / "study.sqlite").unlink()
    outside = tmp_path / "elsewhere.sqlite"
    (fresh_home / "study.sqlite").symlink_to(outside)
    assert "symbolic link" in one_line(yuedu_process("vocab", "add", "同盟"))
    assert not outside.exists()


def test_a_cache_linked_to_the_study_db_is_rebuilt_beside_it(fresh_home: Path) -> None:
    db_path = _study_home(fresh_home)
    for suffix in ("", "-wal", "-shm"):
        (fresh_home / f"cache.sqlite{suffix}").unlink(missing_ok=True)
    (fresh_home / "cache.sqlite").symlink_to("study.sqlite")
    result = yuedu("lookup", "同盟")
    assert result.returncode == 0 and "cache.sqlite" in result.stderr and "rebuilding" in result.stderr
    assert not (fresh_home / "cache.sqlite").is_symlink()
    words = yuedu("vocab", "list", "--json")
    assert words.returncode == 0 and '"同盟"' in words.stdout
    db = sqlite3.connect(db_path)
    assert "analysis" not in {n for (n,) in db.execute("SELECT name FROM sqlite_master")}
    db.close()


def test_backups_survive_a_clock_that_jumps(fresh_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import time

    from tui.store import study
    from tui.store.db import forget_connection

    path = _study_home(fresh_home)
    folder = fresh_home / "backups"
    day = 86_400
    now = time.time()

    def run_at(when: float) -> Path:
        monkeypatch.setattr(study, "_now", lambda: when)
        forget_connection(path)
        study.study_db()
        made = folder / f"study-{time.strftime('%Y%m%d', time.localtime(when))}.sqlite"
        if made.exists():
            os.utime(made, (when, when))  # the file system's clock jumped with the system's
        return made

    future = time.mktime((2099, 1, 1, 12, 0, 0, 0, 0, -1))
    for n in range(9):
        run_at(future + n * day)
    for n in range(9):
        today = run_at(now + n * day)
        assert today.exists(), n  # made and kept, though nine backups in 2099 sort after it
    names = sorted(p.name for p in folder.glob("study-2*.sqlite"))
    assert len(names) <= 3 * study.DAILY_BACKUPS_KEPT
    recent = [f"study-{time.strftime('%Y%m%d', time.localtime(now + n * day))}.sqlite" for n in range(2, 9)]
    assert set(recent) <= set(names)


def test_a_home_under_an_unknown_user_is_one_line() -> None:
    assert "no home folder" in one_line(yuedu("list", YUEDU_HOME="~nosuchuser-yuedu/yuedu"))


# --- 10. the keymap ------------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["nested", "dotted", "zero", "fifo", "huge"])
def test_a_bad_keymap_is_one_notice_and_the_defaults(tmp_path: Path, kind: str) -> None:
    from tui.app.keys import DESCRIPTIONS, read_keymap

    path = tmp_path / "keymap.toml"
    if kind == "nested":
        path.write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    elif kind == "dotted":
        path.write_text("a" + ".a" * 5000 + ' = "x"\n', encoding="utf-8")
    elif kind == "zero":
        path.symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(path)
    else:
        with path.open("wb") as fh:
            fh.truncate(2_000_000_000)
    keymap, problem = read_keymap(path, set(DESCRIPTIONS))
    assert keymap == {} and problem is not None and problem.startswith("keymap.toml: ")
    assert len(problem) < 300 and "\n" not in problem


async def test_the_reader_starts_with_a_hostile_keymap(fresh_home: Path) -> None:
    from tui.app.main import YueduApp
    from tui.app.screens.library import LibraryScreen

    (fresh_home / "keymap.toml").write_text("a = " + "[" * 5000 + "]" * 5000 + "\n", encoding="utf-8")
    app = YueduApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, LibraryScreen)
        assert any("keymap.toml" in str(n.message) for n in app._notifications)
        await pilot.press("q")
    assert app.return_code in (0, None)


def test_a_hidden_txt_that_links_to_itself_is_skipped_by_every_command(fresh_home: Path) -> None:
    # Found by the property test: the search index's stamp followed the link (ELOOP, exit 70).
    (fresh_home / "hidden.txt").symlink_to("hidden.txt")
    for args in (("lookup", "同盟"), ("search", "同盟"), ("list",)):
        result = yuedu(*args)
        assert result.returncode == 0, (args, result.stderr)
        assert "Traceback" not in result.stderr and "internal error" not in result.stderr


def test_asking_the_study_db_its_version_keeps_this_process_locks(tmp_path: Path) -> None:
    # The reader opens a connection per worker thread while others are open. Reading the header
    # by hand closed a descriptor of the file, which drops every POSIX lock of the process:
    # another yuedu closing its connection then deleted the WAL under ours (a damaged study DB).
    from tui.store import study

    path = tmp_path / "study.sqlite"
    ours = sqlite3.connect(path, isolation_level=None)
    ours.execute("PRAGMA journal_mode = WAL")
    ours.execute("CREATE TABLE t (x)")
    ours.execute("INSERT INTO t VALUES (1)")
    assert study._newer_version(path) is None
    other = "import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); c.execute('SELECT * FROM t').fetchall(); c.close()"
    subprocess.run([sys.executable, "-c", other, str(path)], check=True, timeout=HANG)
    assert path.with_name("study.sqlite-wal").exists()  # the other process knew it was not the last
    assert ours.execute("SELECT x FROM t").fetchall() == [(1,)]
    ours.close()
