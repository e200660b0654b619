"""Senses in context: which CC-CEDICT entry, and which of its senses, fits this word here.

CC-CEDICT lists entries and senses in no order a reader can rely on (在 "to exist"
first, 日 "sun" before "day", 让 "to yield" before "to let"). Entries are ranked by, in
order: the glossary's meaning for a glossary term (川普 Trump); the form the article
writes (據 in a Traditional text); the reading chosen in context (还 huán "to pay
back", 得 děi "must"); real senses before "variant of", "used in" and surname entries.

Within an entry, the senses (and the near-synonyms a sense lists with ";") are ordered by
a small log-linear model of the context (`sense_weights.json`, trained by
bench/train_senses.py): what kind of sense it is (a verb "to ...", a classifier, a
particle), against the part of speech of the word and of its neighbours here (jieba's
tags, `word_tags.tsv`); how common its English is (`english_zipf.tsv`); its marks
((literary), (onom.), (bound form)); its place in CC-CEDICT; and the article's domain (in a
text about computers, 文件 "file", 运行 "to run"). The user's own choice (`e`) is applied
on top of this.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import replace
from functools import cache
from pathlib import Path

from tui.core.lexicon import fixes
from tui.core.lexicon.dictionary import Entry

_HERE = Path(__file__).resolve().parent

# Senses that only point elsewhere or name a surname: below every real sense.
_SECONDARY = re.compile(
    r"^(\(\w+\) )?((old|archaic|ancient|unofficial|Japanese|Korean|erhua) )*variant of\b"
    r"|^(\(\w+\) )?surname\b|^see\b|^used in\b|^also written\b|^abbr\. for\b|^CL:|^Taiwan pr\.",
    re.IGNORECASE,
)
COMPUTING = "computing"
_ABOUT_COMPUTERS = re.compile(r"\b(?:computing|computers?|software|Internet|programming|networking)\b", re.I)
_MARKS = (
    "onom.",
    "literary",
    "old",
    "archaic",
    "dialect",
    "bound form",
    "coll.",
    "Tw",
    "slang",
    "loanword",
    "idiom",
    "fig.",
    "formal",
    "polite",
)
_STOP = frozenset(
    "a an the to of and or in on at for with by as from into be is are sb sth one oneself one's someone something it "
    "its this that not no etc used esp usually lit fig".split()
)
_PUNCT_OR_SPACE = re.compile(r"[\W_]")
_DIGIT = re.compile(r"\d")
_DEMONSTRATIVES = frozenset("这那哪每各几某此该")


def is_secondary(sense: str) -> bool:
    return bool(_SECONDARY.search(sense))


def load_tables() -> None:
    """Read the tables ranking needs (parts of speech, English frequencies, weights) now: read
    by the first word ranked, they cost that cursor move ~10 ms."""
    _tags()
    _english()
    weights()


@cache
def _tags() -> dict[str, str]:
    out = {}
    with open(_HERE / "word_tags.tsv", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                word, tag = line.rstrip("\n").split("\t")
                out[word] = tag
    return out


@cache
def _english() -> dict[str, tuple[int, int]]:
    """English word: (Zipf x10, % of its CC-CEDICT senses that are about computers)."""
    out = {}
    with open(_HERE / "english_zipf.tsv", encoding="utf-8") as fh:
        for line in fh:
            if not line.startswith("#"):
                word, zipf, share = line.rstrip("\n").split("\t")
                out[word] = (int(zipf), int(share))
    return out


_GLUE = frozenset(("and", "or", "of", "the", "a", "an", "to", "sb", "sth", "in", "on", "at", "for", "with", "by"))


def most_common_first(readings: Sequence[str], entries: Sequence[Entry]) -> tuple[str, ...]:
    """A word's readings, the one whose senses use the commonest English first (不是 bùshì "is
    not" before bùshi "fault", 东西 dōngxi "thing" before dōngxī "east and west"), else in
    CC-CEDICT's order: what decides a word read several ways when its context does not."""
    english = _english()

    def commonness(reading: str) -> int:
        best = 0
        for entry in entries:
            if entry.pinyin.lower() != reading.lower():
                continue
            for sense in entry.english[:3]:
                if sense.startswith(("CL:", "variant of", "see ", "surname ")):
                    continue
                plain = re.sub(r"\([^)]*\)", " ", sense.lower())
                words = [w for w in re.findall(r"[a-z]+", plain) if w not in _GLUE]
                best = max([best, *(english.get(w, (0, 0))[0] for w in words)])
        return best

    return tuple(sorted(readings, key=lambda r: -commonness(r)))


