"""The headless commands never import textual, so they start fast."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import HANG

# The commands share one child (a module fixture): on one xdist worker, so it starts once.
pytestmark = pytest.mark.xdist_group("import-hygiene")

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

HEADLESS = [
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
]

# One child for every command, then every module of tui.core: modules only accumulate, so the
# first line that says True names the command that imported textual.
ALL_IN_ONE = "".join(PROBE.format(args=args) for args in HEADLESS) + (
    "import pkgutil, importlib, tui.core as c\n"
    "for m in pkgutil.iter_modules(c.__path__): importlib.import_module('tui.core.' + m.name)\n"
    "print('textual' in sys.modules)\n"
)


@pytest.fixture(scope="module")
def one_child() -> list[str]:
    result = subprocess.run([sys.executable, "-c", ALL_IN_ONE], capture_output=True, text=True, timeout=HANG)
    lines = result.stdout.splitlines()
    assert len(lines) == len(HEADLESS) + 1, result.stdout + result.stderr
    return lines


@pytest.mark.parametrize("n", range(len(HEADLESS)), ids=[" ".join(a) for a in HEADLESS])
def test_headless_command_does_not_import_textual(one_child: list[str], n: int) -> None:
    assert one_child[n].split()[0] == "False", (HEADLESS[n], one_child)


def test_lookup_does_not_load_the_context_model() -> None:
    # numpy and g2pM's weights cost ~0.15 s: lookup (<= 0.3 s) answers without them.
    probe = PROBE.format(args=["lookup", "同盟", "--json"])
    probe = probe.replace('"textual" in sys.modules', '"numpy" in sys.modules')
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert result.stdout.split()[0] == "False", result.stdout + result.stderr


def test_core_never_imports_textual(one_child: list[str]) -> None:
    assert one_child[-1] == "False", one_child
