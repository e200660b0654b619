"""A non-editable install carries the seeds and the glossary inside the package."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import HANG, ROOT


def test_wheel_contains_data_and_finds_it(tmp_path: Path) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(tmp_path),
            str(ROOT),
        ],
        check=True,
        capture_output=True,
        timeout=HANG,
    )
    wheel = next(tmp_path.glob("yuedu-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    seeds = [n for n in names if n.startswith("tui/_data/seeds/") and n.endswith(".txt")]
    glossary = [n for n in names if n.startswith("tui/_data/glossary/") and n.endswith(".toml")]
    assert len(seeds) == 5
    assert len(glossary) >= 5
    assert "tui/cli.py" in names
    assert "tui/core/text/pinyin_forms.tsv" in names  # the tone marks and zhuyin of every syllable
    # Unpacked away from the source tree, the package finds its own copy.
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = "from tui.store.paths import bundled_dir; print(bundled_dir('seeds')); print(bundled_dir('glossary'))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(site)}, capture_output=True, text=True
    ).stdout.split()
    assert out == [str(site / "tui" / "_data" / "seeds"), str(site / "tui" / "_data" / "glossary")]
    code = "from tui.core.text.pinyin import render; print(render('zhong4', 'marks'), render('zhong4', 'zhuyin'))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(site)}, capture_output=True, text=True
    ).stdout.split()
    assert out == ["zhòng", "ㄓㄨㄥˋ"]
    # The console entry runs from the unpacked wheel, not from the checkout (what `make install` gives).
    home = tmp_path / "home"
    env = {"PYTHONPATH": str(site), "YUEDU_HOME": str(home), "PATH": os.environ.get("PATH", "")}
    found = subprocess.run(
        [sys.executable, "-c", "import tui; print(tui.__file__)"], cwd=tmp_path, env=env, capture_output=True, text=True
    ).stdout.strip()
    assert Path(found).is_relative_to(site)
    lookup = subprocess.run(
        [sys.executable, "-m", "tui", "pinyin", "重新", "--json"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert lookup.returncode == 0, lookup.stderr
    assert "chóng" in lookup.stdout


def test_python_m_tui_is_the_console_script() -> None:
    result = subprocess.run([sys.executable, "-m", "tui", "--version"], capture_output=True, text=True)
    assert result.returncode == 0
    assert result.stdout.startswith("yuedu ")
