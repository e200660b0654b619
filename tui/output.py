"""Output for the headless commands: JSON for scripts, Rich for people (colour only on a TTY).

Nothing printed here reaches the terminal as an escape sequence or as Rich markup:
the console parses no markup and passes every segment of text through `inert_marked()`
(invisible characters named: ⟨RLO⟩);
JSON escapes every control character, C1 and DEL included.
"""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from tui.core.text.inert import inert_marked

if TYPE_CHECKING:
    from rich.console import Console

# json.dumps escapes C0 only; C1 (0x9b is CSI on 8-bit terminals) and DEL are escaped too,
# which keeps the data exact. Outside strings JSON is ASCII, so this touches strings only.
_JSON_UNSAFE = re.compile("[\x7f-\x9f\ud800-\udfff]")


def print_json(data: object) -> None:
    sys.stdout.write(_escaped(json_text(data)) + "\n")


def _escaped(text: str) -> str:
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def print_json_records(head: dict[str, object], key: str, records: Iterable[object]) -> None:
    """`print_json({**head, key: list(records)})`, the same bytes, with each record written as
    it is made: a long input's records (a token each) are never all in memory, nor their JSON."""
    write = sys.stdout.write
    opening = json.dumps(head, ensure_ascii=False, indent=2)[:-2] + ",\n" if head else "{\n"
    write(_escaped(f"{opening}  {json.dumps(key, ensure_ascii=False)}: ["))
    first = True
    for record in records:
        body = _record_json(record)
        if body is None:
            body = json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n    ")
        write(_escaped(("\n    " if first else ",\n    ") + body))
        first = False
    write("]\n}\n" if first else "\n  ]\n}\n")


_string = json.encoder.encode_basestring  # json's own C encoder of a str (ensure_ascii=False)


def _record_json(record: object) -> str | None:
    """json.dumps(record, ensure_ascii=False, indent=2) indented one level more, for a dict of
    strings, ints, None, bools and lists of strings (a token); None for any other shape.
    json's indenting encoder is pure Python: it was a third of `annotate --json`'s time."""
    if type(record) is not dict or not record:
        return None
    lines = []
    keys = _keys
    for key, value in record.items():
        named = keys.get(key)
        if named is None:
            if type(key) is not str or len(keys) > 1000:
                return None
            named = keys[key] = _string(key) + ": "
        kind = type(value)
        if kind is str:
            text = _string(value)
        elif kind is int:
            text = int.__repr__(value)
        elif value is None:
            text = "null"
        elif kind is bool:
            text = "true" if value else "false"
        elif kind is list and all(type(v) is str for v in value):
            text = "[\n        " + ",\n        ".join(map(_string, value)) + "\n      ]" if value else "[]"
        else:
            return None
        lines.append(named + text)
    return "{\n      " + ",\n      ".join(lines) + "\n    }"


_keys: dict[str, str] = {}  # a record key's JSON and colon, made once


def json_text(data: object) -> str:
    """json.dumps(data, ensure_ascii=False, indent=2); a list of flat records (`list` of 1,000
    articles) by json's C encoder, which json uses only without indent (its Python one took a
    third of `list --json`)."""
    records = _flat_records(data)
    if records is None:
        return json.dumps(data, ensure_ascii=False, indent=2)
    keys = [json.dumps(k, ensure_ascii=False).replace("%", "%%") for k in records[0]]
    row = "  {\n" + ",\n".join(f"    {k}: %s" for k in keys) + "\n  }"
    # Control characters are escaped inside JSON strings, so \x00 can only be a separator here.
    flat = json.dumps([list(r.values()) for r in records], ensure_ascii=False, separators=("\x00", ":"))
    rows = [row % tuple(values.split("\x00")) for values in flat[2:-2].split("]\x00[")]
    return "[\n" + ",\n".join(rows) + "\n]"


def _flat_records(data: object) -> list[dict[str, object]] | None:
    """`data` if it is a non-empty list of dicts with the same string keys and scalar values."""
    if not isinstance(data, list) or not data or not all(type(r) is dict for r in data):
        return None
    keys = list(data[0])
    if not keys or not all(type(k) is str for k in keys) or not all(list(r) == keys for r in data):
        return None
    scalar = (str, int, float, type(None))  # bool is an int
    if not all(type(v) in scalar or type(v) is bool for r in data for v in r.values()):
        return None
    return data


def write_text(text: str) -> None:
    """Plain text out: exact into a pipe or file (it is data), made inert on a terminal."""
    sys.stdout.write(inert_marked(text) if sys.stdout.isatty() else text)


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
                        clean = inert_marked(segment.text)
                        if clean is not segment.text:
                            segment = Segment(clean, segment.style)
                    yield segment

            def on_broken_pipe(self) -> None:
                # Rich exits 1 here; the CLI's one handler makes a closed pipe exit 0, quietly.
                self.quiet = True
                raise BrokenPipeError

        _console_class = InertConsole
    return _console_class(highlight=False, soft_wrap=False, markup=False, emoji=False)


class Lines:
    """Lines of styled parts, printed as `console().print(Text)` of each line would print them.

    Rich spends ~0.3 ms setting up each print: 8 MB of `annotate` was 200 s of it. Into a pipe
    or file (no colour), a line of plain text (`is_plain`) that fits the width is written as
    itself; other lines go to Rich, joined by newlines, a batch at a time (Rich wraps each line
    of a Text on its own). A test checks both against Rich's own line by line."""

    BATCH = 256

    def __init__(self) -> None:
        self.out = console()
        self.plain = self.out.color_system is None
        self.width = self.out.width
        self.texts: list[Any] = []  # rich Text lines waiting
        self.strings: list[str] = []  # plain lines waiting

    def add(self, parts: Iterable[tuple[str, str | None]]) -> None:
        """One line of (text, style) parts, at least one: `Text(text, style=style)` of the
        first, the others appended."""
        from rich.cells import cell_len

        from tui.core.text.inert import is_plain

        parts = list(parts)
        if self.plain:
            line = "".join(text for text, _ in parts)
            if is_plain(line) and cell_len(line) <= self.width:
                if self.texts:
                    self._flush_texts()
                self.strings.append(line)
                if len(self.strings) >= self.BATCH:
                    self._flush_strings()
                return
        from rich.text import Text

        if self.strings:
            self._flush_strings()
        (first, style), *rest = parts
        text = Text(first, style=style or "")  # the first part's style is the line's
        for part, style in rest:
            text.append(part, style=style)
        self.texts.append(text)
        if len(self.texts) >= self.BATCH:
            self._flush_texts()

    def close(self) -> None:
        self._flush_strings()
        self._flush_texts()

    def _flush_strings(self) -> None:
        if self.strings:
            self.out.file.write("\n".join(self.strings) + "\n")
            self.strings.clear()

    def _flush_texts(self) -> None:
        from rich.text import Text

        if self.texts:
            self.out.print(Text("\n").join(self.texts))
            self.texts.clear()


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
