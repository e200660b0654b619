"""The domain glossary: TOML entries, validation, and longest-match over script-normalised text."""

from __future__ import annotations

import json
import os
import re
import tomllib
from collections.abc import Container, Iterable
from dataclasses import dataclass, field, fields, replace
from functools import cached_property
from pathlib import Path
from typing import Any

from tui.core.jsonable import NOT_IN_JSON
from tui.core.text.chars import han_count, has_han, lower_same_length
from tui.store import paths

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


def glossary_files() -> list[Path]:
    files = sorted(paths.bundled_dir("glossary").glob("*.toml"))
    user = paths.user_glossary_dir()
    if user.is_symlink():
        from tui.store import files as home_files

        home_files.skipped([(str(user), "a symbolic link, not a folder")])
    elif user.is_dir():
        files += _regular_files(user)
    return files


def _read_bounded(path: Path) -> str:
    """A glossary file's text: never through a link, never from a FIFO, at most the input limit."""
    from tui.core.library.limits import ENV, max_bytes
    from tui.store import files

    data = files.read_bytes(path, max_bytes(), f"set {ENV} to raise the limit")
    return data.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")  # as read_text would


def _regular_files(folder: Path) -> list[Path]:
    """The folder's *.toml regular files; links, FIFOs and the like are skipped with a notice."""
    from tui.store import files

    found, skipped = [], []
    for path in sorted(folder.glob("*.toml")):
        why = files.not_regular(path)
        if why is None:
            found.append(path)
        else:
            skipped.append((str(path), why))
    files.skipped(skipped)
    return found


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


def _line_index(text: str) -> list[tuple[int, dict[str, int]]]:
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
    index = _line_index(text)
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
        return [_s2t(t) for t in texts]
    out = _s2t("\n".join(texts)).split("\n") if texts else []
    return out if len(out) == len(texts) else [_s2t(t) for t in texts]


def _s2t(text: str) -> str:
    from tui.core.text.script import converter

    return str(converter("s2t").convert(text))


def normalise(text: str) -> str:
    """Script-normalised form for matching and search: Simplified, lower case, same length."""
    from tui.core.text.script import to_simplified_same_length

    return lower_same_length(to_simplified_same_length(text))


class Glossary:
    def __init__(self, entries: Iterable[Entry], problems: Iterable[Problem] = ()) -> None:
        by_term: dict[str, Entry] = {}
        for entry in entries:
            by_term[entry.term] = entry  # a later file (the user's) overrides
        self.entries: list[Entry] = list(by_term.values())
        self.problems: list[Problem] = list(problems)

    @classmethod
    def load(cls, *, quiet: bool = False) -> Glossary:
        """Every file's entries; parsed once per process and kept in the cache DB (as JSON, never
        code) until a file's stamp changes. Problems are one notice (unless `quiet`): the files'
        other entries and the bundled glossary still load."""
        files = glossary_files()
        stamp = _CACHE_VERSION + "|".join(_stamp(p) for p in files)
        glossary = _loaded.get(stamp)
        if glossary is None:
            glossary = cls(*_parsed(files, stamp))
            _loaded.clear()
            _loaded[stamp] = glossary
        if glossary.problems and not quiet and stamp not in _noticed:
            _noticed.add(stamp)
            from tui.core.text.inert import inert
            from tui.store import cache

            count = len(glossary.problems)
            named = ", ".join(sorted({Path(p.file).name for p in glossary.problems}))
            cache.notice(
                inert(f"glossary: {count} problem{'s' if count > 1 else ''} in {named[:200]}", one_line=True)
                + "; entries with problems are left out (yuedu glossary check lists them)"
            )
        return glossary

    @cached_property
    def _forms(self) -> dict[str, Entry]:
        pairs = [(form.replace("\n", " "), entry) for entry in self.entries for form in entry.forms]
        # One conversion for all forms (it keeps length, so the joined text splits back): one per
        # form cost 0.3 s over 12,000 entries.
        normalised = normalise("\n".join(form for form, _ in pairs)).split("\n") if pairs else []
        forms: dict[str, Entry] = {}
        for key, (_, entry) in zip(normalised, pairs, strict=True):
            forms.setdefault(key, entry)
        return forms

    @cached_property
    def _max_len(self) -> int:
        return max((len(f) for f in self._forms), default=0)

    @cached_property
    def _first_chars(self) -> frozenset[str]:
        return frozenset(f[0] for f in self._forms if f)

    @cached_property
    def _first_char_re(self) -> re.Pattern[str] | None:
        """Any character a form starts with: the scan jumps between them in C."""
        if not self._first_chars:
            return None
        return re.compile("[" + "".join(re.escape(ch) for ch in sorted(self._first_chars)) + "]")

    @cached_property
    def _by_name(self) -> dict[str, Entry]:
        names = dict(self._forms)
        for entry in self.entries:
            names.setdefault(entry.english.lower(), entry)
            for part in re.split(r"\s*[(),;/]\s*", entry.english.lower()):
                if len(part) > 2:
                    names.setdefault(part, entry)
        return names

    def find(self, query: str) -> Entry | None:
        """An entry by any script, alias or English name, case-insensitive."""
        key = normalise(query.strip())
        return self._by_name.get(key) or self._by_name.get(query.strip().lower())

    def by_term(self, term: str) -> Entry | None:
        return next((e for e in self.entries if e.term == term), None)

    def han_forms(self) -> list[str]:
        """Simplified Han forms, to feed the segmenter as words never to split."""
        return sorted({f for f in self._forms if has_han(f) and not _LATIN_FORM.match(f)})

    def matches(
        self, text: str, normalised: str | None = None, boundaries: Container[int] | None = None
    ) -> list[Match]:
        """Longest, leftmost, non-overlapping matches of any form in `text`. With `boundaries`
        (the offsets where the segmentation starts or ends a word), a match must start on one and
        end on one (or just before, `_on_words`): never a piece of other words (令和 in 命令和)."""
        norm = lower_same_length(normalised) if normalised is not None else normalise(text)
        forms = self._forms
        out: list[Match] = []
        first = self._first_char_re
        if first is None:
            return out
        i, n = 0, len(norm)
        while i < n:
            found = first.search(norm, i)  # most positions start no form: skip them in C
            if found is None:
                break
            i = found.start()
            if i and _LATIN_CHAR.match(norm, i) and _LATIN_CHAR.match(norm, i - 1):
                # Inside a Latin word no form is bounded: skip the word in C (a megabyte of
                # "aaaa" took ~20 lookups per letter).
                i = _LATIN_RUN.match(norm, i).end()  # type: ignore[union-attr]
                continue
            for length in range(min(self._max_len, n - i), 0, -1):
                entry = forms.get(norm[i : i + length])
                if (
                    entry is not None
                    and _bounded(norm, i, i + length)
                    and (boundaries is None or _on_words(boundaries, i, i + length))
                ):
                    out.append(Match(i, i + length, entry))
                    i += length
                    break
            else:
                i += 1
        return out


