"""Known words are visible: every word with a status is listed, lookup says how it got it,
and the progress counts agree with the list."""

from __future__ import annotations

import json
import time
from pathlib import Path

from tests.conftest import run_cli

IMPORTED = ["同盟", "关系", "首相"]


def _home_with_words(home: Path) -> Path:
    words = home.parent / "words.txt"
    words.write_text("\n".join(IMPORTED) + "\n", encoding="utf-8")
    assert run_cli("vocab", "import", str(words)).returncode == 0
    assert run_cli("vocab", "add", "外交").returncode == 0
    return words


def test_vocab_list_lists_imported_words_with_their_status_and_saved_only_with_saved(fresh_home: Path) -> None:
    _home_with_words(fresh_home)
    today = time.strftime("%Y-%m-%d")
    rows = json.loads(run_cli("vocab", "list", "--json").stdout)
    by_word = {r["word"]: r for r in rows}
    assert set(by_word) == {*IMPORTED, "外交"}
    for word in IMPORTED:
        row = by_word[word]
        assert (row["status"], row["saved"], row["source"]) == ("known", False, "imported")
        assert row["note"] == f"known (imported {today})" and row["pinyin"] and row["english"]
    assert by_word["外交"]["saved"] is True and by_word["外交"]["note"] == f"learning since {today}"
    saved = json.loads(run_cli("vocab", "list", "--saved", "--json").stdout)
    assert [r["word"] for r in saved] == ["外交"]
    known = json.loads(run_cli("vocab", "list", "--status", "known", "--json").stdout)
    assert sorted(r["word"] for r in known) == sorted(IMPORTED)
    text = run_cli("vocab", "list").stdout
    assert all(word in text for word in IMPORTED) and f"known (imported {today})" in text


def test_lookup_says_known_imported_or_learning_since(fresh_home: Path) -> None:
    _home_with_words(fresh_home)
    today = time.strftime("%Y-%m-%d")
    data = json.loads(run_cli("lookup", "同盟", "--json").stdout)
    assert data["status"] == {
        "status": "known",
        "since": today,
        "source": "imported",
        "note": f"known (imported {today})",
    }
    assert f"known (imported {today})" in run_cli("lookup", "同盟").stdout.splitlines()[0]
    assert f"learning since {today}" in run_cli("lookup", "外交").stdout.splitlines()[0]
    assert json.loads(run_cli("lookup", "日本", "--json").stdout)["status"] is None
    # Traditional input finds the same word's status.
    assert json.loads(run_cli("lookup", "關係", "--json").stdout)["status"]["status"] == "known"


def test_progress_counts_agree_with_the_list(fresh_home: Path) -> None:
    from tui.store.study import Study

    _home_with_words(fresh_home)
    Study().set_status("日本", "known")  # as 3 in the reader does
    listed = json.loads(run_cli("vocab", "list", "--json").stdout)
    stats = json.loads(run_cli("vocab", "stats", "--json").stdout)
    assert stats["known"][-1] == sum(1 for r in listed if r["status"] == "known") == len(IMPORTED) + 1
    marked = next(r for r in listed if r["word"] == "日本")
    assert marked["source"] == "marked" and marked["note"].startswith("known since")


async def test_the_side_panel_says_how_a_word_is_known(fresh_home: Path) -> None:
    from tests.app.helpers import open_001, wait_until
    from tui.app.main import YueduApp
    from tui.app.widgets.side_panel.lines import TextLines

    _home_with_words(fresh_home)
    today = time.strftime("%Y-%m-%d")
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_001(pilot)
        for word, note in (("同盟", f"known (imported {today})"), ("外交", f"learning since {today}")):
            reading = view.reading
            tokens = reading.analysis.tokens
            at = next(
                start
                for start, end in reading.find(word)
                if (tokens[reading.token_at(start)].start, tokens[reading.token_at(start)].end) == (start, end)
            )  # where the word stands alone, not inside 外交政策
            view.move_to_offset(at)

            def on_word(w: str = word) -> bool:
                return app.screen.query_one("#word", TextLines).plain.startswith(w)

            await wait_until(pilot, on_word, f"the panel on {word}")
            assert note in app.screen.query_one("#word", TextLines).plain.splitlines()
