"""Every test runs with YUEDU_HOME in a temp dir, never the user's real data."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from collections.abc import Iterator

    from tui.core.library.articles import Library
    from tui.core.text.analysis import Analyzer

ROOT = Path(__file__).resolve().parent.parent
# A subprocess that has not finished after this long has hung: the limit ends the run, it does
# not measure speed (CI is a loaded 2-core machine; speed lives in bench/).
HANG = 900
_SHARED_HOME = pytest.StashKey[Path]()
_BUILT_HOME = "YUEDU_TEST_BUILT_HOME"  # an xdist controller's built shared home, for its workers


def pytest_configure(config: pytest.Config) -> None:
    # One shared home for read-only tests, so CC-CEDICT and jieba's cache are built once.
    import tempfile

    shared = Path(tempfile.mkdtemp(prefix="yuedu-test-home-"))
    config.stash[_SHARED_HOME] = shared
    built = os.environ.get(_BUILT_HOME)
    if hasattr(config, "workerinput") and built:
        _copy_home(Path(built), shared)  # an xdist worker: the controller has built it
    os.environ["YUEDU_HOME"] = str(shared)
    os.environ.pop("NO_COLOR", None)
    if not hasattr(config, "workerinput") and getattr(config.option, "numprocesses", None):
        # The controller of an xdist run builds the rebuildable cache once, and each worker's
        # shared home starts as a copy of it: each worker built it again (~3 s CPU a worker).
        _build_home(shared)
        os.environ[_BUILT_HOME] = str(shared)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """`-n auto`: more workers than the cores this process may use (5 on 2 cores). A fifth of the
    suite's time is spent waiting (on `yuedu` children, tmux, a held lock), and a worker waiting
    leaves its core to whatever else runs: beside a CPU hog on two cores `make test` (fresh
    clone) took 341 s with 2 workers, 307 s with 3, 292 s with 4, 274 s with 5. A worker holds
    300-700 MB."""
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own variable decides
    cores = len(os.sched_getaffinity(0))
    return min(cores + 3, 2 * cores + 1)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # The longest tests first (a stable sort: the rest keep their order). xdist hands tests out
    # in this order as workers free up; one left with a 30 s test at the end idles the other.
    items.sort(key=lambda item: item.get_closest_marker("long") is None)


def pytest_unconfigure(config: pytest.Config) -> None:
    # The shared home is the run's own: removed with it (it was 66 MB left in /tmp per run).
    import shutil

    shared = config.stash.get(_SHARED_HOME, None)
    if shared is not None:
        shutil.rmtree(shared, ignore_errors=True)


def _forget_kept_in_memory() -> None:
    """Empty what the reader keeps in memory for an article opened again (analyses, outlines, line
    counts), as in a new process."""
    for name, forget in (
        ("tui.core.text.analyzer", "forget_kept"),
        ("tui.core.library.outline", "forget_kept"),
        ("tui.core.text.layout_lazy", "forget_counted"),
    ):
        module = sys.modules.get(name)
        if module is not None:
            getattr(module, forget)()


@pytest.fixture(autouse=True)
def _kept_between_openings(request: pytest.FixtureRequest) -> None:
    """Analyses, outlines and line counts kept in memory are keyed by content (valid in any home), so they
    carry over between the Pilot tests (tests/app), as between a user's openings of an article;
    a test elsewhere, or marked `cold`, starts without them: it sees a first opening."""
    if request.node.get_closest_marker("cold") is not None or not request.node.nodeid.startswith("tests/app/"):
        _forget_kept_in_memory()


@pytest.fixture(autouse=True)
def _pilot_idle_waits(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot's wait after each key, in short windows guarded by the event loop (tests/pilot_idle.py):
    Textual's 20 ms windows were half of the long Pilot tests' time, asleep."""
    if "textual.app" not in sys.modules:  # a test without Pilot: textual stays unimported
        return
    import textual.app
    import textual.pilot

    from tests import pilot_idle

    for module in (textual.app, textual.pilot):
        if hasattr(module, "wait_for_idle"):  # another Textual keeps its own wait
            monkeypatch.setattr(module, "wait_for_idle", pilot_idle.wait_for_idle)


@pytest.fixture(scope="session")
def shared_home() -> Path:
    return Path(os.environ["YUEDU_HOME"])


def _build_home(home: Path) -> None:
    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.lexicon.hanzi import decompose
    from tui.core.text.tokens import Segmenter

    before = os.environ.get("YUEDU_HOME")  # first asked for by a test that may have set its own
    os.environ["YUEDU_HOME"] = str(home)
    try:
        Dictionary()
        decompose("字")
        Segmenter().cut("中文")
    finally:
        if before is None:
            del os.environ["YUEDU_HOME"]
        else:
            os.environ["YUEDU_HOME"] = before


