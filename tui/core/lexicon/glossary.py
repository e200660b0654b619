"""The domain glossary: TOML entries, validation, and longest-match over script-normalised text."""

from __future__ import annotations

import json
import os
import re
from collections.abc import Container, Iterable
from dataclasses import fields
from functools import cached_property
from pathlib import Path
from typing import Any

from tui.core.lexicon.glossary_schema import Entry as Entry
from tui.core.lexicon.glossary_schema import Match as Match
from tui.core.lexicon.glossary_schema import Problem as Problem
from tui.core.lexicon.glossary_schema import line_index, read_file, s2t
from tui.core.text.chars import han_count, has_han, lower_same_length
from tui.store import paths

_LATIN_FORM = re.compile(r"^[A-Za-z0-9+&.\- ]+$")


def glossary_files(quiet: bool = False) -> list[Path]:
    """The bundled files and the user's; `quiet`: what is skipped is said by the caller."""
    files = sorted(paths.bundled_dir("glossary").glob("*.toml"))
    user = paths.user_glossary_dir()
    if user.is_symlink():
        from tui.store import files as home_files

        if not quiet:
            home_files.skipped([(str(user), "a symbolic link, not a folder")])
    elif user.is_dir():
        files += _regular_files(user, quiet)
    return files


def _regular_files(folder: Path, quiet: bool = False) -> list[Path]:
    """The folder's *.toml regular files; links, FIFOs and the like are skipped with a notice."""
    from tui.store import files

    found, skipped = [], []
    for path in sorted(folder.glob("*.toml")):
        why = files.not_regular(path)
        if why is None:
            found.append(path)
        else:
            skipped.append((str(path), why))
    if not quiet:
        files.skipped(skipped)
    return found


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
        files = glossary_files(quiet)
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
            lines_of[entry.file] = dict(line_index(text))
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
            expected = s2t(entry.term)
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
