"""The full-text index: SQLite FTS5 over character unigrams and overlapping bigrams.

Each article's reading text is indexed in its Simplified form, one token per
character in two columns: `uni` holds the character itself and `bi` the bigram
that starts there. Anything that is not a letter or digit becomes `_`, so token
position N is character offset N in both columns. A query of one character is a
`uni` token; a longer one is a phrase of its bigrams, as Lucene's CJK analyzer does.

FTS5 gives no per-row hit count to Python's sqlite3, but its bm25() is a
closed-form function of that count, so `doc_counts` solves it back and checks
that the answer is a whole number.
"""

from __future__ import annotations

import json
import math
import os
import re
from array import array
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tui.core.lexicon.glossary import normalise
from tui.errors import UserError
from tui.store import paths
from tui.store.index import IndexStore

if TYPE_CHECKING:
    from tui.core.library.articles import Article

_NOT_WORD = re.compile(r"[\W_]")
_NOT_HAN = re.compile(r"[^\u4e00-\u9fff]+")
_CODE_POINT = next(code for code in "IL" if array(code).itemsize == 4)  # one UTF-32 unit
_SPACE, _MARK = ord(" "), ord("_")
# FTS5's bm25 constants (fts5_aux.c).
_K1, _B = 1.2, 0.75


def columns(norm: str) -> tuple[str, str]:
    """`uni` and `bi` of a normalised text: its characters, and the bigram starting at each, space-separated."""
    marked = _NOT_WORD.sub("_", norm)
    n = len(marked)
    if not n:
        return "", ""
    # Interleaved as code points in arrays (slice assignment runs in C): a Python string per
    # bigram was most of the index build of a 2 MB book.
    chars = array(_CODE_POINT)
    chars.frombytes(marked.encode("utf-32-le"))
    uni = array(_CODE_POINT, [_SPACE]) * (2 * n)
    uni[0::2] = chars
    bi = array(_CODE_POINT, [_SPACE]) * (3 * n)
    bi[0::3] = chars
    bi[1 : 3 * n - 3 : 3] = chars[1:]
    bi[3 * n - 2] = _MARK
    return _text(uni[:-1]), _text(bi[:-1])


def _text(points: array[int]) -> str:
    return points.tobytes().decode("utf-32-le")


def phrase(norm: str) -> str | None:
    """The FTS5 query for a normalised term, or None if it has nothing to search for."""
    if not _NOT_WORD.sub("", norm):
        return None
    marked = _NOT_WORD.sub("_", norm)
    if len(marked) == 1:
        return f'uni : "{marked}"'
    return 'bi : "' + " ".join(marked[i : i + 2] for i in range(len(marked) - 1)) + '"'


@dataclass(frozen=True, slots=True)
class Top:
    """The first articles of a term's ranking, as (doc id, hits, in the query's script), and its totals."""

    ranked: list[tuple[int, int, bool]]
    articles: int
    hits: int


@dataclass(frozen=True, slots=True)
class Source:
    article: str
    path: Path
    stamp: str


def _folders_stamp() -> str:
    """Changes whenever a file is added to, removed from or renamed in the library or seeds."""
    parts = []
    # hidden.txt is never followed (a link there is skipped when read); the seeds may be a packager's link.
    for path, follow in (
        (paths.bundled_dir("seeds"), True),
        (paths.library_dir(), True),
        (paths.home() / "hidden.txt", False),
    ):
        try:
            st = os.stat(path, follow_symlinks=follow)
            parts.append(f"{st.st_mtime_ns}:{st.st_size}")
        except FileNotFoundError:
            parts.append("-")
        except OSError as exc:  # a link loop, a name too long: nothing to stamp but the error
            parts.append(f"!{exc.errno}")
    return "|".join(parts)


