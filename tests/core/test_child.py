"""The one way a child interpreter is started: this Python, this environment, its streams."""

from __future__ import annotations

import os

from tui.core.child import python_child, run_python


def test_a_child_runs_this_interpreter_with_this_home() -> None:
    home = os.environ["YUEDU_HOME"]
    code = f"import os, sys; sys.exit(0 if os.environ.get('YUEDU_HOME') == {home!r} else 3)"
    assert run_python(code) == 0
    assert run_python("import sys; sys.exit(5)") == 5


def test_a_quiet_child_reads_nothing_and_its_output_goes_nowhere() -> None:
    # Closed to it: reading stdin gives end of file at once (no wait on the terminal).
    assert run_python("import sys; print('noise'); sys.exit(len(sys.stdin.read()))") == 0


def test_a_piped_child_talks_both_ways() -> None:
    child = python_child("import sys; sys.stdout.write(sys.stdin.read()[::-1]); sys.stderr.write('e')", piped=True)
    out, err = child.communicate("同盟".encode())
    assert child.returncode == 0
    assert out.decode() == "盟同" and err == b"e"