_CACHE_VERSION = "glossary:3:"  # 3: problem messages name the categories
_loaded: dict[str, Glossary] = {}
_noticed: set[str] = set()
_ENTRY_FIELDS = tuple(f.name for f in fields(Entry))
_ENTRY_TYPES = tuple((f.name, str(f.type)) for f in fields(Entry))


def _stamp(path: Path) -> str:
    try:
        st = os.stat(path)
    except OSError:
        return f"{path}:?"
    return f"{path}:{st.st_size}:{st.st_mtime_ns}:{st.st_ino}"


def _entry_from_row(row: object) -> Entry:
    """An entry from its cached row, every field checked against its declared type."""
    if not isinstance(row, list) or len(row) != len(_ENTRY_FIELDS):
        raise TypeError("not an entry row")
    values: list[Any] = []
    for (name, kind), value in zip(_ENTRY_TYPES, row, strict=True):
        if kind == "tuple[str, ...]":
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise TypeError(name)
            value = tuple(value)
        elif type(value).__name__ != kind:
            raise TypeError(name)
        values.append(value)
    return Entry(*values)


def _parsed(files: list[Path], stamp: str) -> tuple[list[Entry], list[Problem]]:
    """The files' entries and problems, from the cache DB when the stamp matches. A cached value
    that is not what was written (damaged, or from another version) is a miss, never an error."""
    from tui.store import blobs

    cached = blobs.get(stamp)
    if cached is not None:
        try:
            data = json.loads(cached)
            entries = [_entry_from_row(row) for row in data["entries"]]
            problems = [Problem(str(f), int(n), str(m)) for f, n, m in data["problems"]]
            return entries, problems
        except (ValueError, TypeError, KeyError):
            pass  # rebuilt below
    entries = []
    problems = []
    for path in files:
        found, bad = read_file(path)
        entries += found
        problems += bad
    rows = [[getattr(e, f) for f in _ENTRY_FIELDS] for e in entries]
    blob = json.dumps(
        {"entries": rows, "problems": [[p.file, p.line, p.message] for p in problems]}, ensure_ascii=False
    )
    blobs.replace("glossary:", stamp, blob.encode("utf-8"))
    return entries, problems


