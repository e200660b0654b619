"""Search the library by characters in either script, by pinyin, by English, or by a glossary term.

A query is first interpreted into terms (Chinese words to look for), each with the
kind of reading that produced it; then every term is counted through the index,
and the best hits are cut out of the articles with their context.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from tui.core.jsonable import NOT_IN_JSON, json_named, to_json
from tui.core.lexicon.glossary import normalise
from tui.core.library.index import SearchIndex, Top, find_all
from tui.core.text.chars import has_han
from tui.core.text.script import converter, to_simplified_same_length
from tui.errors import UserError

if TYPE_CHECKING:
    from tui.core.lexicon.glossary import Glossary

CONTEXT = 20
KIND_ORDER = ("hanzi", "alias", "pinyin", "english")
MAX_TERMS = 12
# Up to this many matching articles, all are counted in Python; beyond it, SQL ranks them and
# hands over the first few (SearchIndex.top_counts): the same ranking, without 10,000 rows in Python.
EXACT_RANKING_MAX = 1000


@dataclass
class Term:
    form: str  # what is looked for, as written (Simplified or Traditional)
    kind: str  # hanzi, alias, pinyin or english
    term: str  # the glossary or dictionary term it stands for
    pinyin: str = ""
    english: str = ""
    # per article, for terms whose hits are cut out
    counts: dict[int, int] = field(default_factory=dict, metadata=NOT_IN_JSON)
    # the first articles of its ranking, from SQL, when there are too many to count here
    top: Top | None = field(default=None, metadata=NOT_IN_JSON)
    total: int = field(default=0, metadata=json_named("count"))
    articles: int = 0

    @property
    def norm(self) -> str:
        return normalise(self.form)

    def count_in(self, index: SearchIndex, only: int | None) -> None:
        self.counts = index.doc_counts(self.norm, only)
        self.total, self.articles = sum(self.counts.values()), len(self.counts)

    def rank_in(self, index: SearchIndex, limit: int) -> None:
        """Its first `limit` articles and its totals from SQL, or every count when that fails."""
        self.top = index.top_counts(self.norm, limit, None if self.neutral else self.script)
        if self.top is None:
            self.count_in(index, None)
        else:
            self.total, self.articles = self.top.hits, self.top.articles

    @property
    def neutral(self) -> bool:
        """Written the same in both scripts: no article is in its script more than another."""
        return to_simplified_same_length(self.form) == self.form == str(converter("s2t").convert(self.form))

    @property
    def script(self) -> str:
        return "simplified" if to_simplified_same_length(self.form) == self.form else "traditional"


def interpret(query: str) -> list[Term]:
    """The terms a query stands for, the way the user most likely meant it first."""
    query = " ".join(query.split())
    if not query:
        raise UserError("give something to search for")
    glossary = _glossary()
    terms: list[Term] = []
    if has_han(query):
        entry = glossary.find(query)
        main = entry.term if entry is not None else to_simplified_same_length(query)
        for part in query.split(" "):
            term = Term(part, "hanzi", main if entry is not None else to_simplified_same_length(part))
            if entry is not None:
                term.pinyin, term.english = entry.pinyin, entry.english
            terms.append(term)
        if entry is not None:
            for form in entry.forms:
                # A longer form holding the query (唐纳德·特朗普) is found by the query already.
                if has_han(form) and normalise(query) not in normalise(form):
                    terms.append(Term(form, "alias", entry.term, entry.pinyin, entry.english))
        return _unique(terms)
    terms += _pinyin_terms(query, glossary)
    # Latin text as written (an acronym such as GSOMIA), then what it means in English.
    terms.append(Term(query, "english", query))
    terms += _english_terms(query, glossary)
    return _unique(terms)


def _glossary() -> Glossary:
    """The glossary: `Glossary.load` keeps it per process until one of its files changes."""
    from tui.core.lexicon.glossary import Glossary

    return Glossary.load()


def _unique(terms: list[Term]) -> list[Term]:
    seen: set[str] = set()
    out = []
    for term in terms:
        if term.norm not in seen and term.norm.strip():
            seen.add(term.norm)
            out.append(term)
    return out


def _pinyin_terms(query: str, glossary: Glossary) -> list[Term]:
    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.lexicon.glossary import syllables_of
    from tui.core.text.pinyin import citation, join_word, parse

    try:
        syllables = [s for word in parse(query) for s in word]
    except UserError:
        return []
    if not syllables:
        return []
    from tui.core.lexicon.dictionary import toneless_key

    key = toneless_key(syllables)
    terms = []
    for entry in glossary.entries:
        try:
            reading = syllables_of(entry)
        except UserError:
            continue
        if toneless_key(reading) == key and _tones_agree(syllables, reading):
            terms.append(Term(entry.term, "pinyin", entry.term, join_word(reading, "marks"), entry.english))
    for word in Dictionary().by_pinyin(syllables):
        terms.append(
            Term(
                word.simplified,
                "pinyin",
                word.simplified,
                join_word(citation(word.simplified, word.syllables), "marks"),
                word.english[0],
            )
        )
    return terms


def _tones_agree(query: list[str], reading: list[str]) -> bool:
    return len(query) == len(reading) and all(q.endswith("0") or q[-1] == r[-1] for q, r in zip(query, reading))


def _english_terms(query: str, glossary: Glossary) -> list[Term]:
    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.text.pinyin import citation, join_word

    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9 '\-]*", query):
        return []
    terms = []
    entry = glossary.find(query)
    if entry is not None:
        terms.append(Term(entry.term, "english", entry.term, entry.pinyin, entry.english))
    wanted = query.lower()
    scored = []
    for rank, dict_entry in enumerate(Dictionary().by_english(query)):
        senses = [_bare_sense(s) for s in dict_entry.english]
        if any(s.startswith(("variant of", "old variant", "surname", "see ")) for s in senses[:1]):
            continue
        exact = any(s == wanted for s in senses)
        # A sense that is just the query beats one that mentions it; short words beat long.
        scored.append((not exact, len(dict_entry.simplified) == 1, rank, dict_entry))
    for _e, _single, _rank, dict_entry in sorted(scored, key=lambda t: t[:3]):
        sense = next((s for s in dict_entry.english if wanted in s.lower()), dict_entry.english[0])
        terms.append(
            Term(
                dict_entry.simplified,
                "english",
                dict_entry.simplified,
                join_word(citation(dict_entry.simplified, dict_entry.syllables), "marks"),
                sense,
            )
        )
    return terms


def _bare_sense(sense: str) -> str:
    sense = re.sub(r"\([^)]*\)", "", sense.lower()).strip()
    return re.sub(r"^(to|a|an|the) ", "", sense)


@dataclass(frozen=True)
class Hit:
    article: str
    title: str
    section: str | None
    start: int
    end: int
    before: str
    match: str
    after: str
    term: str
    kind: str
    exact: bool = field(metadata=NOT_IN_JSON)


@dataclass
class Result:
    query: str
    terms: list[Term]
    hits: list[Hit]
    total: int

    def interpreted_as(self) -> list[dict[str, object]]:
        out: list[dict[str, object]] = []
        for kind in KIND_ORDER:
            forms = [t.form for t in self.terms if t.kind == kind]
            if forms:
                out.append({"kind": kind, "terms": forms})
        return out

    def to_json(self) -> dict[str, object]:
        # Not to_json(self) alone: `interpreted_as` is worked out from the terms.
        return {
            "query": self.query,
            "interpreted_as": self.interpreted_as(),
            "total": self.total,
            "hits": to_json(self.hits),
            "terms": to_json(self.terms),
        }


def search(query: str, limit: int = 20, article: str | None = None, index: SearchIndex | None = None) -> Result:
    """Interpret, count through the index, and cut out the first `limit` hits in rank order."""
    index = index or SearchIndex()
    index.sync()
    only = None
    if article is not None:
        from tui.core.library.articles import Library

        wanted = Library().resolve(article).id
        ids = index.doc_ids([wanted])
        if not ids:
            raise UserError(f"{wanted} is not in the index")
        only = next(iter(ids))
    terms = interpret(query)
    for term in terms:
        if only is not None:
            term.count_in(index, only)
        elif len(term.norm) <= 2:
            term.total, term.articles = index.total(term.norm)  # FTS5's own counts
        else:
            term.rank_in(index, limit)  # its totals need a count in each article: ranked meanwhile
    # Words the reading suggested but no article has are dropped, and long lists are cut.
    kept = [t for t in terms if t.kind in ("hanzi", "alias") or t.total]
    if any(t.kind in ("pinyin", "english") for t in kept):
        pinyin = sorted((t for t in kept if t.kind == "pinyin"), key=lambda t: -t.total)
        english = [t for t in kept if t.kind == "english"]
        kept = [t for t in kept if t.kind in ("hanzi", "alias")] + pinyin[:MAX_TERMS] + english[:MAX_TERMS]
    terms = kept
    hits: list[Hit] = []
    seen: set[tuple[int, int]] = set()
    for term in terms:
        if len(hits) >= limit or not term.total:
            continue
        if not term.counts and term.top is None and term.articles <= EXACT_RANKING_MAX:
            term.count_in(index, only)
        for doc_id in _ranked_docs(index, term, limit):
            for hit in _hits(index, doc_id, term):
                if (doc_id, hit.start) in seen:
                    continue
                seen.add((doc_id, hit.start))
                hits.append(hit)
                if len(hits) >= limit:
                    break
            if len(hits) >= limit:
                break
    total = sum(t.total for t in terms)
    return Result(query, terms, hits, total)


def _ranked_docs(index: SearchIndex, term: Term, limit: int) -> Iterator[int]:
    """Articles that hold the term exactly as typed first, then by the number of hits, then by doc id.

    Over EXACT_RANKING_MAX articles, SQL ranks them and gives the first `limit` (each has a hit,
    so they are enough unless hits repeat another term's); past them every article is counted.
    """
    if not term.counts and term.top is None:
        term.rank_in(index, limit)
    if term.top is not None:
        yield from (doc_id for doc_id, _hits, _exact in term.top.ranked)
        done = len(term.top.ranked)
        if done >= term.top.articles:
            return
        term.count_in(index, None)
    else:
        done = 0
    neutral, script = term.neutral, term.script
    scripts = {} if neutral else index.scripts(list(term.counts))

    def key(doc_id: int) -> tuple[bool, int, int]:
        exact = neutral or scripts.get(doc_id) == script
        return (not exact, -term.counts[doc_id], doc_id)

    yield from sorted(term.counts, key=key)[done:]


def _hits(index: SearchIndex, doc_id: int, term: Term) -> list[Hit]:
    article, title, _script, text, sections = index.document(doc_id)
    starts = [s for s, _ in sections]
    out = []
    needle = term.norm
    for start in find_all(normalise(text), needle):
        end = start + len(needle)
        i = bisect_right(starts, start) - 1
        match = text[start:end]
        out.append(
            Hit(
                article=article,
                title=title,
                section=sections[i][1] if i >= 0 else None,
                start=start,
                end=end,
                before=text[max(0, start - CONTEXT) : start],
                match=match,
                after=text[end : end + CONTEXT],
                term=term.term,
                kind=term.kind,
                exact=match == term.form,
            )
        )
    return out