# Set by hand, on top of the trained weights, for what Tatoeba cannot teach: it has no
# articles about computers, and its measure leaves out prepositions (to, at, for), so a
# preposition's sense never "fits" there.
HAND_WEIGHTS = {
    "domain_mark": 6.0,
    "domain_share": 40.0,
    "prep_before_object": 4.0,  # 对我很好: towards; 据报道: according to
    "classifier_uncounted": -3.0,  # a classifier sense with no numeral or demonstrative before it
    "classifier_counted": 3.0,  # 这对夫妻, 三种: the classifier
}


@cache
def weights() -> dict[str, float]:
    data = json.loads((_HERE / "sense_weights.json").read_text(encoding="utf-8"))
    out = {str(k): float(v) for k, v in data["weights"].items()}
    out.update(HAND_WEIGHTS)
    return out


def tag_of(word: str) -> str:
    """jieba's coarse part of speech for a word: n v a d r p c q u m f t y N(ame) x, or ? unknown."""
    return _tags().get(word, "?")


def _neighbour_tags(before: str, after: str) -> tuple[str, str]:
    """The part of speech of the word before and after, read from the text around:
    ^ and $ where a sentence, clause or the text ends there."""
    tags = _tags()
    prev = "^"
    if before and _DIGIT.match(before[-1]):
        prev = "m"
    elif before and not _PUNCT_OR_SPACE.match(before[-1]):
        prev = "?"
        for k in range(min(3, len(before)), 0, -1):
            if before[-k:] in tags:
                prev = tags[before[-k:]]
                break
    nxt = "$"
    if after and _DIGIT.match(after[0]):
        nxt = "m"
    elif after and not _PUNCT_OR_SPACE.match(after[0]):
        nxt = "?"
        for k in range(min(3, len(after)), 0, -1):
            if after[:k] in tags:
                nxt = tags[after[:k]]
                break
    return prev, nxt