def occurrences(entry: Entry, normalised: str) -> tuple[list[tuple[int, int]], dict[str, int]]:
    """Where the entry's forms occur in a normalised text: the spans, most frequent form's first
    counted once where one form sits inside another's occurrence (印太 in 印太地区), and how often
    each form occurs. The one count of a term: glossary list and show, and the Glossary tab."""
    spans: list[tuple[int, int]] = []
    by_form: dict[str, int] = {}
    keys = {normalise(f): f for f in reversed(entry.forms)}  # the first form written names a key
    for key, form in keys.items():
        if not key.strip():
            continue
        found = []
        at = normalised.find(key)
        while at >= 0:  # overlapping occurrences too, as the search index counts them
            if _bounded(normalised, at, at + len(key)):
                found.append((at, at + len(key)))
            at = normalised.find(key, at + 1)
        if found:
            by_form[form] = len(found)
            spans += found
    kept: list[tuple[int, int]] = []
    for start, end in sorted(set(spans), key=lambda s: (s[0], -s[1])):
        if kept and kept[-1][0] <= start and end <= kept[-1][1]:
            continue  # inside a longer form's occurrence
        kept.append((start, end))
    return kept, dict(sorted(by_form.items(), key=lambda x: -x[1]))


def _on_words(boundaries: Container[int], start: int, end: int) -> bool:
    """A match starts where a word starts, and ends where one ends or one character before:
    a word of the term and a suffix (战略自主|性, 朝鲜|人 in 朝鲜人权, 国防部|长) still names it,
    while a term that starts inside a word (令和 in 命令|和, 中国 in 发展中国家) does not."""
    return start in boundaries and (end in boundaries or (end - start > 1 and end + 1 in boundaries))


_LATIN_CHAR = re.compile("[A-Za-z0-9]")
_LATIN_RUN = re.compile("[A-Za-z0-9]+")


def _bounded(text: str, start: int, end: int) -> bool:
    """Latin forms (GSOMIA) must not sit inside a longer Latin word."""
    first, last = text[start], text[end - 1]
    if first.isascii() and first.isalnum() and start > 0 and text[start - 1].isascii() and text[start - 1].isalnum():
        return False
    if last.isascii() and last.isalnum() and end < len(text) and text[end].isascii() and text[end].isalnum():
        return False
    return True


def syllables_of(entry: Entry) -> list[str]:
    """The entry's pinyin as one tone-number syllable per Han character of its term."""
    from tui.core.text.pinyin import parse

    return [s for word in parse(entry.pinyin) for s in word]


def check(glossary: Glossary | None = None) -> list[Problem]:
    """Everything `yuedu glossary check` reports. Linear: each file's key lines are indexed once."""
    from tui.core.library.limits import InputRefused, read_regular_file
    from tui.errors import UserError

    glossary = glossary or Glossary.load(quiet=True)
    problems = list(glossary.problems)
    user = paths.user_glossary_dir()
    if user.is_dir() and not user.is_symlink():  # what loading skips (links, FIFOs, folders) is wrong here
        from tui.store import files

        problems += [Problem(str(p), 0, why) for p in sorted(user.glob("*.toml")) if (why := files.not_regular(p))]
    claimed: dict[str, Entry] = {}
    lines_of: dict[str, dict[int, dict[str, int]]] = {}

    def key_line(entry: Entry, key: str) -> int:
        if entry.file not in lines_of:
            try:
                text = read_regular_file(Path(entry.file)).decode("utf-8", "replace")
            except (OSError, InputRefused):
                text = ""
            lines_of[entry.file] = dict(_line_index(text))
        return lines_of[entry.file].get(entry.line, {}).get(key, entry.line)

    for entry in glossary.entries:
        for form in entry.forms:
            key = normalise(form)
            other = claimed.get(key)
            if other is not None and other.term != entry.term:
                problems.append(
                    Problem(entry.file, entry.line, f"{form!r} is claimed by {entry.term!r} and {other.term!r}")
                )
            claimed.setdefault(key, entry)
        try:
            count = len(syllables_of(entry))
        except UserError as exc:
            problems.append(Problem(entry.file, key_line(entry, "pinyin"), str(exc)))
            continue
        if han_count(entry.term) and count != han_count(entry.term):
            problems.append(
                Problem(
                    entry.file,
                    key_line(entry, "pinyin"),
                    f"{entry.term!r}: {count} pinyin syllables for {han_count(entry.term)} characters",
                )
            )
        given = entry.traditional_given
        if given and not entry.traditional_override:
            expected = _s2t(entry.term)
            if given != expected and _s2tw(entry.term) != given:
                problems.append(
                    Problem(
                        entry.file,
                        key_line(entry, "traditional"),
                        f"{entry.term!r}: traditional {given!r} differs from OpenCC's "
                        f"{expected!r}; set traditional_override = true if it is right",
                    )
                )
    return sorted(problems, key=lambda p: (p.file, p.line))


def _s2tw(text: str) -> str:
    from tui.core.text.script import converter

    return str(converter("s2tw").convert(text))