def sources() -> dict[str, Source]:
    """What the index should hold: the library as `Library` sees it, by file stamp."""
    from tui.core.library.articles import hidden_ids
    from tui.core.library.limits import max_bytes

    hidden = hidden_ids()
    limit = max_bytes()
    found: dict[str, Source] = {}
    for folder, skip in ((paths.bundled_dir("seeds"), hidden), (paths.library_dir(), set())):
        if not folder.is_dir():
            continue  # no imports yet (the library folder is made by the first `yuedu add`)
        with os.scandir(folder) as entries:
            for entry in sorted(entries, key=lambda e: e.name):
                stem, dot, suffix = entry.name.rpartition(".")
                if not dot or suffix not in ("txt", "md") or stem in skip or stem in found:
                    continue
                if not entry.is_file(follow_symlinks=False):
                    continue  # a link, a FIFO, a folder: left out, as `Library` leaves it out
                st = entry.stat(follow_symlinks=False)
                if st.st_size > limit:
                    continue
                found[stem] = Source(stem, Path(entry.path), f"{st.st_size}:{st.st_mtime_ns}")
    return found


def _script(text: str, norm: str) -> str:
    han = len(_NOT_HAN.sub("", text))
    enough = 0.03 * max(han, 1)
    changed = 0
    # Compared a piece at a time, counted only where a piece differs, and no further than the
    # count that decides: per character over a whole book it cost a fifth of a second.
    for at in range(0, len(text), _PIECE):
        a, b = text[at : at + _PIECE], norm[at : at + _PIECE]
        if a != b:
            changed += sum(1 for x, y in zip(a, b) if x != y and x.lower() != y)
            if changed >= enough:
                return "traditional"
    return "simplified" if changed == 0 else "mixed"


_PIECE = 256


def _sections(article: object) -> list[tuple[int, str]]:
    from tui.core.library.outline_sections import detect_sections

    sections, _tables, front = detect_sections(article)  # type: ignore[arg-type]
    flat = [s for top in front + sections for s in top.walk()]
    return sorted((s.start, s.title) for s in flat if s.title)


# Articles this process has just written to the library, by path: (file stamp, article). The
# index build after `add` takes them as they are instead of reading and cleaning each file again
# (a third of a 2 MB book's import). Bounded in characters; an entry is used once.
_fresh: dict[str, tuple[str, Article]] = {}
FRESH_CHARS = 8_000_000


def offer(path: Path, article: Article) -> None:
    """Hand the index an article just written to `path` (its reading text already made)."""
    kept = sum(len(a.text) for _s, a in _fresh.values())
    if kept + len(article.text) > FRESH_CHARS:
        return
    st = os.stat(path, follow_symlinks=False)
    _fresh[str(path)] = (f"{st.st_size}:{st.st_mtime_ns}", article)


Progress = Callable[[int, int], None]


