"""Example sentences for a word from the user's own library, found through the search index."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from tui.core.articles import split_sentences
from tui.core.glossary import normalise
from tui.core.index import SearchIndex, find_all


@dataclass(frozen=True, slots=True)
class Example:
    article: str
    sentence: str
    start: int  # offset of the word in the article's reading text

    def to_json(self) -> dict[str, object]:
        return {"article": self.article, "sentence": self.sentence, "start": self.start}


MAX_SENTENCE = 120  # characters either side of the word, for text with no sentence ends nearby


def examples(word: str, limit: int = 3, current: str | None = None, index: SearchIndex | None = None) -> list[Example]:
    """Up to `limit` sentences holding `word` (either script), one per article while articles last.

    Articles other than `current` come first, the one with most hits first; the
    article the word occurs in first (by id) is not favoured, so a word read in one
    article shows how it is used elsewhere.
    """
    norm = normalise(word)
    if limit <= 0 or not norm.strip():
        return []
    index = index or SearchIndex()
    index.sync()
    counts = index.doc_counts(norm)
    docs = [(index.document(doc_id), n) for doc_id, n in counts.items()]
    docs.sort(key=lambda d: (d[0][0] == current, -d[1], d[0][0]))
    per_article: list[list[Example]] = []
    for (article, _title, _script, text, _sections), _n in docs:
        spans = split_sentences(text)
        starts = [s[0] for s in spans]
        found: list[Example] = []
        seen: set[tuple[int, int]] = set()
        for at in find_all(normalise(text), norm):
            i = bisect_right(starts, at) - 1
            span = spans[i] if i >= 0 and at < spans[i][1] else (max(0, at - 40), at + len(norm) + 40)
            if span in seen:
                continue
            seen.add(span)
            lo, hi = max(span[0], at - MAX_SENTENCE), min(span[1], at + len(norm) + MAX_SENTENCE)
            found.append(Example(article, " ".join(text[lo:hi].split()), at))
        if found:
            per_article.append(found)
    # Round robin: the first sentence of each article, then the second of each, ...
    out: list[Example] = []
    depth = 0
    while len(out) < limit and any(depth < len(f) for f in per_article):
        for found in per_article:
            if depth < len(found) and len(out) < limit:
                out.append(found[depth])
        depth += 1
    return out
