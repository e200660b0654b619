"""Keys: remapping by binding id from keymap.toml, keys shown as people write them, a described palette."""

from __future__ import annotations

from pathlib import Path

from tests.app.helpers import open_001, open_001_at, settle
from tui.app.keys import DESCRIPTIONS, bound_classes, key_label, keys_label, read_keymap
from tui.app.main import YueduApp
from tui.app.screens.help import HelpScreen

# Every binding of every class in the app, found by walking it: a new screen cannot be missed.
ALL = [b for _, cls in bound_classes() for b in cls.BINDINGS]


def test_the_walk_finds_the_screens_a_hand_made_list_missed() -> None:
    names = {name for name, _ in bound_classes()}
    assert {"app", "library", "reader", "review", "help", "difficulty", "progress"} <= names


def test_every_binding_has_an_id_and_a_description_that_is_more_than_its_name() -> None:
    ids = [b.id for b in ALL]  # type: ignore[union-attr]
    assert None not in ids and len(ids) == len(set(ids))
    assert set(ids) == set(DESCRIPTIONS)
    for b in ALL:
        assert DESCRIPTIONS[b.id].lower() != b.description.lower()  # type: ignore[union-attr, index]


def test_keys_are_shown_as_people_write_them() -> None:
    assert key_label("slash") == "/"
    assert key_label("question_mark") == "?"
    assert key_label("pagedown") == "PgDn" and key_label("pageup") == "PgUp"
    assert key_label("ctrl+p") == "Ctrl+P"
    assert key_label("N") == "N" and key_label("escape") == "Esc"
    assert keys_label("right,l") == "→ l"


