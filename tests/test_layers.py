"""The import-linter contracts in pyproject.toml catch a layer violation (and hold on the real tree)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import HANG, ROOT

LINT_IMPORTS = str(Path(sys.executable).parent / "lint-imports")


def _lint(package_parent: Path) -> subprocess.CompletedProcess[str]:
    """lint-imports with the project's contracts, over the `tui` package found in `package_parent`."""
    return subprocess.run(
        [LINT_IMPORTS, "--config", str(ROOT / "pyproject.toml"), "--no-cache"],
        cwd=package_parent,
        env={"PATH": "/usr/bin:/bin", "PYTHONPATH": str(package_parent)},
        capture_output=True,
        text=True,
        timeout=HANG,
    )


@pytest.fixture
def copy_of_tui(tmp_path: Path) -> Path:
    shutil.copytree(ROOT / "tui", tmp_path / "tui", ignore=shutil.ignore_patterns("__pycache__", "_data"))
    return tmp_path


def test_the_real_tree_keeps_every_contract(copy_of_tui: Path) -> None:
    result = _lint(copy_of_tui)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "0 broken" in result.stdout


VIOLATIONS = [
    ("core/text/chars.py", "import textual", "tui.core is pure Python"),
    ("core/text/chars.py", "def _f() -> None:\n    import tui.app.main", "tui.core is pure Python"),
    ("store/db.py", "import tui.commands.library", "tui.store knows nothing of the app"),
    ("commands/io.py", "from textual.app import App", "headless commands never import textual"),
    ("store/db.py", "import tui.core.library.articles", "the layers point down"),
    ("store/db.py", "import tui.core.text.chars", "tui.store imports none of the core's rooms"),
    (
        "store/cache.py",
        "def _f() -> None:\n    import tui.core.study.vocab",
        "tui.store imports none of the core's rooms",
    ),
    ("store/study.py", "import tui.app.main", "tui.store knows nothing of the app"),
]


def test_every_contract_has_a_violation_to_break_it() -> None:
    import tomllib

    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["importlinter"]
    names = [c["name"] for c in contracts["contracts"]]
    assert len(names) >= 5
    for name in names:
        assert any(name.startswith(contract) for _, _, contract in VIOLATIONS), name


@pytest.mark.parametrize(("module", "line", "contract"), VIOLATIONS)
def test_a_violation_breaks_its_contract(copy_of_tui: Path, module: str, line: str, contract: str) -> None:
    path = copy_of_tui / "tui" / module
    path.write_text(path.read_text(encoding="utf-8") + "\n" + line + "\n", encoding="utf-8")
    result = _lint(copy_of_tui)
    assert result.returncode != 0
    broken = result.stdout.split("Broken contracts", 1)[-1]
    assert contract in broken, result.stdout
