"""jieba's prefix dict in our fast form: the same dict jieba builds, rebuilt when damaged."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tui.core.text import prefix_dict
from tui.core.text.tokens import Segmenter, _import_jieba
from tui.store import paths


def _jieba() -> Any:
    return _import_jieba()


def _built(jieba: Any) -> tuple[dict[str, int], int]:
    """jieba's own prefix dict (read only by the tests): built once, ~2 s each time."""
    if jieba not in _BUILT:
        with prefix_dict.dictionary_file(jieba).open("rb") as f:
            _BUILT[jieba] = jieba.Tokenizer.gen_pfdict(f)
    freq, total = _BUILT[jieba]
    return freq, total


_BUILT: dict[Any, tuple[dict[str, int], int]] = {}


def test_round_trip_is_jiebas_own_dict(fresh_home: Path) -> None:
    jieba = _jieba()
    freq, total = _built(jieba)
    path = fresh_home / "jieba" / "round.bin"
    path.parent.mkdir(exist_ok=True)
    prefix_dict.save(path, freq, total)
    loaded = prefix_dict.load(path)
    assert loaded is not None
    assert loaded[1] == total
    assert loaded[0] == freq
    assert list(loaded[0]) == list(freq)  # same order: add_word and ties behave the same


def test_segmenter_from_cache_cuts_like_jieba(fresh_home: Path) -> None:
    jieba = _jieba()
    text = "日美关系研究中心的报告说，美国总统访问东盟时讨论了南海问题。"
    plain = jieba.Tokenizer()
    plain.tmp_dir = str(fresh_home)
    expected = list(plain.cut(text, HMM=True))
    first = Segmenter()  # builds and writes the cache
    path = prefix_dict.cache_file(jieba)
    assert path is not None and path.is_file()
    second = Segmenter()  # loads it
    assert first.cut(text) == expected
    assert second.cut(text) == expected


@pytest.mark.parametrize("damage", [b"", b"not ours", prefix_dict.MAGIC + b"\x00" * 3])
def test_damaged_cache_is_rebuilt(fresh_home: Path, damage: bytes) -> None:
    jieba = _jieba()
    path = prefix_dict.cache_file(jieba)
    assert path is not None
    path.write_bytes(damage)
    assert prefix_dict.load(path) is None
    segmenter = Segmenter()
    assert segmenter.cut("研究中心") == ["研究", "中心"]
    reloaded = prefix_dict.load(path)
    assert reloaded is not None
    assert reloaded == _built(jieba)


def test_truncated_cache_is_not_loaded(fresh_home: Path) -> None:
    jieba = _jieba()
    freq, total = _built(jieba)
    path = fresh_home / "jieba" / "cut.bin"
    path.parent.mkdir(exist_ok=True)
    prefix_dict.save(path, freq, total)
    data = path.read_bytes()
    path.write_bytes(data[: len(data) - 8])  # one frequency short
    assert prefix_dict.load(path) is None


def test_nothing_written_outside_the_home(fresh_home: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    monkeypatch.setattr(paths, "jieba_cache_dir", lambda: outside)
    assert prefix_dict.cache_file(_jieba()) is None
    assert Segmenter().cut("研究中心") == ["研究", "中心"]
    assert list(outside.iterdir()) == []


COLD_ANALYSIS = """
import marshal, sys
used = []
for name in ("load", "dump"):  # jieba's own cache (it catches what a failed load raises)
    setattr(marshal, name, lambda *args, name=name, real=getattr(marshal, name): used.append(name) or real(*args))
from tui.core.library.articles import Library
from tui.core.text.analysis import Analyzer
analysis = Analyzer().analyse(Library().resolve("001").text, use_cache=False)
print(len(analysis.tokens), "pkg_resources" in sys.modules, used == [])
"""


def test_a_cold_analysis_reads_our_prefix_dict_and_imports_no_pkg_resources(fresh_home: Path) -> None:
    import subprocess
    import sys

    from tests.conftest import HANG

    def run() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", COLD_ANALYSIS], capture_output=True, text=True, timeout=HANG, check=False
        )
        assert done.returncode == 0, done.stderr
        return done.stdout.split()

    path = prefix_dict.cache_file(_jieba())
    assert path is not None
    path.unlink(missing_ok=True)
    first = run()  # builds our form from jieba's dictionary file
    assert path.is_file()
    built = path.stat().st_mtime_ns
    second = run()  # loads it
    assert path.stat().st_mtime_ns == built
    assert first == second and int(first[0]) > 0
    assert first[1:] == ["False", "True"]  # no pkg_resources, no marshal cache