def _copy_home(built: Path, home: Path) -> None:
    """The rebuildable cache of a built home: a SQLite backup (a consistent copy of a database
    that may be open elsewhere) and jieba's prefix dictionary."""
    import shutil
    import sqlite3

    cache = built / "cache.sqlite"
    if cache.exists():
        src = sqlite3.connect(cache)
        dst = sqlite3.connect(home / "cache.sqlite")
        src.backup(dst)
        src.close()
        dst.close()
    if (built / "jieba").is_dir():
        shutil.copytree(built / "jieba", home / "jieba")


@pytest.fixture(scope="session")
def home_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """What every fresh home starts with, made once: a built home's rebuildable cache (a SQLite
    backup, so a consistent copy) and jieba's prefix dictionary. No SQLite connection ever opens
    these files, so a fresh home copies them as plain files (no lock to drop), where a backup per
    test wrote the whole 30-60 MB through SQLite each time.

    Never the shared home as it is when first asked for: tests before may have cached analyses
    in it, and a fresh home would then open an article already analysed (a test of a first
    opening failed or passed by the order tests ran in). An xdist worker copies its controller's
    home, built and never used; a single process builds the template itself."""
    template = tmp_path_factory.mktemp("home-template")
    built = os.environ.get(_BUILT_HOME)
    if built:
        _copy_home(Path(built), template)
    else:
        scratch = tmp_path_factory.mktemp("home-built")
        _build_home(scratch)
        _copy_home(scratch, template)
    return template


@pytest.fixture(autouse=True, scope="session")
def _prefix_dicts_by_content() -> Iterator[None]:
    """jieba's prefix dict as loaded from the bytes of its file, kept for the run: each fresh
    home holds a copy of the same file, and building the dict (~0.25 s) was paid again by
    every test that segments. The file is still read (with the same checks) and compared
    whole; a damaged or other file is loaded for real. Each caller gets its own copy, as a
    tokenizer adds words to its dict."""
    from tui.core.text import prefix_dict
    from tui.store import files

    real = prefix_dict.load
    kept: dict[bytes, tuple[dict[str, int], int]] = {}

    def load(path: Path) -> tuple[dict[str, int], int] | None:
        try:
            data = files.read_bytes(path, prefix_dict.MAX_BYTES)
        except OSError:
            return None
        seen = kept.get(data)
        if seen is None:
            loaded = real(path)
            if loaded is None:
                return None
            seen = kept[data] = (dict(loaded[0]), loaded[1])
        return dict(seen[0]), seen[1]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(prefix_dict, "load", load)
        yield


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, home_template: Path) -> Iterator[Path]:
    """An empty home of the test's own; the rebuildable cache is copied from the shared home."""
    import shutil

    home = tmp_path / "home"
    home.mkdir()
    if (home_template / "cache.sqlite").exists():
        shutil.copyfile(home_template / "cache.sqlite", home / "cache.sqlite")
    if (home_template / "jieba").is_dir():
        shutil.copytree(home_template / "jieba", home / "jieba")
    monkeypatch.setenv("YUEDU_HOME", str(home))
    yield home
    # The copies (~40 MB a home, 400+ homes a run) removed once the test is over, before the
    # kernel writes them to disk; what the test made of its own stays for a look after a failure.
    for name in ("cache.sqlite", "cache.sqlite-wal", "cache.sqlite-shm"):
        (home / name).unlink(missing_ok=True)
    shutil.rmtree(home / "jieba", ignore_errors=True)


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    from tui.core.text.analysis import Analyzer

    return Analyzer()


@pytest.fixture(scope="session")
def library() -> Library:
    from tui.core.library.articles import Library

    return Library()


def run_cli(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None, tty: bool = False
) -> subprocess.CompletedProcess[str]:
    """`yuedu ARGS` run in this process, as a child would see it: `tui.cli.main(args)` with its own
    standard streams (text over bytes, not a terminal), `env` added to the environment for the
    call, and a process's per-home state (connections, notices said once, caches) fresh.
    Returns what `subprocess.run(..., capture_output=True, text=True)` would.

    With `tty`, stdout is a terminal (a pty, line-buffered as a child's would be) and its
    stdout is the bytes the terminal received, decoded with errors replaced, newlines as sent."""
    import io

    saved_env = os.environ.copy()
    saved_streams = sys.stdin, sys.stdout, sys.stderr
    out, err = io.BytesIO(), io.BytesIO()
    terminal = _Pty() if tty else None
    # Held here as well: the code under test may replace sys.stdout, and a wrapper that is
    # collected closes the bytes under it.
    streams = (
        io.TextIOWrapper(io.BytesIO((stdin or "").encode("utf-8")), encoding="utf-8"),
        terminal.stream if terminal else io.TextIOWrapper(out, encoding="utf-8", errors="strict"),
        io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace"),
    )
    sys.stdin, sys.stdout, sys.stderr = streams
    try:
        os.environ.update(env or {})
        with _fresh_process_state():
            code = _call_main(list(args))
        for stream in streams[1:]:
            try:
                stream.flush()
            except ValueError:  # closed by the code under test
                pass
        shown = terminal.close() if terminal else _as_text(out.getvalue())
        result = subprocess.CompletedProcess(["yuedu", *args], code, shown, _as_text(err.getvalue()))
    finally:
        if terminal:
            terminal.close()
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.environ.clear()
        os.environ.update(saved_env)
    return result


