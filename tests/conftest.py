"""Every test runs with YUEDU_HOME in a temp dir, never the user's real data."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tui.core.library.articles import Library
    from tui.core.text.analysis import Analyzer

ROOT = Path(__file__).resolve().parent.parent
# A subprocess that has not finished after this long has hung: the limit ends the run, it does
# not measure speed (CI is a loaded 2-core machine; speed lives in bench/).
HANG = 900
_SHARED_HOME = pytest.StashKey[Path]()


def pytest_configure(config: pytest.Config) -> None:
    # One shared home for read-only tests, so CC-CEDICT and jieba's cache are built once.
    import tempfile

    shared = Path(tempfile.mkdtemp(prefix="yuedu-test-home-"))
    config.stash[_SHARED_HOME] = shared
    os.environ["YUEDU_HOME"] = str(shared)
    os.environ.pop("NO_COLOR", None)


def pytest_unconfigure(config: pytest.Config) -> None:
    # The shared home is the run's own: removed with it (it was 66 MB left in /tmp per run).
    import shutil

    shared = config.stash.get(_SHARED_HOME, None)
    if shared is not None:
        shutil.rmtree(shared, ignore_errors=True)


@pytest.fixture(scope="session")
def shared_home() -> Path:
    return Path(os.environ["YUEDU_HOME"])


@pytest.fixture
def fresh_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, shared_home: Path) -> Path:
    """An empty home of the test's own; the dictionary table is copied from the shared cache."""
    import shutil

    home = tmp_path / "home"
    home.mkdir()
    cache = shared_home / "cache.sqlite"
    if cache.exists():
        import sqlite3

        src = sqlite3.connect(cache)
        dst = sqlite3.connect(home / "cache.sqlite")
        src.backup(dst)
        src.close()
        dst.close()
    if (shared_home / "jieba").is_dir():
        shutil.copytree(shared_home / "jieba", home / "jieba")
    monkeypatch.setenv("YUEDU_HOME", str(home))
    return home


@pytest.fixture(scope="session")
def analyzer() -> Analyzer:
    from tui.core.text.analysis import Analyzer

    return Analyzer()


@pytest.fixture(scope="session")
def library() -> Library:
    from tui.core.library.articles import Library

    return Library()


def run_cli(
    *args: str, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run the real console entry point in a subprocess."""
    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=HANG,
    )


def pytest_terminal_summary(terminalreporter: pytest.TerminalReporter) -> None:
    """Which path the terminal tests took: our own minimiser and compositor, or Textual's own."""
    from tui.app import terminal

    line = f"terminal: {terminal.path()} (textual {terminal.textual_version()}, tested with {terminal.TESTED})"
    terminalreporter.write_line(line)
