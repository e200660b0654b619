"""The table of commands is the one definition: every binding found in the app is a row of it,
and the README's key list is the one it makes."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.binding import Binding

from tests.app.helpers import open_001, settle
from tui.app import commands
from tui.app.keys import bound_classes
from tui.app.main import YueduApp

README = Path(__file__).resolve().parents[2] / "README.md"


def _readme_section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index(commands.README_START)
    end = text.index(commands.README_END, start) + len(commands.README_END)
    return text[start:end]


def test_the_readme_key_list_is_the_one_the_table_makes(capsys: pytest.CaptureFixture[str]) -> None:
    assert commands.main(["--readme"]) == 0
    made = capsys.readouterr().out
    assert _readme_section() == made, "run `.venv/bin/python -m tui.app.commands --readme` and paste it in README.md"


def test_the_readme_key_list_names_every_command_with_its_keys() -> None:
    # Not only equal to what readme() prints: each row's keys, name and description are there.
    from tui.app.keys import keys_label

    lines = _readme_section().splitlines()
    for c in commands.COMMANDS:
        name = c.id.split(".", 1)[1]
        row = [line.split() for line in lines if line.rstrip().endswith(c.description)]
        assert any(words[: len(keys_label(c.keys).split()) + 1] == [*keys_label(c.keys).split(), name] for words in row)


def test_the_readme_tool_refuses_anything_else(capsys: pytest.CaptureFixture[str]) -> None:
    assert commands.main([]) == 2
    assert commands.main(["--readme", "x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 2 and "usage" in err


def test_every_binding_found_by_walking_the_app_is_a_row_of_the_table() -> None:
    bound: dict[str, str] = {}  # binding id -> the class that binds it
    for name, cls in bound_classes():
        for b in vars(cls)["BINDINGS"]:
            assert isinstance(b, Binding), f"{cls.__name__}: a binding written as a tuple"
            assert b.id in commands.BY_ID, f"{cls.__name__}: {b.key} is not in tui/app/commands.py"
            row = commands.BY_ID[b.id]
            assert (b.key, b.action, b.description, b.show) == (row.keys, row.action, row.label, row.show)
            assert row.screen == name and commands.screen_of(cls) == name
            assert b.id not in bound, f"{b.id} bound by {bound[b.id]} and {cls.__name__}"
            bound[b.id] = cls.__name__
    # ... and every row of the table is bound somewhere: none is only documented.
    assert set(bound) == set(commands.BY_ID)


def test_each_screen_has_its_rows_in_the_table_order() -> None:
    for name, cls in bound_classes():
        ids = [b.id for b in vars(cls)["BINDINGS"]]
        assert ids == [c.id for c in commands.of_screen(name)]


def test_every_row_says_more_than_its_label_and_keys_parse() -> None:
    from tui.app.keys import _textual_key, keys_label

    assert len(commands.BY_ID) == len(commands.COMMANDS)
    # Each screen of the table has its heading in the README's list, none left out of it.
    named = {commands.screen_name(c.screen) for c in commands.COMMANDS} | {n.screen for n in commands.NOTES}
    assert named == set(commands.SCREENS)
    for c in commands.COMMANDS:
        assert c.description and c.description.lower() != c.label.lower()
        # The keys as `?` and the README write them read back, in keymap.toml, as the same keys.
        assert ",".join(_textual_key(k) or "?" for k in keys_label(c.keys).split()) == c.keys


async def test_the_running_app_binds_nothing_of_ours_outside_the_table(fresh_home: Path) -> None:
    # Walk the screens as a user meets them: every binding a class of ours holds on each is a row,
    # and the palette offers each row of the screen.
    app = YueduApp()
    seen: set[str] = set()

    def check() -> None:
        # Ctrl+P offers every command of the screen's table rows, and the app's whose keys it leaves free.
        here = commands.screen_of(type(app.screen))
        assert here is not None
        taken = {k for c in commands.of_screen(here) for k in c.keys.split(",")}
        free = [c for c in commands.of_screen("app") if not taken & set(c.keys.split(","))]
        offered = {c.help for c in app.get_system_commands(app.screen)}
        assert {c.description for c in [*commands.of_screen(here), *free]} <= offered
        for key, active in app.screen.active_bindings.items():
            binding, mro = active.binding, type(active.node).__mro__
            if binding.id in commands.BY_ID:
                row = commands.BY_ID[binding.id]
                assert (binding.action, binding.description) == (row.action, row.label)
                seen.add(commands.screen_name(row.screen))
                continue
            # Not in the table: then Textual's own (Screen's Tab, the app's Ctrl+P), none a class of ours declares.
            ours = [b for c in mro if c.__module__.startswith("tui.") for b in vars(c).get("BINDINGS", ())]
            actions = {b.action if isinstance(b, Binding) else b[1] for b in ours}
            assert binding.action not in actions, f"{type(active.node).__name__}: {key} is not in tui/app/commands.py"

    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for keys in (("p",), ("escape", "question_mark"), ("escape", "r"), ("escape",)):
            check()
            await pilot.press(*keys)
            await settle(pilot)
        await open_001(pilot)
        check()
        # The Word tab's examples bind their own keys, met when the list has the focus.
        app.screen.query_one("#word-examples").focus()
        await settle(pilot)
        check()
        await pilot.press("d")
        await settle(pilot)
        check()
    assert seen == set(commands.SCREENS)


async def test_the_palette_opens_an_article_though_the_table_takes_enter(fresh_home: Path) -> None:
    # The library's Enter is the focused table's; Ctrl+P still offers the screen's command, and runs it.
    from tui.app.screens.reader import ReaderScreen

    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        wanted = commands.BY_ID["library.open"]
        found = [c for c in app.get_system_commands(app.screen) if c.help == wanted.description]
        assert [c.title for c in found] == [f"{wanted.label} (Enter)"]
        await found[0].callback()
        await settle(pilot)
        assert isinstance(app.screen, ReaderScreen)
