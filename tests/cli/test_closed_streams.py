"""A standard stream closed at start (`<&-`, `>&-`, `2>&-`): stdin reads as empty, output goes
nowhere, the exit code still says how the command went; never an internal error."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import HANG, run_cli


def run_closed(fds: tuple[int, ...], *args: str) -> subprocess.CompletedProcess[bytes]:
    """The CLI with the descriptors `fds` closed, as a shell's `<&-` or `>&-` leaves them."""

    def close() -> None:
        for fd in fds:
            os.close(fd)

    return subprocess.run(
        [sys.executable, "-m", "tui", *args],
        stdin=subprocess.DEVNULL if 0 not in fds else None,
        stdout=subprocess.PIPE if 1 not in fds else None,
        stderr=subprocess.PIPE if 2 not in fds else None,
        preexec_fn=close,
        timeout=HANG,
    )


@pytest.mark.parametrize("argv", [["pinyin"], ["annotate", "-"], ["convert", "--to", "traditional"], ["pinyin", "-"]])
def test_a_closed_stdin_reads_as_empty(fresh_home: Path, argv: list[str]) -> None:
    result = run_closed((0,), *argv)
    empty = run_cli(*argv, stdin="")
    assert result.returncode == empty.returncode != 70, result.stderr
    assert b"internal error" not in result.stderr


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["search", "同盟"],
        ["lookup", "同盟", "--json"],
        ["outline", "001"],
        ["pinyin", "同盟"],
        ["glossary", "list"],
    ],
)
def test_reads_with_stdout_or_stderr_closed_exit_0_quietly(fresh_home: Path, argv: list[str]) -> None:
    for fds in ((1,), (2,), (1, 2)):
        result = run_closed(fds, *argv)
        assert result.returncode == 0, (fds, result.stderr)
        assert not result.stderr, result.stderr


def test_a_write_with_stdout_closed_is_done_and_its_code_kept(fresh_home: Path) -> None:
    result = run_closed((1,), "vocab", "add", "同盟")
    assert result.returncode == 0, result.stderr
    [row] = json.loads(run_cli("vocab", "list", "--json").stdout)
    assert row["word"] == "同盟"
    # A write that fails still says so, in its code, with nowhere to say it.
    assert run_closed((1, 2), "vocab", "add", "zzqqxx").returncode == 2
    assert run_closed((1, 2), "lookup", "\U0001f600").returncode in (1, 2)


def test_no_file_opened_takes_a_closed_descriptor(fresh_home: Path) -> None:
    """With 1 and 2 closed, a database opened next would get them: our output written into it."""
    assert run_closed((1, 2), "vocab", "add", "同盟").returncode == 0
    assert run_closed((1, 2), "list").returncode == 0
    check = run_cli("vocab", "list", "--json")
    assert check.returncode == 0 and json.loads(check.stdout)[0]["word"] == "同盟"
