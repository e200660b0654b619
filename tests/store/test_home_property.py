"""Generated hostile homes (links out, FIFOs, devices, folders and huge sparse files where yuedu
keeps files, keymaps of the wrong shape) fed to list, search, lookup, add and glossary check:
never exit 70, never a hang, never a write outside the home."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import ROOT

# A FIFO waited on never ends; a loaded 2-core machine may take a few seconds to start
# Python. The 5 s figure is bench/hostile.py's, which times the same homes.
HANG_S = 60

PLACES = (
    "library/a.txt",
    "library/z.txt",
    "library/.lock",
    "hidden.txt",
    "keymap.toml",
    "glossary/mine.toml",
    "trash/001_x.txt",
    "jieba/prefix-x.bin",
)
KINDS = ("link-out", "link-zero", "dangling", "loop", "fifo", "folder", "sparse", "binary", "toml")

_toml_value = st.recursive(
    st.one_of(st.integers(), st.text(max_size=5), st.booleans(), st.floats(allow_nan=False)),
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.text("ab.", max_size=3), inner, max_size=3)
    ),
    max_leaves=8,
)


def _toml_text(value: object, depth: int) -> str:
    import json

    # JSON is TOML for arrays, strings, numbers and booleans; tables are written inline.
    def write(v: object) -> str:
        if isinstance(v, bool):
            return "true" if v else "false"
        if isinstance(v, dict):
            return "{" + ", ".join(f"{json.dumps(k)} = {write(x)}" for k, x in v.items()) + "}"
        if isinstance(v, list):
            return "[" + ", ".join(write(x) for x in v) + "]"
        return json.dumps(v)

    return f'"reader.next_word" = {"[" * depth}{write(value)}{"]" * depth}\n[reader]\nline_down = {write(value)}\n'


@st.composite
def homes(draw: st.DrawFn) -> list[tuple[str, str, str]]:
    places = draw(st.lists(st.sampled_from(PLACES), min_size=1, max_size=5, unique=True))
    out = []
    for place in places:
        kind = draw(st.sampled_from(KINDS))
        text = _toml_text(draw(_toml_value), draw(st.sampled_from([0, 1, 3000]))) if kind == "toml" else ""
        out.append((place, kind, text))
    return out


def _plant(home: Path, outside: Path, place: str, kind: str, text: str) -> None:
    path = home / place
    path.parent.mkdir(parents=True, exist_ok=True)
    if kind == "link-out":
        path.symlink_to(outside / "target")
    elif kind == "link-zero":
        path.symlink_to("/dev/zero")
    elif kind == "dangling":
        path.symlink_to(outside / "no-such-file")
    elif kind == "loop":
        path.symlink_to(path.name)
    elif kind == "fifo":
        os.mkfifo(path)
    elif kind == "folder":
        path.mkdir()
    elif kind == "sparse":
        with path.open("wb") as fh:
            fh.truncate(3_000_000_000)
    elif kind == "binary":
        path.write_bytes(bytes(range(256)) * 64)
    else:
        path.write_text(text, encoding="utf-8")


def _snapshot(folder: Path) -> dict[str, tuple[int, int, str]]:
    out = {}
    for path in sorted(folder.rglob("*")):
        info = path.lstat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest() if path.is_file() and not path.is_symlink() else ""
        out[str(path)] = (info.st_size, info.st_mtime_ns, digest)
    return out


def _warm_home(home: Path) -> None:
    """The shared session home's cache (CC-CEDICT, built once) and jieba form, as fresh_home copies them."""
    shared = Path(os.environ["YUEDU_HOME"])
    home.mkdir()
    if (shared / "cache.sqlite").exists():
        src, dst = sqlite3.connect(shared / "cache.sqlite"), sqlite3.connect(home / "cache.sqlite")
        src.backup(dst)
        src.close()
        dst.close()
    if (shared / "jieba").is_dir():
        shutil.copytree(shared / "jieba", home / "jieba")


@pytest.mark.long
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planted=homes())
def test_hostile_homes_never_crash_hang_or_write_outside(planted: list[tuple[str, str, str]]) -> None:
    with tempfile.TemporaryDirectory(prefix="yuedu-hostile-") as tmp:
        root = Path(tmp)
        home, outside = root / "home", root / "outside"
        outside.mkdir()
        (outside / "target").write_text("OUTSIDE-SENTINEL\n", encoding="utf-8")
        source = root / "new.txt"
        source.write_text("新文章\n\n日本和美国的同盟关系很重要。\n", encoding="utf-8")
        _warm_home(home)
        for place, kind, text in planted:
            if (home / place).is_dir() and not (home / place).is_symlink():
                shutil.rmtree(home / place)
            elif (home / place).exists() or (home / place).is_symlink():
                (home / place).unlink()
            _plant(home, outside, place, kind, text)
        before = _snapshot(outside)
        env = dict(os.environ, YUEDU_HOME=str(home), YUEDU_MAX_INPUT_MB="8")
        for args in (["list"], ["search", "同盟"], ["lookup", "同盟"], ["add", str(source)], ["glossary", "check"]):
            result = subprocess.run(
                [sys.executable, "-m", "tui", *args], capture_output=True, text=True, env=env, timeout=HANG_S, cwd=ROOT
            )
            assert result.returncode in (0, 1, 2), (planted, args, result.stderr[-2000:])
            assert "Traceback" not in result.stderr and "internal error" not in result.stderr, (planted, args)
            assert "OUTSIDE-SENTINEL" not in result.stdout, (planted, args)
        assert _snapshot(outside) == before, planted
