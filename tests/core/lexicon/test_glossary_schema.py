"""A user's glossary file is data to check, never trusted: every key's type, nesting and size.

A bad file is one notice and its bad entries are left out; every command still works, and
`yuedu glossary check` names file, line and key for each problem (exit 2).
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run_cli
from tui.core.lexicon import glossary as glossary_module
from tui.core.lexicon.glossary import Glossary
from tui.core.lexicon.glossary_schema import CATEGORIES, read_file

ENTRY = {
    "term": '"甲乙丙"',
    "pinyin": '"jiǎyǐbǐng"',
    "english": '"a made-up term"',
    "category": '"other"',
    "note": '"A note."',
}


def _entry(**changed: str) -> str:
    fields = {**ENTRY, **changed}
    return "[[entry]]\n" + "".join(f"{k} = {v}\n" for k, v in fields.items() if v)


# name: (file text, the key a problem must name, or "" where the file as a whole is wrong)
BAD = {
    "entry-array-of-numbers": ("entry = [1, 2]\n", "entry"),
    "aliases-number": (_entry(aliases="5"), "aliases"),
    "english-array": (_entry(english='["x"]'), "english"),
    "term-number": (_entry(term="123"), "term"),
    "pinyin-number": (_entry(pinyin="5"), "pinyin"),
    "note-table": (_entry(note="{a=1}"), "note"),
    "see-also-nested": (_entry(see_also='[["a"]]'), "see_also"),
    "override-string": (_entry(traditional_override='"yes"'), "traditional_override"),
    "unknown-key": (_entry(colour='"red"'), "colour"),
    "term-too-long": (_entry(term='"' + "长" * 500 + '"'), "term"),
    "too-many-aliases": (_entry(aliases="[" + ", ".join(f'"别名{i}"' for i in range(500)) + "]"), "aliases"),
    "nested-5000-deep": ("x = " + "[" * 5000 + "]" * 5000 + "\n", ""),
    "nested-in-an-entry": (_entry(see_also="[" * 5000 + "]" * 5000), ""),
    "entry-a-string": ('entry = "x"\n', "entry"),
    "not-utf8": ("\udcff", ""),
}


def _write(path: Path, text: str) -> None:
    if text == "\udcff":
        path.write_bytes(b"\xff\xfe[[entry]]\n")
    else:
        path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_file_is_problems_naming_file_line_and_key_never_an_exception(tmp_path: Path, case: str) -> None:
    text, key = BAD[case]
    path = tmp_path / f"{case}.toml"
    _write(path, text)
    entries, problems = read_file(path)
    assert entries == []
    assert problems
    for problem in problems:
        line = str(problem)
        assert line.startswith(f"{path}:") and "\n" not in line
        assert key in problem.message
    if key and case not in ("entry-array-of-numbers", "entry-a-string"):
        # The line named is the line the key is written on.
        written = [n for n, row in enumerate(text.splitlines(), 1) if row.startswith(f"{key} =")]
        assert [p.line for p in problems] == written


def test_good_entries_beside_a_bad_one_still_load(tmp_path: Path) -> None:
    path = tmp_path / "mixed.toml"
    good = _entry(term='"丁戊"', pinyin='"dīngwù"')
    text = good + "\n" + _entry(aliases="5")
    path.write_text(text, encoding="utf-8")
    entries, problems = read_file(path)
    assert [e.term for e in entries] == ["丁戊"]
    assert len(problems) == 1 and problems[0].line == text.splitlines().index("aliases = 5") + 1


def test_an_unknown_category_says_which_there_are(tmp_path: Path) -> None:
    path = tmp_path / "cat.toml"
    path.write_text(_entry(category='"policy"'), encoding="utf-8")
    _, [problem] = read_file(path)
    assert "'policy'" in problem.message
    assert all(c in problem.message for c in CATEGORIES)  # a newcomer can pick one


@pytest.mark.parametrize("case", ["entry-array-of-numbers", "note-table", "nested-5000-deep", "term-number"])
def test_every_command_works_with_one_notice(fresh_home: Path, case: str) -> None:
    (fresh_home / "glossary").mkdir()
    _write(fresh_home / "glossary" / "bad.toml", BAD[case][0])
    for args in (
        ("lookup", "同盟"),
        ("search", "同盟"),
        ("annotate", "日美同盟"),
        ("outline", "001"),
        ("glossary", "list", "--json"),
        ("glossary", "show", "日美同盟"),
    ):
        result = run_cli(*args)
        assert result.returncode == 0, (args, result.stderr)
        notices = [line for line in result.stderr.splitlines() if "glossary" in line]
        assert len(notices) == 1 and "bad.toml" in notices[0], (args, result.stderr)
        assert "Traceback" not in result.stderr
    # The bundled glossary still applies.
    data = json.loads(run_cli("annotate", "日美同盟", "--json").stdout)
    assert any(t["glossary"] == "日美同盟" for t in data["tokens"])
    check = run_cli("glossary", "check")
    assert check.returncode == 2
    assert check.stdout.strip() and all("bad.toml" in line for line in check.stdout.splitlines())


def test_check_names_the_key_line_in_the_users_file(fresh_home: Path) -> None:
    (fresh_home / "glossary").mkdir()
    path = fresh_home / "glossary" / "mine.toml"
    text = _entry() + "\n" + _entry(term='"丁戊"', pinyin='"dīng"')
    path.write_text(text, encoding="utf-8")
    result = run_cli("glossary", "check")
    assert result.returncode == 2
    pinyin_line = text.splitlines().index('pinyin = "dīng"') + 1
    assert result.stdout.splitlines() == [f"{path}:{pinyin_line}: '丁戊': 1 pinyin syllables for 2 characters"]
    assert result.stderr.splitlines() == ["yuedu: glossary: 1 problem, listed above"]  # exit 2: one line


def test_check_of_a_glossary_file_that_is_a_fifo_says_it_once(fresh_home: Path) -> None:
    (fresh_home / "glossary").mkdir()
    fifo = fresh_home / "glossary" / "mine.toml"
    os.mkfifo(fifo)
    result = run_cli("glossary", "check")
    assert result.returncode == 2
    assert [line for line in result.stdout.splitlines() if str(fifo) in line]  # the report names it
    assert len(result.stderr.splitlines()) == 1  # the problem line, not a skip notice as well


def test_the_cache_holds_json_and_a_damaged_value_is_a_miss(fresh_home: Path) -> None:
    from tui.store import blobs

    (fresh_home / "glossary").mkdir()
    (fresh_home / "glossary" / "mine.toml").write_text(_entry(), encoding="utf-8")
    glossary_module._loaded.clear()
    first = Glossary.load()
    stamp = next(iter(glossary_module._loaded))
    stored = blobs.get(stamp)
    assert stored is not None and json.loads(stored)["entries"]
    for damaged in (b"\x80\x04garbage", b'{"entries": [[1, 2]], "problems": []}', b"[]"):
        blobs.put(stamp, damaged)
        glossary_module._loaded.clear()
        again = Glossary.load()
        assert again.entries == first.entries
    # Parsed once per process: a second load with the same stamps is the same object.
    assert Glossary.load() is again


def test_a_changed_file_is_read_again(fresh_home: Path) -> None:
    import os

    (fresh_home / "glossary").mkdir()
    path = fresh_home / "glossary" / "mine.toml"
    path.write_text(_entry(), encoding="utf-8")
    assert Glossary.load().find("甲乙丙").note == "A note."  # type: ignore[union-attr]
    path.write_text(_entry(note='"Another note."'), encoding="utf-8")
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert Glossary.load().find("甲乙丙").note == "Another note."  # type: ignore[union-attr]


def test_a_fifo_or_folder_in_the_glossary_is_a_problem_not_a_hang(fresh_home: Path) -> None:
    import os

    user = fresh_home / "glossary"
    user.mkdir()
    os.mkfifo(user / "pipe.toml")
    (user / "folder.toml").mkdir()
    result = run_cli("lookup", "同盟")
    assert result.returncode == 0
    check = run_cli("glossary", "check")
    assert check.returncode == 2
    assert {Path(line.split(":")[0]).name for line in check.stdout.splitlines()} == {"pipe.toml", "folder.toml"}


async def test_the_reader_starts_with_a_bad_glossary_and_says_so_once(fresh_home: Path) -> None:
    from tests.app.helpers import open_001, settle
    from tui.app.main import YueduApp

    (fresh_home / "glossary").mkdir()
    _write(fresh_home / "glossary" / "bad.toml", "entry = [1, 2]\n" + "x = " + "[" * 5000 + "]" * 5000)
    glossary_module._loaded.clear()
    app = YueduApp()
    shown: list[str] = []
    notify = app.notify

    def recording(message: str, **kw: Any) -> None:
        shown.append(message)
        notify(message, **kw)

    app.notify = recording  # type: ignore[method-assign]
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_001(pilot)
        await settle(pilot)
        assert view.reading.analysis.tokens  # words arrived: the analysis ran with the bundled glossary
        assert view.reading.analysis.glossary  # and the bundled terms are found
        notices = [message for message in shown if "glossary" in message]
        assert len(notices) == 1 and "bad.toml" in notices[0], shown


def test_an_empty_glossary_matches_nothing() -> None:
    empty = Glossary([])
    assert empty.matches("日美同盟") == [] and empty.find("日美同盟") is None and empty.han_forms() == []