def test_keymap_takes_ids_dotted_or_as_tables_and_keys_as_written(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text(
        '"reader.next_word" = "w, PgDn"\n"reader.find" = "?"\n[review]\nagain = ["Ctrl+A", "z"]\n', encoding="utf-8"
    )
    keymap, problem = read_keymap(path, set(DESCRIPTIONS))
    assert problem is None
    assert keymap == {"reader.next_word": "w,pagedown", "reader.find": "question_mark", "review.again": "ctrl+a,z"}


def test_a_bad_keymap_is_one_line_and_keeps_what_is_right(tmp_path: Path) -> None:
    path = tmp_path / "keymap.toml"
    path.write_text('"reader.next_word" = "w"\n"reader.nope" = "x"\n"reader.find" = "ctrl+nokey"\n', encoding="utf-8")
    keymap, problem = read_keymap(path, set(DESCRIPTIONS))
    assert keymap == {"reader.next_word": "w"}
    assert problem is not None and "\n" not in problem
    assert "reader.nope" in problem and "ctrl+nokey" in problem
    path.write_text('"reader.next_word" = \n', encoding="utf-8")
    keymap, problem = read_keymap(path, set(DESCRIPTIONS))
    assert keymap == {} and problem is not None and "keymap.toml" in problem
    assert read_keymap(tmp_path / "absent.toml", set(DESCRIPTIONS)) == ({}, None)


def test_an_arrow_written_as_help_shows_it_is_the_arrow_key(tmp_path: Path) -> None:
    # The README's own example, "w, →", bound U+2192 (a key no terminal sends) before.
    path = tmp_path / "keymap.toml"
    path.write_text('"reader.next_word" = "w, →"\n"reader.line_up" = ["↑", "Ctrl+↓"]\n', encoding="utf-8")
    keymap, problem = read_keymap(path, set(DESCRIPTIONS))
    assert problem is None
    assert keymap == {"reader.next_word": "w,right", "reader.line_up": "up,ctrl+down"}


async def test_a_remapped_key_moves_and_help_shows_it(fresh_home: Path) -> None:
    (fresh_home / "keymap.toml").write_text('"reader.next_word" = "w"\n"app.help" = "F1"\n', encoding="utf-8")
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        view = await open_001(pilot)
        start = view.cursor
        await pilot.press("w", "w")
        assert view.cursor == start + 2
        await pilot.press("l")  # the default key is replaced, not added to
        assert view.cursor == start + 2
        await pilot.press("f1")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        text = _help_text(app.screen)
        assert _row(text, DESCRIPTIONS["reader.next_word"]).split()[1] == "w"
        assert "/" in _row(text, DESCRIPTIONS["reader.find"]).split()
        assert "PgDn" in _row(text, DESCRIPTIONS["reader.page_down"]).split()
        assert "slash" not in text and "pagedown" not in text and "question_mark" not in text
        assert "Tab" in text
        assert not [n for n in app._notifications if n.title == "keymap"]  # a good keymap says nothing


async def test_a_broken_keymap_is_one_notice_and_the_app_runs(fresh_home: Path) -> None:
    (fresh_home / "keymap.toml").write_text("this is [not toml\n", encoding="utf-8")
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert [n.title for n in app._notifications] == ["keymap"]
        view = await open_001(pilot)
        start = view.cursor
        await pilot.press("right")
        assert view.cursor == start + 1


async def test_the_palette_describes_our_commands_and_leaves_out_cursor_ones(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_001(pilot)
        commands = list(app.get_system_commands(app.screen))
        ours = [c for c in commands if c.help in DESCRIPTIONS.values()]
        assert {c.help for c in ours} >= {DESCRIPTIONS["reader.next_word"], DESCRIPTIONS["reader.find"]}
        for c in ours:
            assert not c.title.lower().startswith(c.help.lower())
        titles = " ".join(c.title for c in commands)
        for generic in ("Scroll Up", "Scroll Down", "Cursor up", "Page Left", "Focus Next"):
            assert generic not in titles
        find = next(c for c in ours if c.help == DESCRIPTIONS["reader.find"])
        assert find.title == "Find (/)"


def _help_text(screen: HelpScreen) -> str:
    import io

    from rich.console import Console

    console = Console(width=200, record=True, file=io.StringIO())
    console.print(screen.table)
    return console.export_text()


def _row(text: str, description: str) -> str:
    return next(line for line in text.splitlines() if description in line)


async def test_help_lists_the_keys_of_the_screen_you_are_on_first(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        for expected in ("library", "reader"):
            if expected == "reader":
                await open_001(pilot)
            await pilot.press("question_mark")
            await settle(pilot)
            help_screen = app.screen
            assert isinstance(help_screen, HelpScreen)
            names = [name for name, _ in help_screen.sections]
            assert names[0] == expected and names[-1] == "everywhere"
            screens = [name for name, cls in bound_classes() if cls is not YueduApp]
            assert sorted(names) == sorted([*screens, "everywhere"])
            await pilot.press("escape")
            await settle(pilot)


async def test_the_examples_open_key_is_remapped_like_any_other(fresh_home: Path) -> None:
    # The Word tab's examples bind their keys from the table too: keymap.toml moves Enter to Space.
    from tui.app.screens.reader import ReaderScreen
    from tui.app.widgets.side_panel.examples import ExampleLines
    from tui.core.lexicon.examples import examples

    (fresh_home / "keymap.toml").write_text('[examples]\nopen = "Space"\n', encoding="utf-8")
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await open_001_at(pilot, "同盟")
        first = app.screen
        wanted = examples("同盟", 3, current=first.reading.article.id)[0]  # type: ignore[attr-defined]
        lines = first.query_one("#word-examples", ExampleLines)
        lines.focus()
        await pilot.press("down", "enter")  # the default key is replaced: nothing is opened
        await settle(pilot)
        assert app.screen is first and app.focused is lines and lines.highlighted == 0
        await pilot.press("space")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, ReaderScreen) and screen.reading.article.id == wanted.article
        if wanted.article == first.reading.article.id:  # type: ignore[attr-defined]
            assert app.focused is not lines  # a jump in the same text: back to the text
        token = screen.reading.analysis.tokens[screen.view.cursor_token]
        assert token.start <= wanted.start < token.end + 1
        await pilot.press("question_mark")
        await settle(pilot)
        assert isinstance(app.screen, HelpScreen)
        assert _row(_help_text(app.screen), DESCRIPTIONS["examples.open"]).split()[:2] == ["examples", "Space"]
