"""The headless commands never import textual, so they start fast."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import HANG

PROBE = """
import contextlib, io, sys
from tui.cli import main
with contextlib.redirect_stdout(io.StringIO()):
    try:
        code = main({args!r})
    except SystemExit as exc:  # --help exits
        code = exc.code
print("textual" in sys.modules, code)
"""


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--json"],
        ["lookup", "同盟", "--json"],
        ["pinyin", "同盟", "--json"],
        ["annotate", "同盟", "--json"],
        ["convert", "--to", "traditional", "同盟"],
        ["glossary", "show", "川普", "--json"],
        ["search", "同盟", "--json"],
        ["index", "--json"],
        ["vocab", "list", "--json"],
        ["--help"],
    ],
)
def test_headless_command_does_not_import_textual(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(args=args)], capture_output=True, text=True, timeout=HANG
    )
    assert result.stdout.split()[0] == "False", result.stdout + result.stderr


def test_lookup_does_not_load_the_context_model() -> None:
    # numpy and g2pM's weights cost ~0.15 s: lookup (<= 0.3 s) answers without them.
    probe = PROBE.format(args=["lookup", "同盟", "--json"])
    probe = probe.replace('"textual" in sys.modules', '"numpy" in sys.modules')
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.stdout.split()[0] == "False", result.stdout + result.stderr


def test_core_never_imports_textual() -> None:
    code = "import sys, pkgutil, importlib, tui.core as c\n"
    code += "for m in pkgutil.iter_modules(c.__path__): importlib.import_module('tui.core.' + m.name)\n"
    code += "print('textual' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=HANG)
    assert result.stdout.strip() == "False", result.stderr
