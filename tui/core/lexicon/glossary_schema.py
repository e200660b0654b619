"""The glossary's schema: its TOML files read into entries, every key's type and size checked;
anything else is a problem, never an exception."""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from tui.core.jsonable import NOT_IN_JSON

CATEGORIES = (
    "person",
    "organization",
    "country-region",
    "place",
    "agreement",
    "document",
    "policy-concept",
    "event",
    "other",
)
REQUIRED = ("term", "pinyin", "english", "category", "note")
_LATIN_FORM = re.compile(r"^[A-Za-z0-9+&.\- ]+$")


@dataclass(frozen=True, slots=True)
class Entry:
    term: str
    traditional: str
    aliases: tuple[str, ...]
    pinyin: str
    english: str
    category: str
    note: str
    see_also: tuple[str, ...]
    file: str = field(metadata=NOT_IN_JSON)
    line: int = field(metadata=NOT_IN_JSON)
    traditional_given: str = field(default="", metadata=NOT_IN_JSON)  # as the file writes it, for `check`
    traditional_override: bool = field(default=False, metadata=NOT_IN_JSON)

    @property
    def forms(self) -> tuple[str, ...]:
        """Every surface form: the term, its Traditional form and the aliases."""
        return tuple(dict.fromkeys((self.term, self.traditional, *self.aliases)))


@dataclass(frozen=True, slots=True)
class Problem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}" if self.line else f"{self.file}: {self.message}"


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    entry: Entry


def _read_bounded(path: Path) -> str:
    """A glossary file's text: never through a link, never from a FIFO, at most the input limit."""
    from tui.core.library.limits import ENV, max_bytes
    from tui.store import files

    data = files.read_bytes(path, max_bytes(), f"set {ENV} to raise the limit")
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text would


# --- the schema: every key's type and size; anything else is a problem, never an exception ---------

_STRINGS = {"term": 64, "traditional": 64, "pinyin": 256, "english": 512, "category": 64, "note": 8_000}
_LISTS = {"aliases": 64, "see_also": 64}  # items at most; each item a string of at most 64 characters
_BOOLS = ("traditional_override",)
_ITEM_MAX = 64
_KEY_LINE = re.compile(r"""\s*([A-Za-z0-9_-]+|"[^"]*"|'[^']*')\s*=""")


def _type_name(value: object) -> str:
    if isinstance(value, bool):
        return "a boolean"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, list):
        return "an array"
    if isinstance(value, dict):
        return "a table"
    return "a date or time"


def line_index(text: str) -> list[tuple[int, dict[str, int]]]:
    """For each `[[entry]]` header in order: its line, and the line of each key under it. One pass."""
    out: list[tuple[int, dict[str, int]]] = []
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped == "[[entry]]":
            out.append((n, {}))
        elif out and not stripped.startswith(("#", "[")):
            m = _KEY_LINE.match(line)
            if m:
                out[-1][1].setdefault(m.group(1).strip("\"'"), n)
    return out


@dataclass(frozen=True, slots=True)
class _Where:
    file: str
    line: int  # the entry's `[[entry]]` line, 0 when not known (an inline array of tables)
    keys: dict[str, int]  # the line of each key in the entry


def _top_level_lines(text: str) -> dict[str, int]:
    """The line of each key written before the first table header (`entry = [...]`)."""
    out: dict[str, int] = {}
    for n, line in enumerate(text.splitlines(), 1):
        if line.lstrip().startswith("["):
            break
        m = _KEY_LINE.match(line)
        if m:
            out.setdefault(m.group(1).strip("\"'"), n)
    return out


