"""`yuedu add`, `remove`, `index` and `search` through the real entry point."""

from __future__ import annotations

import json
import os
from pathlib import Path

from tests.conftest import HANG, run_cli


def _env(home: Path) -> dict[str, str]:
    return {"YUEDU_HOME": str(home)}


def test_add_reports_each_file_and_exits_2_when_one_is_refused(fresh_home: Path, tmp_path: Path) -> None:
    good = tmp_path / "big5.txt"
    good.write_bytes("台日關係\n\n日本與台灣簽署了新的合作備忘錄。\n".encode("big5"))
    bad = tmp_path / "noise.txt"
    bad.write_bytes(os.urandom(3000))
    result = run_cli("add", str(good), str(bad), "--json", env=_env(fresh_home))
    assert result.returncode == 2
    rows = {Path(r["path"]).name: r for r in json.loads(result.stdout)}
    assert rows["big5.txt"]["status"] == "added" and rows["big5.txt"]["encoding"] == "big5"
    assert rows["noise.txt"]["status"] == "refused"
    assert result.stderr.count("\n") == 1 and "noise.txt" in result.stderr and "Traceback" not in result.stderr

    # searchable straight away, in the other script
    found = run_cli("search", "合作备忘录", "--json", env=_env(fresh_home))
    assert found.returncode == 0, found.stderr
    data = json.loads(found.stdout)
    assert [h["article"] for h in data["hits"]] == [rows["big5.txt"]["id"]]
    assert data["hits"][0]["match"] == "合作備忘錄"

    again = run_cli("add", str(good), env=_env(fresh_home))
    assert again.returncode == 0 and "skipped" in again.stdout

    removed = run_cli("remove", rows["big5.txt"]["id"][:3], env=_env(fresh_home))
    assert removed.returncode == 0, removed.stderr
    gone = run_cli("search", "合作备忘录", "--json", env=_env(fresh_home))
    assert gone.returncode == 1 and json.loads(gone.stdout)["total"] == 0


def test_remove_hides_a_seed_and_restore_brings_it_back(fresh_home: Path) -> None:
    assert run_cli("remove", "004", env=_env(fresh_home)).returncode == 0
    ids = [r["id"][:3] for r in json.loads(run_cli("list", "--json", env=_env(fresh_home)).stdout)]
    assert "004" not in ids
    assert json.loads(run_cli("search", "中亚", "--json", "--limit", "500", env=_env(fresh_home)).stdout)["hits"]
    hits = json.loads(run_cli("search", "中亚", "--json", "--limit", "500", env=_env(fresh_home)).stdout)["hits"]
    assert not any(h["article"].startswith("004") for h in hits)
    assert run_cli("remove", "--restore", "004_11cadd100d02d8bf", env=_env(fresh_home)).returncode == 0
    ids = [r["id"][:3] for r in json.loads(run_cli("list", "--json", env=_env(fresh_home)).stdout)]
    assert "004" in ids


def test_search_json_contract() -> None:
    result = run_cli("search", "日美关系", "--json", "--limit", "5")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert {"query", "interpreted_as", "total", "hits"} <= set(data)
    assert data["interpreted_as"][0] == {"kind": "hanzi", "terms": ["日美关系"]}
    assert len(data["hits"]) == 5 and data["total"] >= 18
    for hit in data["hits"]:
        assert {"article", "title", "section", "start", "end", "before", "match", "after", "term"} <= set(hit)
    assert data["hits"][0]["match"] == "日美關係"


def test_search_human_output_is_a_concordance() -> None:
    result = run_cli("search", "特朗普", "--limit", "40")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("31 hits for 特朗普")
    assert any("alias of 特朗普" in line for line in lines)
    assert any("川普" in line for line in lines if line.startswith("    "))


def test_search_bad_input() -> None:
    result = run_cli("search", "同盟", "--limit", "0")
    assert result.returncode == 2 and result.stderr.count("\n") == 1
    result = run_cli("search", "同盟", "--article", "999")
    assert result.returncode == 1 and "no article" in result.stderr


def test_index_rebuild() -> None:
    result = run_cli("index", "--rebuild", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["articles"] == 5 and data["indexed"] == 5 and data["characters"] > 20_000


def test_index_rebuild_shows_progress_on_a_terminal(fresh_home: Path) -> None:
    import pty
    import subprocess
    import sys

    main, child = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-m", "tui", "index", "--rebuild"],
        stdin=child,
        stdout=child,
        stderr=child,
        env={**os.environ, **_env(fresh_home), "COLUMNS": "100"},
    )
    os.close(child)
    output = b""
    while True:
        try:
            chunk = os.read(main, 4096)
        except OSError:
            break
        if not chunk:
            break
        output += chunk
    assert proc.wait(timeout=HANG) == 0
    text = output.decode("utf-8", "replace")
    assert "indexing" in text and "5/5" in text
    assert "5 articles" in text


def test_vocab_contract(fresh_home: Path, tmp_path: Path) -> None:
    env = _env(fresh_home)
    added = run_cli("vocab", "add", "同盟", "--article", "001", env=env)
    assert added.returncode == 0, added.stderr
    [row] = json.loads(run_cli("vocab", "list", "--json", env=env).stdout)
    assert set(row) == {"word", "traditional", "pinyin", "status", "english", "sentence", "article", "added", "due"} | {
        "saved",  # every word with a status is listed: saved or not, how it got it, since when
        "source",
        "note",
    }
    assert row["word"] == "同盟" and row["pinyin"] == "tóngméng" and "同盟" in row["sentence"]
    assert row["article"].startswith("001") and row["due"] is not None

    words = tmp_path / "known.tsv"
    words.write_text("Simplified\tPinyin\n日本\tRìběn\n美国[美國]\tMěiguó\n", encoding="utf-8")
    assert run_cli("vocab", "import", str(words), env=env).returncode == 0
    data = json.loads(run_cli("vocab", "stats", "000", "--json", env=env).stdout)
    assert {"tokens", "known_tokens", "coverage", "by_hsk", "unknown"} <= set(data)
    assert data["known_tokens"] >= 20  # 日本 alone occurs 22 times in 000
    assert all(set(u) == {"word", "count", "pinyin", "hsk", "english"} for u in data["unknown"])
    assert "日本" not in {u["word"] for u in data["unknown"]}

    bad = run_cli("vocab", "add", "xyzzy", env=env)
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
    out = tmp_path / "deck.apkg"
    assert run_cli("vocab", "export", "--format", "anki", "-o", str(out), env=env).returncode == 0
    assert out.stat().st_size > 1000