class _Pty:
    """A pseudo-terminal for run_cli's stdout, drained by a thread as the call writes to it."""

    def __init__(self) -> None:
        import pty
        import threading

        self.main, self.child = pty.openpty()
        self.stream = open(self.child, "w", encoding="utf-8", closefd=False)
        self.chunks: list[bytes] = []
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()
        self.text: str | None = None

    def _drain(self) -> None:
        while True:
            try:
                chunk = os.read(self.main, 65536)
            except OSError:  # EIO: the terminal's other side is closed
                break
            if not chunk:
                break
            self.chunks.append(chunk)

    def close(self) -> str:
        if self.text is None:
            with contextlib.suppress(ValueError, OSError):
                self.stream.flush()
            os.close(self.child)
            self.reader.join(timeout=HANG)
            os.close(self.main)
            self.text = b"".join(self.chunks).decode("utf-8", "replace")
        return self.text


def run_cli_process(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """`python -m tui ARGS` in a child: only for tests whose subject is the process itself
    (broken pipe, argv bytes, locks held by another process, a damaged cache met cold, exit codes
    of the interpreter)."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=HANG,
    )


def _call_main(argv: list[str]) -> int:
    import traceback

    from tui.cli import main

    try:
        return main(argv)
    except SystemExit as exc:  # argparse: --help, --version, usage errors
        if exc.code is None or isinstance(exc.code, int):
            return exc.code or 0
        sys.stderr.write(f"{exc.code}\n")
        return 1
    except Exception:  # what the interpreter would print for an uncaught error, and its exit code
        traceback.print_exc(file=sys.stderr)
        return 1


def _as_text(data: bytes) -> str:
    # As subprocess's text mode reads a child's output: decoded, universal newlines.
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


@contextlib.contextmanager
def _fresh_process_state() -> Iterator[None]:
    """A new process's state for one in-process call, the test's own put back after it.

    Reset here (anything else module-level is derived from bundled data only, the same in every
    process): this thread's SQLite connections (tui.store.db), the study DB's checked stamps
    (tui.store.study), notices said once per process (tui.store.files), the parsed glossary and
    its notices said (tui.core.lexicon.glossary), the user's reading fixes (tui.core.lexicon.fixes),
    articles handed to the index (tui.core.library.index) and where cache notices go
    (tui.store.cache.notice, the app replaces it). Analyses, outlines and line counts kept in memory start
    empty, as in a new process (content-keyed, they are left as the call made them). A new
    per-process cache must be added here."""
    from tui.core.lexicon import fixes, glossary
    from tui.core.library import index
    from tui.store import cache, db, files, study

    conns = db._local.__dict__.get("conns", {})
    checked, told, notice = dict(study._checked), set(files._told), cache.notice
    loaded, noticed, fixed = dict(glossary._loaded), set(glossary._noticed), fixes._loaded
    db._local.conns = {}
    study._checked.clear()
    files._told.clear()
    glossary._loaded.clear()
    glossary._noticed.clear()
    fixes._loaded = None
    cache.notice = cache.notice_to_stderr
    index._fresh.clear()
    _forget_kept_in_memory()
    try:
        yield
    finally:
        for conn in db._local.__dict__.get("conns", {}).values():
            conn.close()
        db._local.conns = conns
        study._checked.clear()
        study._checked.update(checked)
        files._told.clear()
        files._told.update(told)
        glossary._loaded.clear()
        glossary._loaded.update(loaded)
        glossary._noticed.clear()
        glossary._noticed.update(noticed)
        fixes._loaded = fixed
        cache.notice = notice
        index._fresh.clear()


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Which path the terminal tests took: our own minimiser and compositor, or Textual's own."""
    from tui.app import terminal

    line = f"terminal: {terminal.path()} (textual {terminal.textual_version()}, tested with {terminal.TESTED})"
    terminalreporter.write_line(line)


def library_copies(home: Path) -> list[Path]:
    """The library's copies of imported articles: old plain ones (.txt) and documents (.md)."""
    library = home / "library"
    return sorted([*library.glob("*.txt"), *library.glob("*.md")])