def _entry_problems(table: dict[str, object], where: _Where) -> list[Problem]:
    """What is wrong with one `[[entry]]` table, one problem per key."""
    term = table.get("term")
    name = f"entry {term!r}" if isinstance(term, str) and term.strip() else "entry"
    out: list[Problem] = []

    def bad(key: str, message: str) -> None:
        out.append(Problem(where.file, where.keys.get(key, where.line), f"{name}: {message}"))

    for key, value in table.items():
        if key in _STRINGS:
            if not isinstance(value, str):
                bad(key, f"{key} must be a string, not {_type_name(value)}")
            elif len(value) > _STRINGS[key]:
                bad(key, f"{key} is {len(value)} characters long (at most {_STRINGS[key]})")
        elif key in _LISTS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                what = _type_name(value) if not isinstance(value, list) else "an array holding other values"
                bad(key, f"{key} must be an array of strings, not {what}")
            elif len(value) > _LISTS[key]:
                bad(key, f"{key} has {len(value)} items (at most {_LISTS[key]})")
            elif any(len(v) > _ITEM_MAX for v in value):
                bad(key, f"{key}: an item is longer than {_ITEM_MAX} characters")
        elif key in _BOOLS:
            if not isinstance(value, bool):
                bad(key, f"{key} must be true or false, not {_type_name(value)}")
        else:
            bad(key, f"unknown key {key!r}")
    if out:
        return out
    missing = [f for f in REQUIRED if not str(table.get(f, "")).strip()]
    if missing:
        out.append(Problem(where.file, where.line, f"entry {table.get('term', '?')!r} lacks {', '.join(missing)}"))
    elif table["category"] not in CATEGORIES:
        bad("category", f"unknown category {table['category']!r} (one of {', '.join(CATEGORIES)})")
    return out


def read_file(path: Path) -> tuple[list[Entry], list[Problem]]:
    """Entries of one file, and the problems that kept any of them out. Never raises: a file that
    cannot be read or parsed, or is not shaped as `[[entry]]` tables, gives no entries and says why;
    an entry with a problem is left out and the others load. Linear in the file."""
    name = str(path)
    try:
        text = _read_bounded(path)
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:  # a link, FIFO or oversized file is a Refused OSError
        return [], [Problem(name, 0, f"cannot read: {exc}")]
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        return [], [Problem(name, int(m.group(1)) if m else 0, f"TOML syntax: {exc}")]
    except RecursionError:
        return [], [Problem(name, 0, "arrays or tables nested too deep")]
    top = _top_level_lines(text)
    problems = [
        Problem(name, top.get(k, 0), f"unknown top-level key {k!r} (expected [[entry]] tables)")
        for k in data
        if k != "entry"
    ]
    tables = data.get("entry", [])
    if not isinstance(tables, list):
        problem = Problem(name, top.get("entry", 0), f"entry must be [[entry]] tables, not {_type_name(tables)}")
        return [], [*problems, problem]
    index = line_index(text)
    entries: list[Entry] = []
    for i, table in enumerate(tables):
        line, keys = index[i] if i < len(index) else (top.get("entry", 0), {})
        if not isinstance(table, dict):
            problems.append(Problem(name, line, f"entry {i + 1} must be a table, not {_type_name(table)}"))
            continue
        bad = _entry_problems(table, _Where(name, line, keys))
        if bad:
            problems += bad
            continue
        given = table.get("traditional")
        entries.append(
            Entry(
                term=str(table["term"]),
                traditional=str(given) if given else "",  # filled below, all at once
                aliases=tuple(table.get("aliases", ())),
                pinyin=str(table["pinyin"]),
                english=str(table["english"]),
                category=str(table["category"]),
                note=str(table["note"]),
                see_also=tuple(table.get("see_also", ())),
                file=name,
                line=line,
                traditional_given=str(given) if given else "",
                traditional_override=bool(table.get("traditional_override", False)),
            )
        )
    missing = [i for i, e in enumerate(entries) if not e.traditional]
    for i, traditional in zip(missing, _s2t_all([entries[i].term for i in missing]), strict=True):
        entries[i] = replace(entries[i], traditional=traditional)
    return entries, problems


def _s2t_all(texts: list[str]) -> list[str]:
    """OpenCC's s2t of each text, in one call for all of them (one call each cost 0.3 s over 12,000)."""
    if any("\n" in t for t in texts):
        return [s2t(t) for t in texts]
    out = s2t("\n".join(texts)).split("\n") if texts else []
    return out if len(out) == len(texts) else [s2t(t) for t in texts]


def s2t(text: str) -> str:
    from tui.core.text.script import converter

    return str(converter("s2t").convert(text))