def parts_of(sense: str) -> list[str]:
    """A sense's near-synonyms, as CC-CEDICT lists them with ";" (not inside brackets)."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(sense):
        if ch in "([":
            depth += 1
        elif ch in ")]":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            parts.append(sense[start:i].strip())
            start = i + 1
    parts.append(sense[start:].strip())
    return [p for p in parts if p] or [sense]


def _kind(part: str) -> str:
    low = part.lower()
    if "classifier" in low or low.startswith("cl:") or "measure word" in low:
        return "cl"
    if "particle" in low or "marker" in low:
        return "pt"
    if re.match(r"^(\([^)]*\) )*to ", low):
        return "v"
    if re.match(r"^(towards?|at|for|from|by|with|concerning|regarding|than|according to)\b", low):
        return "prep"
    if "?" in part:
        return "q"
    return "o"


def features(
    part: str,
    sense: str,
    sense_index: int,
    part_index: int,
    context: tuple[str, ...],
    domain: str | None,
    word: str = "",
) -> dict[str, float]:
    """The model's features of one near-synonym `part` of `sense` of `word` whose own,
    previous and next parts of speech are `context`."""
    own, prev, nxt, counted = context
    english = _english()
    words = [w for w in re.findall(r"[a-z]+", re.sub(r"\([^)]*\)", " ", part.lower())) if w not in _STOP]
    known = [english.get(w, (20, 0)) for w in words]
    kind = _kind(part)
    out: dict[str, float] = {
        "bias": 1.0,
        "zipf_max": max((z for z, _ in known), default=20) / 10,
        "zipf_first": (known[0][0] if known else 20) / 10,
        "words": min(len(words), 6) / 6,
        "sense_first": float(sense_index == 0),
        "sense_index": math.log1p(sense_index),
        "part_first": float(part_index == 0),
        "part_index": math.log1p(part_index),
        "secondary": float(is_secondary(sense)),
        "paren": float("(" in part),
        f"kind:{kind}": 1.0,
        f"kind:{kind}|own:{own}": 1.0,
        f"kind:{kind}|prev:{prev}": 1.0,
        f"kind:{kind}|next:{nxt}": 1.0,
        f"kind:{kind}|prev:{prev}|next:{nxt}": 1.0,
    }
    if kind == "prep" and own == "p" and not counted and nxt in ("r", "n", "N", "v"):
        out["prep_before_object"] = 1.0
    if kind == "cl" and not counted and prev != "q":
        out["classifier_uncounted"] = 1.0
    if kind == "cl" and counted:
        out["classifier_counted"] = 1.0
    if words:
        # The English itself against the context: "want" before a verb, "let" before a pronoun.
        head = words[0]
        out[f"head:{head}"] = 1.0
        out[f"head:{head}|next:{nxt}"] = 1.0
        out[f"head:{head}|prev:{prev}"] = 1.0
        if word:
            out[f"word:{word}|head:{head}"] = 1.0  # which sense a common word has most often
    for mark in _MARKS:
        if f"({mark})" in sense:
            out[f"mark:{mark}"] = 1.0
    if domain == COMPUTING:
        if _ABOUT_COMPUTERS.search(sense):
            out["domain_mark"] = 1.0
        out["domain_share"] = max((s for _, s in known), default=0) / 100
    return out


def score(found: dict[str, float], weights: dict[str, float]) -> float:
    return sum(weights.get(name, 0.0) * value for name, value in found.items())


def _always(before: str, after: str) -> bool:
    return True


# Where a reader of news text needs a sense no measure on Tatoeba can teach (its measure
# leaves out "in" and "at"), the sense to put first; above the model.
_NUMERALS = frozenset("0123456789０１２３４５６７８９一二三四五六七八九十两〇零几~～-–—")
_COUNTED_MONTH = _NUMERALS | frozenset("个这那上下每本当同满半整")
_CUES: tuple[tuple[str, Callable[[str, str], bool], str], ...] = (
    ("月", lambda b, a: b[-1:] in _NUMERALS, "month"),
    ("月", lambda b, a: b[-1:] not in _COUNTED_MONTH and a[:1] not in "份底初中", "moon"),  # 今晚的月很亮
    ("表", lambda b, a: a[:1] in _NUMERALS, "a table"),
    ("在", _always, "(of sb or sth) to be (located) at"),
    ("是", _always, "to be"),  # Tatoeba's measure leaves out "be"
    ("高层", _always, "high level"),
    ("里", _always, "inside"),
)


def _cue(word: str, before: str, after: str) -> str | None:
    for cue_word, applies, sense in _CUES:
        if cue_word == word and applies(before, after):
            return sense
    return None


def cue_of(word: str, before: str, after: str) -> str | None:
    """The sense a cue puts first for `word` between `before` and `after`, or None: with
    `context_of`, all that `rank` reads of the text around a word."""
    return _cue(word, before, after)


_FUNCTION_WORDS = frozenset("i me my mine you your he him his she her it its we us our they them their".split())


def _function_gloss(part: str) -> bool:
    words = re.findall(r"[a-z]+", part.lower())
    return bool(words) and all(w in _FUNCTION_WORDS for w in words)


def _reading_distance(entry: Entry, reading: Sequence[str] | None) -> int:
    if not reading:
        return 0
    theirs = [s.lower() for s in entry.syllables]
    ours = [s.lower() for s in reading if s]
    if theirs == ours:
        return 0
    if [s.rstrip("012345") for s in theirs] == [s.rstrip("012345") for s in ours]:
        return 1  # a tone apart (neutral tone, sandhi in the dictionary)
    return 2


def _mentions(sense: str, english: str) -> bool:
    words = [w for w in re.findall(r"[A-Za-z]+", english) if len(w) > 2]
    return any(re.search(rf"\b{re.escape(w)}\b", sense, re.IGNORECASE) for w in words)


def order_senses(
    entry: Entry,
    context: tuple[str, ...],
    domain: str | None = None,
    glossary_english: str | None = None,
    word: str = "",
    cue: str | None = None,
) -> tuple[tuple[str, ...], float]:
    """The entry's senses, the one that fits first; within each, the near-synonym that fits
    first; and the score of the best (secondary senses not counted)."""
    w = weights()
    scored: list[tuple[tuple[int, int, int, float, int], str]] = []
    for i, sense in enumerate(entry.english):
        parts = parts_of(sense)
        part_scores = [score(features(p, sense, i, k, context, domain, word), w) for k, p in enumerate(parts)]
        order = sorted(range(len(parts)), key=lambda k: (not (cue and parts[k].startswith(cue)), -part_scores[k], k))
        if _function_gloss(parts[0]) and not (cue and not parts[0].startswith(cue)):
            order = [0] + [k for k in order if k]  # "I; me; my" stays so: Tatoeba's measure cannot see "I"
        text = "; ".join(parts[k] for k in order) if len(parts) > 1 else sense
        wanted = glossary_english is not None and _mentions(sense, glossary_english)
        cued = cue is not None and any(p.startswith(cue) for p in parts)
        secondary = is_secondary(sense) and not wanted
        key = (0 if wanted else 1, 0 if cued else 1, 1 if secondary else 0, -max(part_scores), i)
        scored.append((key, text))
    scored.sort(key=lambda pair: pair[0])
    best = max((-key[3] for key, _ in scored if key[2] == 0), default=-math.inf)
    return tuple(text for _, text in scored), best


def context_of(word: str, before: str, after: str) -> tuple[str, str, str, str]:
    """(own, previous, next) part of speech of `word` between `before` and `after`, and
    "counted" where a numeral or a demonstrative (这对夫妻) stands just before it."""
    prev, nxt = _neighbour_tags(before, after)
    counted = "counted" if prev == "m" or before[-1:] in _DEMONSTRATIVES else ""
    return tag_of(word), prev, nxt, counted


def rank(
    entries: Sequence[Entry],
    *,
    surface: str = "",
    reading: Sequence[str] | None = None,
    before: str = "",
    after: str = "",
    glossary_english: str | None = None,
    domain: str | None = None,
) -> list[Entry]:
    """The entries for a word, best first, each with its senses in order of fit.

    `surface` is the word as the article writes it: where some entries have exactly
    that form (據), the others (㨿, 据 jū) are left out. `reading` is its syllables in
    context; `before` and `after` the text around it; `domain` the article's (`domain_of`).
    """
    if not entries:
        return []
    word = entries[0].simplified
    if surface:
        same_form = [e for e in entries if surface in (e.traditional, e.simplified)]
        written = [e for e in same_form if e.traditional == surface] if surface != word else same_form
        entries = written or same_form or list(entries)
    context = context_of(word, before, after)
    cue = _cue(word, before, after)

    ranked: list[tuple[tuple[float, ...], Entry]] = []
    for n, entry in enumerate(entries):
        senses, best = order_senses(entry, context, domain, glossary_english, word, cue)
        glossary_hit = glossary_english is not None and any(_mentions(s, glossary_english) for s in senses)
        cue_hit = cue is not None and any(p.startswith(cue) for s in senses for p in parts_of(s))
        only_secondary = not glossary_hit and all(is_secondary(s) for s in senses)
        key = (
            0 if glossary_hit else 1,
            _reading_distance(entry, reading),
            1 if only_secondary else 0,
            0 if cue_hit else 1,
            1 if entry.pinyin[:1].isupper() and reading and not reading[0][:1].isupper() else 0,
        )
        ranked.append(((*key, -best, n), replace(entry, english=senses)))
    ranked.sort(key=lambda pair: pair[0])
    # Your fixes (`yuedu fix`, `f`) come before every cue: tui/core/lexicon/fixes.py.
    return fixes.applied(word, [entry for _, entry in ranked])


def first_sense(entries: Sequence[Entry]) -> str:
    """The sense to show first for entries already ranked, or ""."""
    for entry in entries:
        for sense in entry.english:
            return sense
    return ""


# An article is about computers when this share of its Han words (running) have a sense
# CC-CEDICT gives about computers; in news text under 1%, in a Linux manual 5-7%.
DOMAIN_SHARE = 0.03


def domain_of(words: Iterable[str], entries: dict[str, list[Entry]]) -> str | None:
    """The article's domain from its Han words (running) and their entries: "computing" or None."""
    marked: dict[str, bool] = {}
    total = hits = 0
    for word in words:
        hit = marked.get(word)
        if hit is None:
            hit = marked[word] = any(_ABOUT_COMPUTERS.search(s) for e in entries.get(word, ()) for s in e.english)
        total += 1
        hits += hit
    return COMPUTING if total and hits / total >= DOMAIN_SHARE else None


def choices(definitions: Iterable[tuple[str, str, Sequence[str]]]) -> list[tuple[str, str]]:
    """The senses `e` cycles through, as the Word tab lists them: every sense of every entry,
    in order, each with its entry's reading. The user's choice is an index into this list."""
    return [(pinyin, sense) for _, pinyin, senses in definitions for sense in senses]


def chosen(definitions: Iterable[tuple[str, str, Sequence[str]]], index: int) -> tuple[str, str] | None:
    """The (reading, sense) the user chose with `e` (`index` counted over `choices`); None
    when the word has no sense."""
    found = choices(definitions)
    return found[index % len(found)] if found else None
