"""Example sentences for a word from the user's own library, found through the search index."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from tui.core.lexicon.glossary import normalise
from tui.core.lru import LRU

if TYPE_CHECKING:
    from tui.core.library.index import SearchIndex


@dataclass(frozen=True, slots=True)
class Example:
    article: str
    sentence: str
    start: int  # offset of the word in the article's reading text


MAX_SENTENCE = 120  # characters either side of the word, for text with no sentence ends nearby


def sentence_around(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence holding text[start:end], looked for at most MAX_SENTENCE characters either side.

    Only the neighbourhood is split: splitting a whole article for one sentence would cost
    more than the search that found it.
    """
    # Here, not at the top: `yuedu lookup` without examples does not pay for the cleaning rules.
    from tui.core.library.articles import split_sentences

    lo = max(0, start - MAX_SENTENCE)
    hi = min(len(text), end + MAX_SENTENCE)
    spans = split_sentences(text[lo:hi])
    for a, b in spans:
        if a + lo <= start < b + lo:
            return (max(a + lo, lo), min(b + lo, hi))
    return (lo, hi)


CANDIDATES = 3  # sentences looked at per example wanted, to find ones that are not headings
_SENTENCE_END = set("。！？!?；;…")
_CLAUSE = set("，,、：:")


def reads_as_sentence(text: str) -> bool:
    """Prose rather than a heading or a title: it ends as a sentence does, or runs on over
    a comma and is long enough to say something (a title has neither)."""
    stripped = text.rstrip("”’」』）)\"' ")
    if stripped[-1:] in _SENTENCE_END:
        return True
    return len(stripped) >= 16 and any(c in _CLAUSE for c in stripped)


NORMALISED_KEPT = 4_000_000  # characters of normalised text kept, over the articles met last
_NORMALISED: LRU[str, str] = LRU(weigh=lambda text, _: len(text), max_weight=NORMALISED_KEPT)


def _normalised(text: str) -> str:
    """An article's text as search compares it, kept for the articles met last: the reader
    looks up the words around its cursor, and converting whole texts was half of each lookup."""
    found = _NORMALISED.get(text)
    if found is None:
        found = normalise(text)
        _NORMALISED.put(text, found)
    return found


def examples(word: str, limit: int = 3, current: str | None = None, index: SearchIndex | None = None) -> list[Example]:
    """Up to `limit` sentences holding `word` (either script), one per article while articles last.

    Articles other than `current` come first, the one with most hits first; the
    article the word occurs in first (by id) is not favoured, so a word read in one
    article shows how it is used elsewhere.
    """
    from tui.core.library.articles import is_sentence
    from tui.core.library.index import SearchIndex, find_all

    norm = normalise(word)
    if limit <= 0 or not norm.strip():
        return []
    index = index or SearchIndex()
    index.sync()
    counts = index.doc_counts(norm)
    names = index.articles_of(list(counts))
    order = sorted(counts, key=lambda d: (names[d] == current, -counts[d], names[d]))
    # The current text in the other script (or imported twice) is not "elsewhere": the
    # same text once converted to Simplified, as search compares it.
    here = next((_normalised(index.document(d)[3]) for d in counts if names[d] == current), None)
    per_article: list[list[Example]] = []
    for doc_id in order:
        # The round robin below takes one sentence from each of the first `limit` articles
        # that have one: no other article's text is read.
        if len(per_article) >= limit:
            break
        article, _title, _script, text, _sections = index.document(doc_id)
        normalised = _normalised(text)
        if article != current and normalised == here:
            continue
        found: list[Example] = []
        seen: set[tuple[int, int]] = set()
        for at in find_all(normalised, norm):
            span = sentence_around(text, at, at + len(norm))
            if span in seen:
                continue
            seen.add(span)
            if not is_sentence(text[span[0] : span[1]]):
                continue  # a heading, a contents line, a table cell or code
            found.append(Example(article, " ".join(text[span[0] : span[1]].split()), at))
            if len(found) >= CANDIDATES * limit:
                break
        # Sentences first, headings and titles after (a word is shown in use, not in a name).
        found.sort(key=lambda e: not reads_as_sentence(e.sentence))
        if found:
            per_article.append(found[:limit])
    # Round robin: the first sentence of each article, then the second of each, ...
    out: list[Example] = []
    depth = 0
    while len(out) < limit and any(depth < len(f) for f in per_article):
        for found in per_article:
            if depth < len(found) and len(out) < limit:
                out.append(found[depth])
        depth += 1
    return out
