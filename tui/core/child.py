"""A child process running this interpreter on a line of Python: work kept off the UI's GIL.

The analysis of a long text and the first build of the character breakdowns both run
this way; one place says which interpreter, which environment and which streams."""

from __future__ import annotations

import os
import subprocess
import sys


def python_child(code: str, *, piped: bool = False) -> subprocess.Popen[bytes]:
    """Start `python -c code` with this process's interpreter and environment (the same home).

    `piped`: stdin, stdout and stderr are pipes to talk to it; else all three are closed to
    it (/dev/null), so it can neither wait for input nor write over the screen."""
    stream = subprocess.PIPE if piped else subprocess.DEVNULL
    return subprocess.Popen(
        [sys.executable, "-c", code], stdin=stream, stdout=stream, stderr=stream, env=os.environ.copy()
    )


def run_python(code: str) -> int:
    """Run `python -c code` in a child (see `python_child`), wait for it: its exit status."""
    return python_child(code).wait()
