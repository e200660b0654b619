"""Output for the headless commands: JSON for scripts, Rich for people (colour only on a TTY).

Nothing printed here reaches the terminal as an escape sequence or as Rich markup:
the console parses no markup and passes every segment of text through `inert()`;
JSON escapes every control character, C1 and DEL included.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tui.core.text.inert import inert

if TYPE_CHECKING:
    from rich.console import Console

# json.dumps escapes C0 only; C1 (0x9b is CSI on 8-bit terminals) and DEL are escaped too,
# which keeps the data exact. Outside strings JSON is ASCII, so this touches strings only.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff]")


def print_json(data: object) -> None:
    text = json.dumps(data, ensure_ascii=False, indent=2)
    text = _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)
    sys.stdout.write(text + "\n")


def write_text(text: str) -> None:
    """Plain text out: exact into a pipe or file (it is data), made inert on a terminal."""
    sys.stdout.write(inert(text) if sys.stdout.isatty() else text)


_console_class: type[Console] | None = None


def console() -> Console:
    """A console that honours NO_COLOR, writes colour only to a terminal, and obeys no text."""
    global _console_class
    if _console_class is None:
        from rich.console import Console
        from rich.segment import Segment

        class InertConsole(Console):
            # Rich's own codes travel as control segments, or as styles applied later;
            # plain segments hold only the text we were given, so that is where to sanitise.
            def render(self, renderable: Any, options: Any = None) -> Iterable[Segment]:
                for segment in super().render(renderable, options):
                    if segment.control is None:
                        clean = inert(segment.text)
                        if clean is not segment.text:
                            segment = Segment(clean, segment.style)
                    yield segment

            def on_broken_pipe(self) -> None:
                # Rich exits 1 here; the CLI's one handler makes a closed pipe exit 0, quietly.
                self.quiet = True
                raise BrokenPipeError

        _console_class = InertConsole
    return _console_class(highlight=False, soft_wrap=False, markup=False, emoji=False)


def print_words_to_learn(words: Iterable[tuple[str, str, str, str | None]]) -> None:
    """The words to learn first, a line each: (word, pinyin, a dim note such as the count, meaning),
    in columns."""
    from rich.cells import cell_len
    from rich.text import Text

    out = console()
    rows = list(words)
    if not rows:
        return
    widths = [max(cell_len(str(row[k])) for row in rows) for k in range(3)]  # word, pinyin, note

    def pad(text: str, k: int) -> str:
        return text + " " * (widths[k] - cell_len(text))

    out.print(Text("learn first:", style="bold"))
    for word, pinyin, note, meaning in rows:
        line = Text(f"  {pad(word, 0)}", style="bold")
        line.append(f"  {pad(pinyin, 1)}", style="cyan")
        line.append(f"  {pad(note, 2)}  ", style="dim")
        line.append(meaning or "")
        out.print(line, no_wrap=True, overflow="ellipsis")
