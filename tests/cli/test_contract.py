"""The headless CLI contract: keys, exit codes, stdin, one-line errors."""

from __future__ import annotations

import json

from tests.conftest import run_cli


def test_list_json() -> None:
    result = run_cli("list", "--json")
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)
    assert [r["id"][:3] for r in rows] == ["000", "001", "002", "003", "004"]
    for row in rows:
        assert set(row) == {"id", "title", "author", "script", "chars", "source"}
        assert row["chars"] > 1000


def test_lookup_alliance() -> None:
    result = run_cli("lookup", "同盟", "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    for key in ("query", "simplified", "traditional", "pinyin", "pinyin_numbers", "zhuyin", "hsk",
                "definitions", "characters", "occurrences"):  # fmt: skip
        assert key in data
    assert data["pinyin"] == "tóngméng"
    assert data["pinyin_numbers"] == "tong2 meng2"
    assert any("alliance" in sense for d in data["definitions"] for sense in d["english"])
    assert len([o for o in data["occurrences"] if o["count"] > 0]) >= 3
    assert data["characters"] == []


def test_lookup_by_traditional_form() -> None:
    data = json.loads(run_cli("lookup", "協調", "--json").stdout)
    assert data["simplified"] == "协调"
    assert data["traditional"] == "協調"
    assert data["pinyin"] == "xiétiáo"
    assert any("coordinate" in s for d in data["definitions"] for s in d["english"])


def test_lookup_without_entry_gives_characters() -> None:
    result = run_cli("lookup", "印太构想", "--json")
    assert result.returncode == 0
    data = json.loads(result.stdout)
    assert data["definitions"] == []
    assert [c["character"] for c in data["characters"]] == ["印", "太", "构", "想"]
    assert all(c["english"] for c in data["characters"])


def test_lookup_glossary_name() -> None:
    data = json.loads(run_cli("lookup", "石破茂", "--json").stdout)
    assert data["glossary"] and data["glossary"][0]["pinyin"] == "Shípò Mào"
    # Written the way the glossary and GB/T 16159 write a name: surname, space, given name.
    assert data["pinyin"] == "Shípò Mào"


def test_lookup_nothing_found_exits_1() -> None:
    result = run_cli("lookup", "qqqzzz")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr


def test_pinyin_json_and_stdin_offsets() -> None:
    text = "同盟关系\n重要的長期角色"
    result = run_cli("pinyin", "--json", stdin=text)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["text"] == text
    assert "".join(t["text"] for t in data["tokens"]) == text
    for tok in data["tokens"]:
        assert text[tok["start"] : tok["end"]] == tok["text"]
        assert len(tok["pinyin"]) == len(tok["text"])
    by_text = {t["text"]: t["pinyin"] for t in data["tokens"]}
    assert by_text["長期"] == ["cháng", "qī"]
    assert by_text["\n"] == [""]
    second_line = next(t for t in data["tokens"] if t["text"] == "重要")
    assert second_line["start"] == text.index("重要")


def test_pinyin_styles() -> None:
    data = json.loads(run_cli("pinyin", "重要", "--style", "numbers", "--json").stdout)
    assert data["tokens"][0]["pinyin"] == ["zhong4", "yao4"]
    data = json.loads(run_cli("pinyin", "重要", "--style", "zhuyin", "--json").stdout)
    assert data["tokens"][0]["pinyin"] == ["ㄓㄨㄥˋ", "ㄧㄠˋ"]


def test_pinyin_human_output_aligns_words() -> None:
    result = run_cli("pinyin", "同盟关系很重要")
    top, bottom = result.stdout.splitlines()[:2]
    assert top.startswith("tóngméng")
    assert bottom.startswith("同盟")
    # Each word starts in the same column in both rows.
    assert top.index("zhòngyào") == bottom.index("重要") * 2 - bottom[: bottom.index("重要")].count(" ")


def test_convert_lines() -> None:
    result = run_cli("convert", "--to", "simplified", stdin="日美關係\n應對\n")
    assert result.stdout == "日美关系\n应对\n"
    result = run_cli("convert", "--config", "s2twp", "我的鼠标")
    assert result.stdout == "我的滑鼠\n"


def test_bad_input_is_one_line_exit_2() -> None:
    for args in (
        ["convert", "--config", "nonsense", "中文"],
        ["convert", "中文"],
        ["pinyin", "--style", "fancy", "中文"],
        ["frobnicate"],
        ["lookup", " "],
    ):
        result = run_cli(*args)
        assert result.returncode == 2, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1, (args, result.stderr)
        assert "Traceback" not in result.stderr


def test_non_utf8_stdin_is_bad_input() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "tui", "pinyin", "-"], input="中文".encode("big5"), capture_output=True
    )
    assert result.returncode == 2
    assert b"Traceback" not in result.stderr


def test_no_color_when_not_a_tty() -> None:
    result = run_cli("lookup", "同盟")
    assert "\x1b[" not in result.stdout


def test_lookup_takes_characters_apart_and_gives_examples() -> None:
    data = json.loads(run_cli("lookup", "语", "--json").stdout)
    (yu,) = data["decomposition"]
    assert set(yu) >= {"char", "radical", "radical_meaning", "components", "phonetic", "regular", "rank"}
    assert yu["radical"] == "讠" and yu["radical_meaning"]
    assert yu["phonetic"] == "吾"
    alliance = json.loads(run_cli("lookup", "同盟", "--json").stdout)
    first = min(o["article"] for o in alliance["occurrences"])
    assert any(e["article"] != first for e in alliance["examples"])
    assert all(set(e) == {"article", "sentence", "start"} for e in alliance["examples"])


def test_lookup_prints_examples_when_asked() -> None:
    shown = run_cli("lookup", "同盟", "--examples", "2", env={"COLUMNS": "200"})
    assert shown.returncode == 0, shown.stderr
    data = json.loads(run_cli("lookup", "同盟", "--json", "--examples", "2").stdout)
    assert len(data["examples"]) == 2
    for e in data["examples"]:
        assert e["sentence"][:20] in shown.stdout
    assert "radical 皿" in shown.stdout
    bad = run_cli("lookup", "同盟", "--examples", "-1")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1
