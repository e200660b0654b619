"""Invisible and reordering characters (bidi controls, zero-width, tags, interlinear marks) and
escapes reach a terminal shown, never obeyed: in every command's output, HTML sheets included,
and in the file names messages echo. `--json` keeps the text exact."""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import pytest

from tests.conftest import run_cli

ESCAPES = "\x1b]2;PWNED\x07\x1b]52;c;cHduZWQ=\x07"
# What a terminal would obey or that draws nothing but changes what is drawn.
HIDDEN = "\u202e\u2066\u200f\u061c\u200b\u200d\U000e0041\U000e0042\ufff9\ufffb\u3164\ufffe\ufdd0\u00ad"
TITLE = "标题\u202e倒过来\u2069的字"
ARTICLE = (
    f"{TITLE}\n\n日本与美国的\u200d同盟关系\U000e0068\U000e0069很重要。\ufff9注\ufffa释\ufffb\n\n"
    "第二段\u202e同盟\u202c合作。\n"
)


def shown_unsafe(stream: str) -> list[str]:
    """What in `stream` a terminal obeys or draws as nothing: ESC, BEL, C1, format characters,
    default-ignorables, noncharacters (variation selectors after emoji are fine; none here)."""
    out = []
    for ch in stream:
        code = ord(ch)
        if ch in "\x1b\x07" or 0x80 <= code < 0xA0 or ch in HIDDEN or unicodedata.category(ch) in ("Cf", "Zl", "Zp"):
            out.append(f"U+{code:04X}")
    return out


def run_tty(*args: str, stdin: str | None = None) -> tuple[int, str, str]:
    """The CLI with stdout on a terminal (a pty), stderr captured, stdin a pipe."""
    result = run_cli(*args, stdin=stdin, env={"COLUMNS": "120"}, tty=True)
    # Our own styles are the only escapes allowed: SGR, which sets no title and runs nothing.
    shown = re.sub("\x1b\\[[0-9;]*m", "", result.stdout)
    return result.returncode, shown, result.stderr


@pytest.fixture
def invisible_home(fresh_home: Path) -> Path:
    library = fresh_home / "library"
    library.mkdir(exist_ok=True)
    (library / "007_invisible.txt").write_text(ARTICLE, encoding="utf-8")
    glossary = fresh_home / "glossary"
    glossary.mkdir(exist_ok=True)
    note = "注释\\u001b]2;PWNED\\u0007\\u202e反\\u200d"
    (glossary / "mine.toml").write_text(
        '[[entry]]\nterm = "同盟关系"\npinyin = "tóngméng guānxì"\ncategory = "policy-concept"\n'
        f'english = "alliance\\u202eRLO"\nnote = "{note}"\n',
        encoding="utf-8",
    )
    return fresh_home


def test_annotate_html_on_a_terminal_obeys_no_escape() -> None:
    code, out, err = run_tty("annotate", f"同盟{ESCAPES}关系", "--format", "html")
    assert code == 0, err
    assert "<ruby" in out and not shown_unsafe(out), shown_unsafe(out)
    # Into a pipe the sheet is data, exact: a browser, not a terminal, reads it.
    piped = run_cli("annotate", f"同盟{ESCAPES}关系", "--format", "html")
    assert ESCAPES in piped.stdout


def test_a_glossary_entry_with_escapes_goes_through_the_sheet_inert(invisible_home: Path) -> None:
    code, out, err = run_tty("annotate", "日本与美国的同盟关系", "--format", "html")
    assert code == 0, err
    assert "alliance" in out and not shown_unsafe(out), shown_unsafe(out)
    assert "⟨RLO⟩" in out


def test_a_title_with_an_rlo_cannot_reorder_the_list(invisible_home: Path) -> None:
    code, out, err = run_tty("list")
    assert code == 0, err
    assert not shown_unsafe(out), shown_unsafe(out)
    line = next(row for row in out.splitlines() if "007_invisible" in row)
    assert "标题⟨RLO⟩倒过来⟨PDI⟩的字" in line
    # What follows the title on its row (source, counts) still follows it, in order.
    assert line.index("007_invisible") < line.index("标题")
    assert json.loads(run_cli("list", "--json").stdout)[-1]["title"] == TITLE  # exact in JSON


@pytest.mark.parametrize(
    "argv",
    [
        ["list"],
        ["search", "同盟"],
        ["search", "同盟\u202e关系"],
        ["outline", "007"],
        ["lookup", "同盟关系"],
        ["annotate", "--article", "007"],
        ["annotate", "--article", "007", "--format", "html"],
        ["glossary", "show", "同盟关系"],
        ["stats", "007"],
        ["vocab", "stats", "007"],
        ["pinyin", ARTICLE],
        ["convert", ARTICLE, "--to", "traditional"],
        ["convert", ARTICLE, "--config", "s2twp"],
        ["vocab", "list"],
        ["glossary", "list"],
        ["lookup", "\u202e同盟"],
        ["annotate", ARTICLE],
    ],
)
def test_every_command_shows_invisible_characters_on_a_terminal(invisible_home: Path, argv: list[str]) -> None:
    if argv == ["vocab", "list"]:
        assert run_cli("vocab", "add", "同盟", "--article", "007").returncode == 0
    code, out, err = run_tty(*argv)
    assert code in (0, 1), (code, err)
    assert not shown_unsafe(out + err), (argv, shown_unsafe(out + err))


def test_json_keeps_the_exact_text(invisible_home: Path) -> None:
    result = run_cli("pinyin", ARTICLE, "--json")
    assert json.loads(result.stdout)["text"] == ARTICLE
    result = run_cli("annotate", "--article", "007", "--json")
    joined = "".join(t["text"] for t in json.loads(result.stdout)["tokens"])
    assert joined.replace("\n", "") == ARTICLE.replace("\n", "")  # paragraphs as the library keeps them
    shown = run_cli("glossary", "show", "同盟关系", "--json")
    assert "注释\x1b]2;PWNED\x07\u202e反\u200d" == json.loads(shown.stdout)["note"]


def test_file_names_in_messages_are_shown(fresh_home: Path, tmp_path: Path) -> None:
    for name in ("evil\u202etxt.exe", "two\nlines\u200d.txt"):
        result = run_cli("add", str(tmp_path / name))
        assert result.returncode == 2
        assert result.stderr.count("\n") == 1 and not shown_unsafe(result.stderr), result.stderr
        assert "⟨RLO⟩" in result.stderr or "⟨ZWJ⟩" in result.stderr


def test_notices_naming_home_entries_are_shown(fresh_home: Path) -> None:
    # A skipped entry of the library, named with an RLO and an ESC sequence: its notice is inert.
    (fresh_home / "library").mkdir(exist_ok=True)
    (fresh_home / "library" / "evil\u202etxt.\x1b]2;PWNED\x07.txt").symlink_to("/dev/zero")
    result = run_cli("list")
    assert result.returncode in (0, 1)
    assert "skipped" in result.stderr and not shown_unsafe(result.stderr), result.stderr
    assert "⟨RLO⟩" in result.stderr and "␛" in result.stderr


def test_notices_naming_a_home_with_escapes_are_shown(tmp_path: Path) -> None:
    home = tmp_path / "home\u202e\x1b[31m"
    (home / "library").mkdir(parents=True)
    os.mkfifo(home / "library" / "pipe.txt")
    result = run_cli("list", env={"YUEDU_HOME": str(home)})
    assert "pipe.txt" in result.stderr and not shown_unsafe(result.stderr), result.stderr
