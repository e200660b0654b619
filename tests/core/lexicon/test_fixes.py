"""Your fixes: a word's reading and sense, set once, shown the same in every command and text."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tui.core.lexicon.dictionary import Dictionary
from tui.core.text.pinyin import join_word

SENTENCE = "这个命令行很好用。"
WORD = "命令行"


def _other_reading(word: str) -> list[str]:
    """A reading of `word` that is not the one it gets in SENTENCE today: the fix must be what changes it."""
    from tui.core.text.pinyin import parse

    tokens = json.loads(run_cli("annotate", SENTENCE, "--json").stdout)["tokens"]
    today = [s for group in parse(" ".join(next(t for t in tokens if t["text"] == word)["pinyin"])) for s in group]
    for last in ("hang2", "xing2"):
        candidate = [*today[:-1], last]
        if candidate != today:
            return candidate
    raise AssertionError(today)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("fix", "行", "xyz"), "not pinyin"),
        (("fix", "行", "hang6"), "no tone 6"),  # tones are 1-4 and 5 (or none) for the neutral
        (("fix", "行", "hang10"), "not pinyin"),
        (("fix", WORD, "ming2 ling4"), "2 syllables for the 3 characters"),
        (("fix", "行", "hang2", "--sense", "99"), "has senses 1 to"),
        (("fix", "行", "hang2", "--sense", "0"), "has senses 1 to"),
        (("fix", "行", "qiu2", "--sense", "1"), "no sense of 行 read qiú"),
        (("fix", "abc", "a"), "Chinese characters only"),
        (("fix", "行" * 17, "hang2"), "at most 16"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(fresh_home: Path, args: tuple[str, ...], says: str) -> None:
    result = run_cli(*args)
    assert result.returncode == 2, result.stderr
    assert len(result.stderr.splitlines()) == 1 and says in result.stderr
    assert json.loads(run_cli("fix", "list", "--json").stdout) == []  # nothing was stored


def test_a_fix_is_the_reading_everywhere_and_is_undone(fresh_home: Path) -> None:
    syllables = _other_reading(WORD)
    marks = join_word(syllables, "marks")
    added = run_cli("fix", WORD, " ".join(syllables))
    assert added.returncode == 0, added.stderr

    tokens = json.loads(run_cli("annotate", SENTENCE, "--json").stdout)["tokens"]
    assert next(t for t in tokens if t["text"] == WORD)["pinyin"] == [_mark(s) for s in syllables]
    tokens = json.loads(run_cli("pinyin", SENTENCE, "--json").stdout)["tokens"]
    assert next(t for t in tokens if t["text"] == WORD)["pinyin"] == [_mark(s) for s in syllables]
    looked = json.loads(run_cli("lookup", WORD, "--json").stdout)
    assert looked["pinyin_numbers"].split() == syllables
    assert run_cli("vocab", "add", WORD).returncode == 0
    saved = json.loads(run_cli("vocab", "list", "--json").stdout)
    assert [r["pinyin"] for r in saved if r["word"] == WORD] == [marks]

    listed = json.loads(run_cli("fix", "list", "--json").stdout)
    assert [(r["word"], r["kind"], r["pinyin_numbers"]) for r in listed] == [(WORD, "reading", " ".join(syllables))]
    removed = run_cli("fix", "remove", WORD)
    assert removed.returncode == 0
    assert json.loads(run_cli("fix", "list", "--json").stdout) == []
    tokens = json.loads(run_cli("annotate", SENTENCE, "--json").stdout)["tokens"]
    assert next(t for t in tokens if t["text"] == WORD)["pinyin"] != [_mark(s) for s in syllables]
    assert run_cli("fix", "remove", WORD).returncode == 1  # nothing left to undo


def _mark(syllable: str) -> str:
    from tui.core.text.pinyin import render

    return render(syllable, "marks")


def test_sense_n_is_shown_first_in_lookup_and_annotate(fresh_home: Path) -> None:
    word, reading = "行", ["hang2"]
    senses = [s for e in Dictionary().entries(word) if e.syllables == reading for s in e.english]
    n = len(senses)  # the last: never the one shown first without the fix
    assert run_cli("fix", word, "háng", "--sense", str(n)).returncode == 0
    first = json.loads(run_cli("lookup", word, "--json").stdout)["definitions"][0]
    assert first["pinyin"] == "háng" and first["english"][0] == senses[n - 1]
    tokens = json.loads(run_cli("annotate", "行，我去。", "--json").stdout)["tokens"]
    glossed = [t for t in tokens if t["text"] == word]
    assert glossed and all(t["gloss"].startswith(senses[n - 1]) for t in glossed)
    listed = json.loads(run_cli("fix", "list", "--json").stdout)
    assert listed[0]["sense"] == senses[n - 1] and listed[0]["sense_number"] == n
    # Toneless syllables are the neutral tone, as written pinyin has it.
    assert run_cli("fix", "东西", "dong1 xi").returncode == 0
    assert json.loads(run_cli("lookup", "东西", "--json").stdout)["pinyin_numbers"] == "dong1 xi5"


def test_segmentation_fixes_are_listed_and_undone_too(fresh_home: Path) -> None:
    from tui.store.study import Study

    Study().fix_segment("日本首相", ["日本首相"])
    Study().fix_segment("首相", ["首", "相"])
    listed = json.loads(run_cli("fix", "list", "--json").stdout)
    assert [(r["word"], r["kind"], r["parts"]) for r in listed] == [
        ("日本首相", "whole", ["日本首相"]),
        ("首相", "split", ["首", "相"]),
    ]
    assert run_cli("fix", "remove", "首相").returncode == 0
    assert Study().segment_fixes() == {"日本首相": ("日本首相",)}


def test_the_migration_adds_the_table_after_a_backup(fresh_home: Path) -> None:
    from tui.store.study import MIGRATIONS, Study

    path = fresh_home / "study.sqlite"
    old = sqlite3.connect(path, isolation_level=None)
    for n, script in enumerate(MIGRATIONS[:-1], 1):
        old.executescript(script)
        old.execute(f"PRAGMA user_version = {n}")
    old.close()
    study = Study()
    study.fix_reading("行", ["hang2"])
    assert study.reading_fixes()[0][:2] == ("行", ("hang2",))
    backups = list((fresh_home / "backups").glob(f"study-v{len(MIGRATIONS) - 1}-*.sqlite"))
    assert len(backups) == 1


async def test_f_in_the_reader_keeps_the_sense_shown_and_its_reading(fresh_home: Path) -> None:
    from tests.app.helpers import open_001, settle, wait_until
    from tui.app.main import YueduApp
    from tui.app.screens.reader import ReaderScreen
    from tui.store.study import Study

    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_001(pilot)
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.dictionary is not None
        # The first word with senses under two readings: e (once per sense of the first) moves
        # to the second reading's first sense.
        for _ in range(400):
            info = screen.reading.word_info(view.cursor_token, screen.dictionary)
            if (
                len({pinyin for _, pinyin, _ in info.definitions[:6]}) > 1
                and info.definitions[0][1] != info.definitions[1][1]
            ):
                break
            await pilot.press("right")
        else:
            raise AssertionError("no word with two readings near the start of 001")
        word = screen.reading.analysis.simplified[
            screen.reading.analysis.tokens[view.cursor_token].start : screen.reading.analysis.tokens[
                view.cursor_token
            ].end
        ]
        _, pinyin, senses = info.definitions[1]  # the second sense is the first of the second reading
        await pilot.press(*["e"] * len(info.definitions[0][2][:6]), "f")
        await wait_until(pilot, lambda: bool(Study().reading_fixes()), "the fix stored")
        await wait_until(pilot, lambda: isinstance(app.screen, ReaderScreen) and app.screen is not screen, "reopened")
        await settle(pilot)
        [(fixed, syllables, sense, _)] = Study().reading_fixes()
        assert (fixed, join_word(list(syllables), "marks"), sense) == (word, pinyin, senses[0])
        reopened = app.screen
        assert isinstance(reopened, ReaderScreen) and reopened.dictionary is not None
        again = reopened.reading.word_info(reopened.query_one(type(view)).cursor_token, reopened.dictionary)
        assert again.definitions[0][1] == pinyin and again.definitions[0][2][0] == sense
        assert again.pinyin["marks"].lower() == pinyin.lower()
