"""Each failure the hostile-input report found, reproduced: it now holds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import library_copies, run_cli, run_cli_process
from tui.cli import main

ESCAPES = "\x1b]0;PWNED\x07\x1b]52;c;cHduZWQ=\x07\x1b[2J"
# The first line, under 40 characters, is the title: markup, a hyperlink and an OSC title set.
TITLE = "[/bold]标题\x1b]0;PWNED\x07[link=https://x.io]y"
HOSTILE_ARTICLE = (
    f"{TITLE}\n\n日本与美国的同盟关系{ESCAPES}很重要。\n\n"
    "第二段[link=file:///etc/passwd]日本[/link]和美国继续合作[/bold]。\n"
)


def _obeyable(stream: str) -> bool:
    """Anything a terminal would act on: ESC, BEL, C1 (CSI as one byte)."""
    return any(ch in stream for ch in "\x1b\x07\x9b")


@pytest.fixture
def hostile_home(fresh_home: Path) -> Path:
    """A home whose library holds an escape-laden article with a markup title, put there
    by hand (`yuedu add` refuses it): a file edited in place, as `yuedu index` allows."""
    library = fresh_home / "library"
    library.mkdir(exist_ok=True)
    (library / "005_hostile.txt").write_text(HOSTILE_ARTICLE, encoding="utf-8")
    return fresh_home


def _one_error_line(result: subprocess.CompletedProcess[str], code: int = 2) -> str:
    assert result.returncode == code, (result.returncode, result.stderr)
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1, result.stderr
    return result.stderr


# --- `yuedu read` ---------------------------------------------------------------------------


def test_read_nonexistent_is_one_line_exit_1_and_ambiguous_exit_2() -> None:
    assert "no article 'nonexistent'" in _one_error_line(run_cli("read", "nonexistent"), code=1)
    assert "ambiguous" in _one_error_line(run_cli("read", "00"))


def test_read_a_file_outside_the_library_resolves_to_it(tmp_path: Path) -> None:
    from tui.cli import _resolve_for_reader
    from tui.core.library.articles import Article

    path = tmp_path / "mytest.txt"
    path.write_text("我的文章\n\n日本的同盟。\n", encoding="utf-8")
    article = _resolve_for_reader(str(path))
    assert isinstance(article, Article)
    assert article.origin == "file" and article.raw == path.read_text(encoding="utf-8")


def test_read_a_path_that_is_no_file_is_refused_not_taken_for_an_id(tmp_path: Path) -> None:
    """/dev/zero, a FIFO, a folder: a path the user typed, so exit 2 with the reason, not
    "no article" (exit 1) as for an id; outline and stats resolve the same way."""
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    for path, kind in (("/dev/zero", "a device"), (str(fifo), "a FIFO"), (str(tmp_path), "a folder")):
        for command in ("read", "outline", "stats"):
            line = _one_error_line(run_cli(command, path))
            assert kind in line and "no article" not in line, (command, path, line)


# --- exit 70 that should have been 2 ------------------------------------------------------------


def test_undecodable_argv_is_bad_input() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "tui", "pinyin", b"\xff\xfe"], capture_output=True, timeout=120, env=os.environ
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.decode().count("\n") == 1 and b"Traceback" not in result.stderr


def test_vocab_import_of_one_huge_line(
    fresh_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(b"a" * 20_000_000)
    assert main(["vocab", "import", str(big)]) == 2
    assert "larger than 8 MB (set YUEDU_MAX_INPUT_MB" in capsys.readouterr().err
    # With the limit raised, the 20 MB field meets csv's own limit (131072): still one line.
    monkeypatch.setenv("YUEDU_MAX_INPUT_MB", "30")
    assert main(["vocab", "import", str(big)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no Chinese words" in err


def test_a_binary_hidden_txt_does_not_stop_every_command(fresh_home: Path) -> None:
    (fresh_home / "hidden.txt").write_bytes(bytes(range(256)) * 16)
    result = run_cli("list", "--json")
    assert result.returncode == 0, result.stderr
    assert len(json.loads(result.stdout)) == len(list((Path(__file__).parents[2] / "seeds").glob("*.txt")))


def test_library_that_is_a_file_is_one_line(fresh_home: Path) -> None:
    (fresh_home / "library").write_text("not a folder", encoding="utf-8")
    assert "is a file, where yuedu keeps its imported articles" in _one_error_line(run_cli("list"))


def test_vocab_add_refuses_a_string_that_only_holds_a_word(fresh_home: Path) -> None:
    assert "not in the dictionary" in _one_error_line(run_cli("vocab", "add", "日本XYZ垃圾乱码"))
    assert run_cli("vocab", "add", "日本").returncode == 0  # the word itself is still taken


# --- broken pipe -------------------------------------------------------------------------------


@pytest.mark.parametrize("argv", [["search", "日本"], ["lookup", "日本"], ["vocab", "stats", "001"]])
def test_a_closed_pipe_exits_0_quietly(argv: list[str]) -> None:
    # The read end is closed before the command starts, so its first write meets no reader.
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "tui", *argv], stdout=write, stderr=subprocess.PIPE, timeout=120, env=os.environ
        )
    finally:
        os.close(write)
    assert result.returncode == 0, result.stderr
    assert result.stderr == b""


# --- file names and import ----------------------------------------------------------------------


def test_a_newline_or_escape_in_a_file_name_keeps_the_error_one_line(fresh_home: Path, tmp_path: Path) -> None:
    name = tmp_path / "bad\nname\x1b]0;PWNED\x07.txt"
    err = _one_error_line(run_cli("add", str(name)))
    assert not _obeyable(err) and "no such file" in err
    name.write_text(f"标题\n\n正文{ESCAPES}\n", encoding="utf-8")
    err = _one_error_line(run_cli("add", str(name)))
    assert not _obeyable(err) and "U+001B" in err


def test_add_refuses_even_one_escape(fresh_home: Path, tmp_path: Path) -> None:
    one = tmp_path / "one.txt"
    one.write_text("日本与美国\n\n同盟\x1b[2J关系。\n", encoding="utf-8")
    assert "control character U+001B on line 3" in _one_error_line(run_cli("add", str(one)))
    assert not library_copies(fresh_home)


def test_html_character_references_cannot_smuggle_a_control_in(fresh_home: Path, tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    refs = "&#27;]0;X&#7;&#x1b;[2J&#155;&#x9b;&#0;"
    page.write_text(f"<html><title>标题{refs}</title><p>日本{refs}同盟</p></html>", encoding="utf-8")
    result = run_cli("add", str(page))
    assert result.returncode in (0, 2) and not _obeyable(result.stdout + result.stderr)
    for copy in library_copies(fresh_home):
        assert not _obeyable(copy.read_text(encoding="utf-8"))


def test_add_refuses_an_empty_name_a_fifo_and_a_device(fresh_home: Path, tmp_path: Path) -> None:
    (tmp_path / "some.txt").write_text("日本与美国的同盟。\n", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "tui", "add", ""], capture_output=True, text=True, cwd=tmp_path, timeout=120
    )
    assert "empty path" in _one_error_line(result)
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    assert "a FIFO" in _one_error_line(run_cli("add", str(fifo)))  # refused, not read: reading would wait
    assert "a device" in _one_error_line(run_cli("vocab", "import", "/dev/zero"))
    assert not library_copies(fresh_home)


def test_standard_input_is_bounded() -> None:
    result = run_cli_process("pinyin", "-", stdin="日" * 7_000_000)  # 21 MB of UTF-8
    assert "standard input is larger than 8 MB" in _one_error_line(result)


# --- hostile text stays inert in the CLI ----------------------------------------------------------


def test_list_shows_a_markup_title_as_typed_and_no_escape(hostile_home: Path) -> None:
    result = run_cli("list")
    assert result.returncode == 0, result.stderr
    assert not _obeyable(result.stdout)
    assert "[/bold]标题" in result.stdout  # shown, not parsed
    from tui.core.library.articles import Library

    rows = json.loads((raw := run_cli("list", "--json")).stdout)
    assert not _obeyable(raw.stdout)  # escaped in JSON, and the data kept exact
    title = next(r for r in rows if r["id"] == "005_hostile")["title"]
    assert title == Library().resolve("005").title == TITLE


def test_search_outline_and_vocab_list_emit_no_escape(hostile_home: Path, tmp_path: Path) -> None:
    for argv in (["search", "同盟"], ["outline", "005"], ["search", ESCAPES + "[/bold]"]):
        result = run_cli(*argv)
        assert result.returncode in (0, 1) and not _obeyable(result.stdout + result.stderr), argv
    # A file outside the library goes through the import, as `add` would: its escapes are refused
    # in one line; its markup is shown as typed.
    outside = tmp_path / "outside.txt"
    outside.write_text(HOSTILE_ARTICLE, encoding="utf-8")
    result = run_cli("outline", str(outside))
    assert result.returncode == 2 and "U+001B" in _one_error_line(result) and not _obeyable(result.stderr)
    outside.write_text("[/bold]标题[link=https://x.io]y\n\n同盟关系。\n", encoding="utf-8")
    result = run_cli("outline", str(outside))
    assert result.returncode == 0 and "[/bold]标题" in result.stdout and not _obeyable(result.stdout)
    assert run_cli("vocab", "add", "同盟", "--article", "005").returncode == 0
    result = run_cli("vocab", "list")
    assert "同盟" in result.stdout and not _obeyable(result.stdout)
