"""The domain glossary: TOML entries, validation, and longest-match over script-normalised text."""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

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
        return f"{self.file}:{self.line}: {self.message}"


@dataclass(frozen=True, slots=True)
class Match:
    start: int
    end: int
    entry: Entry


def glossary_files() -> list[Path]:
    files = sorted(paths.bundled_dir("glossary").glob("*.toml"))
    user = paths.user_glossary_dir()
    if user.is_dir():
        files += sorted(user.glob("*.toml"))
    return files


def _entry_lines(text: str) -> list[int]:
    return [n for n, line in enumerate(text.splitlines(), 1) if line.strip() == "[[entry]]"]


def _field_line(text: str, start: int, name: str) -> int:
    lines = text.splitlines()
    for n in range(start, len(lines) + 1):
        if n > start and lines[n - 1].strip() == "[[entry]]":
            break
        if re.match(rf"\s*{re.escape(name)}\s*=", lines[n - 1]):
            return n
    return start


def read_file(path: Path) -> tuple[list[Entry], list[Problem]]:
    """Entries of one file, and the problems that kept any of them out."""
    name = str(path)
    try:
        text = path.read_text(encoding="utf-8")
        data = tomllib.loads(text)
    except (OSError, UnicodeDecodeError) as exc:
        return [], [Problem(name, 1, f"cannot read: {exc}")]
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+)", str(exc))
        return [], [Problem(name, int(m.group(1)) if m else 1, f"TOML syntax: {exc}")]
    tables = data.get("entry", [])
    if not isinstance(tables, list):
        return [], [Problem(name, 1, "expected [[entry]] tables")]
    starts = _entry_lines(text)
    entries: list[Entry] = []
    problems: list[Problem] = []
    for i, table in enumerate(tables):
        line = starts[i] if i < len(starts) else 1
        missing = [f for f in REQUIRED if not str(table.get(f, "")).strip()]
        if missing:
            problems.append(Problem(name, line, f"entry {table.get('term', '?')!r} lacks {', '.join(missing)}"))
            continue
        if table["category"] not in CATEGORIES:
            problems.append(
                Problem(name, _field_line(text, line, "category"), f"unknown category {table['category']!r}")
            )
            continue
        entries.append(
            Entry(
                term=table["term"],
                traditional=table.get("traditional") or _s2t(table["term"]),
                aliases=tuple(table.get("aliases", ())),
                pinyin=table["pinyin"],
                english=table["english"],
                category=table["category"],
                note=table["note"],
                see_also=tuple(table.get("see_also", ())),
                file=name,
                line=line,
            )
        )
    return entries, problems


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
    def load(cls) -> Glossary:
        """Every file's entries; parsed once and kept in the cache DB until a file changes."""
        import pickle

        from tui.store import blobs

        files = glossary_files()
        stamp = "glossary:" + "|".join(f"{p}:{p.stat().st_size}:{p.stat().st_mtime_ns}" for p in files)
        cached = blobs.get(stamp)
        if cached is not None:
            entries, problems = pickle.loads(cached)
            return cls(entries, problems)
        entries = []
        problems = []
        for path in files:
            found, bad = read_file(path)
            entries += found
            problems += bad
        blob = pickle.dumps((entries, problems))
        blobs.replace("glossary:", stamp, blob)
        return cls(entries, problems)

    @cached_property
    def _forms(self) -> dict[str, Entry]:
        forms: dict[str, Entry] = {}
        for entry in self.entries:
            for form in entry.forms:
                forms.setdefault(normalise(form), entry)
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

    def matches(self, text: str, normalised: str | None = None) -> list[Match]:
        """Longest, leftmost, non-overlapping matches of any form in `text`."""
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
                if entry is not None and _bounded(norm, i, i + length):
                    out.append(Match(i, i + length, entry))
                    i += length
                    break
            else:
                i += 1
        return out


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
    """Everything `yuedu glossary check` reports."""
    from tui.errors import UserError

    glossary = glossary or Glossary.load()
    problems = list(glossary.problems)
    claimed: dict[str, Entry] = {}
    for entry in glossary.entries:
        text = Path(entry.file).read_text(encoding="utf-8")
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
            problems.append(Problem(entry.file, _field_line(text, entry.line, "pinyin"), str(exc)))
            continue
        if han_count(entry.term) and count != han_count(entry.term):
            problems.append(
                Problem(
                    entry.file,
                    _field_line(text, entry.line, "pinyin"),
                    f"{entry.term!r}: {count} pinyin syllables for {han_count(entry.term)} characters",
                )
            )
        table = _table_of(text, entry.line)
        if "traditional" in table and not table.get("traditional_override"):
            expected = _s2t(entry.term)
            if table["traditional"] != expected and _s2tw(entry.term) != table["traditional"]:
                problems.append(
                    Problem(
                        entry.file,
                        _field_line(text, entry.line, "traditional"),
                        f"{entry.term!r}: traditional {table['traditional']!r} differs from OpenCC's "
                        f"{expected!r}; set traditional_override = true if it is right",
                    )
                )
    return sorted(problems, key=lambda p: (p.file, p.line))


def _s2tw(text: str) -> str:
    from tui.core.text.script import converter

    return str(converter("s2tw").convert(text))


def _table_of(text: str, line: int) -> dict[str, object]:
    lines = text.splitlines()
    body = []
    for n in range(line, len(lines)):
        if lines[n].strip() == "[[entry]]":
            break
        body.append(lines[n])
    try:
        return tomllib.loads("\n".join(body))
    except tomllib.TOMLDecodeError:
        return {}
