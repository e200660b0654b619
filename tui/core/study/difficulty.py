"""How hard an article is for the learner: coverage, running words per HSK band, article stats."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypedDict

from tui.store.status import Status
from tui.store.study import Study

if TYPE_CHECKING:
    from tui.core.lexicon.glossary import Glossary
    from tui.core.text.analysis import Analysis


def coverage(analysis: Analysis, statuses: dict[str, str]) -> float | None:
    """Share of an analysed text's Chinese words that are known or ignored."""
    from tui.core.text.tokens import HAN

    words = [analysis.word(t) for t in analysis.tokens if t.kind == HAN]
    if not words:
        return None
    return sum(1 for w in words if statuses.get(w) in KNOWN_STATUSES) / len(words)


KNOWN_STATUSES: tuple[Status, ...] = ("known", "ignored")


# The reports below are JSON data as they stand (--json prints them whole): typed dicts, so
# their readers need no narrowing and the CLI's keys are written down once, here.
class UnknownWord(TypedDict):
    word: str
    count: int
    pinyin: str
    hsk: str | None
    english: str | None


class ArticleStats(TypedDict):
    article: str
    tokens: int
    known_tokens: int
    coverage: float
    by_hsk: dict[str, dict[str, int]]
    unknown: list[UnknownWord]


class PrestudyWord(TypedDict):
    word: str
    pinyin: str
    gloss: str | None
    count: int


class Difficulty(TypedDict):
    article: str
    words: int
    counted: str
    hsk: dict[str, int]
    known: int
    coverage: float
    level_for_95: str | None
    prestudy: list[PrestudyWord]


BANDS = ("1", "2", "3", "4", "5", "6", "7-9", "beyond")


def running_words(analysis: Analysis) -> list[tuple[int, str]]:
    """(token index, Simplified word) for each Chinese word of an analysed text, repeats included."""
    from tui.core.text.tokens import HAN

    return [(i, analysis.word(t)) for i, t in enumerate(analysis.tokens) if t.kind == HAN]


def _unknown_ranked(analysis: Analysis, statuses: dict[str, str]) -> tuple[list[str], dict[str, int], dict[str, int]]:
    """Unknown words, most frequent first (then first seen), with their counts and first token."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for i, word in running_words(analysis):
        if statuses.get(word) not in KNOWN_STATUSES:
            counts[word] = counts.get(word, 0) + 1
            first.setdefault(word, i)
    return sorted(counts, key=lambda w: (-counts[w], first[w])), counts, first


def _glosser(
    words: list[str], glossary: Glossary, analysis: Analysis, first: dict[str, int]
) -> Callable[[str], str | None]:
    """A function giving each word the English sense that fits its first occurrence
    (its reading there, the glossary's meaning); else the glossary's English."""
    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.lexicon.senses import first_sense, rank

    entries = Dictionary().entries_by_simplified(words)

    def english(word: str) -> str | None:
        token = analysis.tokens[first[word]]
        entry = glossary.find(word)
        sense = first_sense(
            rank(
                entries.get(word, []),
                surface=token.text,
                reading=analysis.pinyin[first[word]],
                before=analysis.simplified[max(0, token.start - 4) : token.start],
                after=analysis.simplified[token.end : token.end + 4],
                glossary_english=entry.english if entry is not None else None,
            )
        )
        if sense:
            return sense
        return entry.english if entry is not None else None

    return english


def _written_pinyin(analysis: Analysis) -> Callable[[int], str]:
    """Each token's pinyin as written everywhere (GB/T 16159: grouped, capitalised names)."""
    from tui.core.text.analysis import written_tokens

    written = written_tokens(analysis)
    return lambda token: "".join(written[token]).strip()


def stats(article_ref: str) -> ArticleStats:
    """How much of an article the user knows, and the unknown words by frequency."""
    from tui.core.lexicon import hsk
    from tui.core.library.articles import Library
    from tui.core.text.analysis import Analyzer

    article = Library().resolve(article_ref)
    analyzer = Analyzer()
    analysis = analyzer.analyse(article.text)
    statuses = Study().statuses()
    total = known = 0
    by_hsk: dict[str, dict[str, int]] = {}
    for _i, word in running_words(analysis):
        level = hsk.label(hsk.level(word)) or "none"
        bucket = by_hsk.setdefault(level, {"tokens": 0, "known": 0})
        total += 1
        bucket["tokens"] += 1
        if statuses.get(word) in KNOWN_STATUSES:
            known += 1
            bucket["known"] += 1
    ranked, counts, first = _unknown_ranked(analysis, statuses)
    english = _glosser(ranked, analyzer.glossary, analysis, first)
    written = _written_pinyin(analysis)
    unknown: list[UnknownWord] = [
        {
            "word": w,
            "count": counts[w],
            "pinyin": written(first[w]),
            "hsk": hsk.label(hsk.level(w)),
            "english": english(w),
        }
        for w in ranked
    ]
    return {
        "article": article.id,
        "tokens": total,
        "known_tokens": known,
        "coverage": round(known / total, 4) if total else 0.0,
        "by_hsk": dict(sorted(by_hsk.items())),
        "unknown": unknown,
    }


def band_counts(analysis: Analysis) -> dict[str, int]:
    """Running words per HSK 3.0 band ("1" … "6", "7-9", "beyond")."""
    from tui.core.lexicon import hsk

    bands = dict.fromkeys(BANDS, 0)
    for _i, word in running_words(analysis):
        bands[hsk.label(hsk.level(word)) or "beyond"] += 1
    return bands


def level_for(bands: dict[str, int], share: float) -> str | None:
    """The lowest band that, with the bands below it, holds `share` of the words; None for no words."""
    total = sum(bands.values())
    running = 0
    for band in BANDS:
        running += bands[band]
        if total and running >= share * total:
            return band
    return None


def difficulty_of(
    article_id: str, analysis: Analysis, statuses: dict[str, str], glossary: Glossary, prestudy: int = 10
) -> Difficulty:
    """How hard a text is: running words per HSK 3.0 band, the share known, the level for 95%.

    Everything counts running words (a word said ten times counts ten times), not distinct ones.
    `level_for_95` is the lowest band whose words, with all lower bands, make up 95% of the text;
    "beyond" when even 7-9 does not reach it. The pre-study list is the unknown words that lift
    coverage most: the most frequent.
    """
    words = running_words(analysis)
    bands = band_counts(analysis)
    known = sum(1 for _i, word in words if statuses.get(word) in KNOWN_STATUSES)
    total = len(words)
    level = level_for(bands, 0.95)
    ranked, counts, first = _unknown_ranked(analysis, statuses)
    top = ranked[:prestudy]
    english = _glosser(top, glossary, analysis, first)
    written = _written_pinyin(analysis)
    return {
        "article": article_id,
        "words": total,
        "counted": "running words",
        "hsk": bands,
        "known": known,
        "coverage": round(known / total, 4) if total else 0.0,
        "level_for_95": level,
        "prestudy": [
            {
                "word": w,
                "pinyin": written(first[w]),
                "gloss": english(w),
                "count": counts[w],
            }
            for w in top
        ],
    }


def difficulty(article_ref: str, prestudy: int = 10) -> Difficulty:
    """`difficulty_of` an article of the library, with the user's word statuses."""
    from tui.core.library.articles import Library
    from tui.core.text.analysis import Analyzer

    article = Library().resolve(article_ref)
    analyzer = Analyzer()
    return difficulty_of(article.id, analyzer.analyse(article.text), Study().statuses(), analyzer.glossary, prestudy)
