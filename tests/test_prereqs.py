"""`make run` and `make test` check the machine first: one line naming what is missing."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

SCRIPT = ROOT / "scripts" / "prereqs.sh"


def _bin(tmp_path: Path, *tools: str) -> Path:
    """A PATH holding this python as python3, a shell, and the named tools (as stubs)."""
    folder = tmp_path / "bin"
    folder.mkdir()
    (folder / "python3").symlink_to(sys.executable)
    for name in ("sh", "sed"):
        found = shutil.which(name)
        assert found is not None
        (folder / name).symlink_to(found)
    for tool in tools:
        stub = folder / tool
        stub.write_text("#!/bin/sh\nexit 0\n")
        stub.chmod(0o755)
    return folder


def _check(folder: Path, target: str) -> subprocess.CompletedProcess[str]:
    env = {"PATH": str(folder), "HOME": os.environ.get("HOME", "/")}
    return subprocess.run([str(folder / "sh"), str(SCRIPT), target], env=env, capture_output=True, text=True)


@pytest.mark.parametrize(
    ("present", "missing"),
    [((), ("tmux", "chromium")), (("tmux",), ("chromium",)), (("chromium",), ("tmux",))],
)
def test_test_names_each_missing_tool_in_one_line(
    tmp_path: Path, present: tuple[str, ...], missing: tuple[str, ...]
) -> None:
    result = _check(_bin(tmp_path, *present), "test")
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    for tool in missing:
        assert tool in lines[0]
    assert "apt-get install " + " ".join(missing) in lines[0]
    for tool in present:
        assert tool not in lines[0]


def test_test_passes_silently_with_everything_present(tmp_path: Path) -> None:
    result = _check(_bin(tmp_path, "tmux", "chromium"), "test")
    assert (result.returncode, result.stderr) == (0, "")


def test_run_needs_neither_tmux_nor_chromium(tmp_path: Path) -> None:
    result = _check(_bin(tmp_path), "run")
    assert (result.returncode, result.stderr) == (0, "")


def test_an_old_python_is_named(tmp_path: Path) -> None:
    folder = _bin(tmp_path, "tmux", "chromium")
    (folder / "python3").unlink()
    old = folder / "python3"
    old.write_text("#!/bin/sh\nexit 1\n")  # what `sys.version_info < (3, 11)` exits with
    old.chmod(0o755)
    result = _check(folder, "test")
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert "Python 3.11" in result.stderr