class SearchIndex:
    def __init__(self, store: IndexStore | None = None) -> None:
        self.store = store or IndexStore()

    # --- keeping it current --------------------------------------------------------

    def sync(self, rebuild: bool = False, progress: Progress | None = None, full: bool = False) -> tuple[int, int]:
        """Index what changed since last time; returns (added, removed) article counts.

        Unless `full`, the folders' own stamps are checked first, so an unchanged
        library costs three stat calls; `yuedu index` compares every file.
        """
        store = self.store
        stamp = _folders_stamp()
        if not (rebuild or full) and store.get_meta("search_stamp") == stamp:
            return (0, 0)
        want = sources()
        with store.writing():
            if rebuild:
                store.clear()
            have = store.stamps()
            stale = [i for a, (i, s) in have.items() if a not in want or want[a].stamp != s]
            fresh = [src for a, src in want.items() if a not in have or have[a][1] != src.stamp]
            for doc_id in stale:
                uni, bi = columns(normalise(store.text(doc_id)))
                store.delete(doc_id, uni, bi)
            for n, src in enumerate(fresh, 1):
                try:
                    self._insert(src)
                except UserError:
                    pass  # not UTF-8, unreadable: left out of the index, as `Library` leaves it out
                if progress:
                    progress(n, len(fresh))
            rows, chars = store.count_and_length()
            store.set_meta("search_totals", f"{rows} {chars}")
            store.set_meta("search_stamp", stamp)
        return len(fresh), len(stale)

    def _insert(self, src: Source) -> None:
        from tui.core.library.articles import Article

        fresh = _fresh.pop(str(src.path), None)
        if fresh is not None and fresh[0] == src.stamp:
            article = fresh[1]
        else:
            article = Article.from_file(src.path, "library")
        text = article.text
        norm = normalise(text)
        uni, bi = columns(norm)
        sections = json.dumps(_sections(article), ensure_ascii=False)
        self.store.insert(src.article, src.stamp, article.title, _script(text, norm), text, sections, uni, bi)

    # --- querying ------------------------------------------------------------------

    def doc_ids(self, articles: list[str] | None = None) -> dict[int, str]:
        return self.store.doc_ids(articles)

    def doc_counts(self, norm: str, only: int | None = None) -> dict[int, int]:
        """Occurrences of a normalised term per indexed article (doc id -> count)."""
        query = phrase(norm)
        if query is None:
            return {}
        rows = self.store.matches(query)
        return self._counts(rows, len(rows), norm, only)

    def _counts(
        self, rows: list[tuple[int, float, int]], matching: int, norm: str, only: int | None = None
    ) -> dict[int, int]:
        """Each row's count, solved back from its bm25 score."""
        if not rows:
            return {}
        idf = self._idf(matching)
        n_rows, n_chars = self._totals()
        avgdl = 2 * n_chars / n_rows
        counts: dict[int, int] = {}
        for doc_id, score, length in rows:
            if only is not None and doc_id != only:
                continue
            saturation = -score / idf
            k = _K1 * (1 - _B + _B * 2 * length / avgdl)
            freq = saturation * k / (_K1 + 1 - saturation) if saturation < _K1 + 1 else math.inf
            if not math.isfinite(freq) or abs(freq - round(freq)) > 0.01:
                freq = len(self.offsets(doc_id, norm))  # not solvable: count in the text
            counts[doc_id] = round(freq)
        return counts

    def top_counts(self, norm: str, n: int, script: str | None) -> Top | None:
        """The `n` articles with most hits of a normalised term, those in `script` first (when
        given), then by doc id, with the term's totals: one bm25 pass over the matching articles,
        with nothing ranked in Python. None when a count is not solved back (then count them all)."""
        query = phrase(norm)
        if query is None:
            return Top([], 0, 0)
        n_rows, n_chars = self._totals()
        if not n_rows:
            return Top([], 0, 0)
        top, (matching, hits, odd) = self.store.top_counts(query, n, self._idf, 2 * n_chars / n_rows, _K1, _B, script)
        return None if odd else Top(top, matching, hits)

    def _idf(self, matching: int) -> float:
        """bm25's idf as FTS5 computes it (never below a tiny positive number)."""
        n_rows = self._totals()[0]
        idf = math.log((n_rows - matching + 0.5) / (matching + 0.5))
        return idf if idf > 0 else 1e-6

    def _totals(self) -> tuple[int, int]:
        rows, chars = (self.store.get_meta("search_totals") or "0 0").split()
        return int(rows), int(chars)

    def total(self, norm: str) -> tuple[int, int]:
        """(occurrences, articles) of a normalised term in the whole index."""
        query = phrase(norm)
        if query is None:
            return (0, 0)
        marked = _NOT_WORD.sub("_", norm)
        if len(marked) > 2:
            counts = self.doc_counts(norm)
            return (sum(counts.values()), len(counts))
        # One token: FTS5 keeps its counts, no need to visit any article.
        return self.store.vocab(marked.lower())

    def document(self, doc_id: int) -> tuple[str, str, str, str, list[tuple[int, str]]]:
        """(article id, title, script, reading text, sections) of an indexed article."""
        article, title, script, text, sections = self.store.document(doc_id)
        return article, title, script, text, [tuple(s) for s in json.loads(sections)]

    def articles_of(self, doc_ids: list[int]) -> dict[int, str]:
        return self.store.articles_of(doc_ids)

    def scripts(self, doc_ids: list[int]) -> dict[int, str]:
        return self.store.scripts(doc_ids)

    def offsets(self, doc_id: int, norm: str) -> list[int]:
        text = self.document(doc_id)[3]
        return find_all(normalise(text), norm)

    def stats(self) -> dict[str, int]:
        docs, chars = self._totals()
        return {"articles": docs, "characters": chars}


def find_all(haystack: str, needle: str) -> list[int]:
    """Every start offset of `needle`, overlapping ones included, as the index counts them."""
    out = []
    i = haystack.find(needle)
    while i >= 0:
        out.append(i)
        i = haystack.find(needle, i + 1)
    return out
