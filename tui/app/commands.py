"""Every command of the app, defined once (hike's pattern, as a table).

Each row gives a binding id (keymap.toml's name), its default keys (as Textual names them),
the action, the footer's label and whether the footer shows it, and the description that
Ctrl+P, `?` and the README give. From it come each screen's BINDINGS (`bindings("reader")`),
the palette's and `?`'s text, the keymap's ids and the README's key list
(`python -m tui.app.commands --readme`; a test compares it with README.md).
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from textual.binding import Binding, BindingType


@dataclass(frozen=True)
class Command:
    id: str  # "<screen>.<name>": the screen is the part before the dot ("app": every screen)
    keys: str  # Textual's key names, comma-separated: "right,l", "slash", "question_mark"
    action: str
    label: str  # in the footer, and the palette's title
    description: str  # the palette's help line, `?` and the README: more than the label
    show: bool = True  # in the footer
    narrow: bool = False  # the reader's footer keeps it below its NARROW width

    @property
    def screen(self) -> str:
        return self.id.split(".", 1)[0]

    def binding(self) -> Binding:
        from textual.binding import Binding

        return Binding(self.keys, self.action, self.label, show=self.show, id=self.id)


@dataclass(frozen=True)
class Note:
    """A key that Textual or a widget handles, not a binding of ours: shown by `?` and the README."""

    screen: str
    keys: str  # as a person writes them
    description: str


COMMANDS: tuple[Command, ...] = (
    Command("app.help", "question_mark", "help", "Help", "Show every key of every screen"),
    Command("help.close", "escape,question_mark,q", "app.pop_screen", "Close", "Close this help"),
    Command("library.open", "enter", "open", "Open", "Open the article under the cursor, at the place you left it"),
    Command(
        "library.search",
        "slash",
        "search",
        "Search",
        "Search every article: characters in either script, pinyin or English",
    ),
    Command("library.review", "r", "review", "Review", "Review the saved words that are due"),
    Command(
        "library.progress",
        "p",
        "progress",
        "Progress",
        "Your progress: known words over time, reviews and reading time per day",
    ),
    Command(
        "library.close_hits",
        "escape",
        "close_hits",
        "Back to the list",
        "Close the search results and go back to the list",
        show=False,
    ),
    Command("library.quit", "q", "app.quit", "Quit", "Quit yuedu"),
    Command("reader.next_word", "right,l", "word(1)", "Next word", "Move to the next word"),
    Command("reader.prev_word", "left,h", "word(-1)", "Prev word", "Move to the previous word", show=False),
    Command("reader.line_down", "down,j", "line(1)", "Line down", "Move down a line", show=False),
    Command("reader.line_up", "up,k", "line(-1)", "Line up", "Move up a line", show=False),
    Command("reader.page_down", "pagedown", "page(1)", "Page down", "Move down a page", show=False),
    Command("reader.page_up", "pageup", "page(-1)", "Page up", "Move up a page", show=False),
    Command("reader.start", "home", "edge(0)", "Start", "Go to the start of the article", show=False),
    Command("reader.end", "end", "edge(1)", "End", "Go to the end of the article", show=False),
    Command(
        "reader.script",
        "s",
        "script",
        "Script",
        "Switch the script: original → simplified → traditional",
        narrow=True,
    ),
    Command("reader.pinyin", "p", "pinyin", "Pinyin", "Show or hide pinyin above the text", narrow=True),
    Command("reader.tones", "c", "tones", "Tones", "Colour the text by tone"),
    Command(
        "reader.sandhi",
        "S",
        "sandhi",
        "Spoken tones",
        "Show spoken tones (sandhi: búshì, yíge) instead of dictionary tones",
        show=False,
    ),
    Command("reader.raw", "r", "raw", "Raw", "Show the raw text, with its page furniture"),
    Command(
        "reader.text_width",
        "w",
        "text_width",
        "Text width",
        "Text width: 60, 80, 100 columns or the whole width (centred; remembered)",
        show=False,
    ),
    Command(
        "reader.outline",
        "o",
        "outline",
        "Outline",
        "Open or close the outline: sections and key claims (Enter jumps)",
        narrow=True,
    ),
    Command(
        "reader.find",
        "slash",
        "find",
        "Find",
        "Find in this article: characters in either script, or pinyin",
        narrow=True,
    ),
    Command("reader.next_hit", "n", "next_hit(1)", "Next hit", "Go to the next hit of the last find", show=False),
    Command("reader.prev_hit", "N", "next_hit(-1)", "Prev hit", "Go to the previous hit of the last find", show=False),
    Command(
        "reader.save_word",
        "a",
        "save_word",
        "Save word",
        "Save the word with its sentence, to learn and review",
        narrow=True,
    ),
    Command("reader.bookmark", "b", "bookmark", "Bookmark", "Bookmark this place, or remove the bookmark here"),
    Command("reader.status_new", "1", "status('new')", "New", "Mark the word as new", show=False),
    Command(
        "reader.status_learning",
        "2",
        "status('learning')",
        "Learning",
        "Mark the word as learning (saves it, like a)",
        show=False,
    ),
    Command("reader.status_known", "3", "status('known')", "Known", "Mark the word as known", show=False),
    Command("reader.status_ignored", "4", "status('ignored')", "Ignored", "Mark the word as ignored", show=False),
    Command(
        "reader.ignore_names",
        "i",
        "ignore_names",
        "Ignore names",
        "Ignore this article's glossary terms and names you have not marked (again: undo)",
        show=False,
    ),
    Command("reader.show_status", "v", "show_status", "Word status", "Show or hide word status colours", show=False),
    Command(
        "reader.next_sense",
        "e",
        "next_sense",
        "Next sense",
        "Choose the word's next sense (a saved word keeps it)",
        show=False,
    ),
    Command(
        "reader.merge",
        "m",
        "merge",
        "Merge with next word",
        "Make the word and the next one a single word, from now on",
        show=False,
    ),
    Command("reader.split", "x", "split", "Split the word", "Cut the word in two, from now on", show=False),
    Command(
        "reader.fix_reading",
        "f",
        "fix_reading",
        "Keep this reading and sense",
        "Keep the sense shown (e chooses it) and its reading for this word, in every text",
        show=False,
    ),
    Command("reader.next_tab", "t", "next_tab", "Panel tab", "Show the side panel's next tab", show=False),
    Command(
        "reader.glossary",
        "g",
        "glossary",
        "Glossary terms",
        "List this article's glossary terms (Enter: next occurrence)",
        show=False,
    ),
    Command("reader.next_bookmark", "B", "next_bookmark", "Next bookmark", "Go to the next bookmark", show=False),
    Command(
        "reader.difficulty",
        "d",
        "difficulty",
        "Difficulty",
        "How hard this text is: HSK bands, coverage, words to learn first",
        show=False,
    ),
    Command("reader.back", "escape", "back", "Library", "Back to the library", narrow=True),
    Command("reader.quit", "q", "app.quit", "Quit", "Quit yuedu", narrow=True),
    # The Word tab's examples, when focused (Tab): bound on the list, so they win over the reader's keys.
    Command("examples.next", "down", "step(1)", "Next example", "Highlight the next example", show=False),
    Command("examples.prev", "up", "step(-1)", "Prev example", "Highlight the previous example", show=False),
    Command("examples.first", "home,pageup", "edge(0)", "First example", "Highlight the first example", show=False),
    Command("examples.last", "end,pagedown", "edge(1)", "Last example", "Highlight the last example", show=False),
    Command(
        "examples.open",
        "enter",
        "open",
        "Open example",
        "Open the highlighted example's article at its word",
        show=False,  # the list says "Enter jumps"; in the footer it pushed off Esc and q
    ),
    # Short labels: the review's footer fits 80 columns.
    Command("review.reveal", "space,enter", "reveal", "Answer", "Show the answer"),
    Command("review.again", "1", "grade(1)", "Again", "Grade: Again, forgotten (comes back in this session)"),
    Command("review.hard", "2", "grade(2)", "Hard", "Grade: Hard, remembered with difficulty"),
    Command("review.good", "3", "grade(3)", "Good", "Grade: Good, remembered"),
    Command("review.easy", "4", "grade(4)", "Easy", "Grade: Easy, remembered at once"),
    Command("review.leave", "escape,q", "leave", "Done", "End the review"),
    Command(
        "difficulty.close",
        "escape,d,q",
        "app.pop_screen",
        "Back to the text",
        "Close the difficulty view and go back to the text",
    ),
    Command(
        "progress.close",
        "escape,p,q",
        "app.pop_screen",
        "Back to the library",
        "Close the progress charts and go back to the library",
    ),
)

# Keys handled by Textual itself, listed with ours.
NOTES: tuple[Note, ...] = (
    Note("everywhere", "Tab", "Move the focus: text, outline, side panel"),
    Note("everywhere", "Ctrl+P", "Every action by name"),
)

BY_ID = {c.id: c for c in COMMANDS}
DESCRIPTIONS = {c.id: c.description for c in COMMANDS}

# What the README and `?` call the `app` commands, and where the README says each screen is met.
EVERYWHERE = "everywhere"
SCREENS = {
    "library": "yuedu",
    "reader": "an article: Enter in the library, or yuedu read ID",
    "examples": "the Word tab's examples, focused with Tab in the reader",
    "review": "r in the library, or yuedu review",
    "difficulty": "how hard a text is: d in the reader",
    "progress": "p in the library",
    "help": "?",
    EVERYWHERE: "on every screen",
}


def screen_name(screen: str) -> str:
    return EVERYWHERE if screen == "app" else screen


def of_screen(screen: str) -> list[Command]:
    """The commands of one screen ("app" for the app's own), in their order."""
    return [c for c in COMMANDS if c.screen == screen]


def screen_of(cls: type[object]) -> str | None:
    """The table's name for a class declaring BINDINGS made from it (a screen, a widget), if any."""
    ids = (getattr(b, "id", None) for b in vars(cls).get("BINDINGS", ()))
    return next((BY_ID[i].screen for i in ids if i in BY_ID), None)


def bindings(screen: str) -> list[BindingType]:
    """A screen's BINDINGS, made from the table."""
    return [c.binding() for c in of_screen(screen)]


def readme() -> str:
    """The README's key list: each screen's keys, the name keymap.toml knows them by, what they do."""
    from rich.cells import cell_len

    from tui.app.keys import keys_label

    rows = [(screen_name(c.screen), keys_label(c.keys), c.id.split(".", 1)[1], c.description) for c in COMMANDS]
    rows += [(n.screen, n.keys, "", n.description) for n in NOTES]
    keys_width = max(cell_len(r[1]) for r in rows)
    name_width = max(len(r[2]) for r in rows)
    lines = []
    for screen, where in SCREENS.items():
        prefix = "app" if screen == EVERYWHERE else screen
        lines.append(f"    {screen} ({where}; keymap.toml: {prefix}.NAME)")
        for _, keys, name, what in (r for r in rows if r[0] == screen):
            pad = " " * (keys_width - cell_len(keys))
            lines.append(f"      {keys}{pad}  {name:<{name_width}}  {what}".rstrip())
    return "\n".join(lines) + "\n"


README_START = "<!-- keys: made by `python -m tui.app.commands --readme` from tui/app/commands.py -->\n"
README_END = "<!-- keys: end -->\n"


def main(argv: list[str]) -> int:
    if argv != ["--readme"]:
        print("usage: python -m tui.app.commands --readme", file=sys.stderr)
        return 2
    sys.stdout.write(README_START + "\n" + readme() + "\n" + README_END)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
