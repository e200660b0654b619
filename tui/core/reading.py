"""The reader's model of one article: views, word information, find. No Textual here."""

from __future__ import annotations

from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Container, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property
from itertools import compress

from tui.core.lexicon import hsk
from tui.core.lexicon.dictionary import Dictionary, Entry
from tui.core.lexicon.glossary import Glossary, Match, normalise
from tui.core.lexicon.lookup import library_total
from tui.core.lexicon.senses import choices, chosen, domain_of, rank
from tui.core.library.articles import Article
from tui.core.library.index import find_all
from tui.core.lru import LRU
from tui.core.text.analysis import KINDS, Analysis, PackedPinyin, PackedTokens, written_tokens
from tui.core.text.chars import has_han, lower_same_length
from tui.core.text.pinyin import citation, join_word, parse, render, toneless, written_line
from tui.core.text.script import traditional_view
from tui.core.text.tokens import HAN, LATIN, NUMBER, Token, TokenKind
from tui.errors import UserError

VIEWS = ("original", "simplified", "traditional")
WRITTEN_BLOCK = 512  # tokens written out at a time
WRITTEN_CONTEXT = 64  # Han tokens past a block that its spoken tones may depend on
# Blocks kept written, the least recently used dropped: 64k tokens, ~10 MB, dozens of screens
# (the reader counts a big text's lines through all of it: it must not keep them all).
WRITTEN_KEPT = 128
WORD_KINDS: tuple[TokenKind, ...] = (HAN, LATIN, NUMBER)


# Kind byte -> 1 for the kinds the cursor stops on, 0 for the others.
_WORD_TABLE = bytes(1 if n < len(KINDS) and KINDS[n] in WORD_KINDS else 0 for n in range(256))


# How many of an article's first Han words judge its domain.
DOMAIN_SAMPLE = 4000


class _Mask(Container[int]):
    """The tokens whose byte is 1."""

    def __init__(self, flags: bytes) -> None:
        self.flags = flags

    def __contains__(self, token: object) -> bool:
        return isinstance(token, int) and 0 <= token < len(self.flags) and self.flags[token] == 1


@dataclass(frozen=True, slots=True)
class WordInfo:
    text: str
    simplified: str
    traditional: str
    pinyin: dict[str, str]  # style -> reading in context
    definitions: list[tuple[str, str, tuple[str, ...]]]  # (simplified/traditional, pinyin marks, senses)
    glossary_term: str | None
    glossary_english: str | None
    glossary_note: str | None
    hsk: str | None
    count_article: int
    count_library: int

    @property
    def senses(self) -> list[tuple[str, str]]:
        """(reading, sense) over every entry, as the Word tab lists them: what `e` cycles."""
        return choices(self.definitions)


class Reading:
    def __init__(self, article: Article, analysis: Analysis, glossary: Glossary) -> None:
        self.article = article
        self.analysis = analysis
        self.glossary = glossary
        self.words: Sequence[int]
        self.word_set: Container[int]
        self._starts: Sequence[int]
        if analysis.provisional:
            # Every character is a token and a stop for the cursor: nothing to build.
            self.words = self.word_set = self._starts = range(len(analysis.tokens))
        elif isinstance(analysis.tokens, PackedTokens):
            # An array and a mask from the kind bytes, at C speed: a list and a frozenset of
            # a 4 MB text's 680k words were 56 MB of int objects.
            is_word = analysis.tokens.kinds.translate(_WORD_TABLE)
            self.words = array("I", compress(range(len(is_word)), is_word))
            self.word_set = _Mask(is_word)
            self._starts = analysis.tokens.starts()
        else:
            self.words = [i for i, t in enumerate(analysis.tokens) if t.kind in WORD_KINDS]
            self.word_set = frozenset(self.words)
            self._starts = [t.start for t in analysis.tokens]
        self._library_counts: dict[str, int] = {}
        self._written: LRU[tuple[str, bool, int], list[list[str]]] = LRU(WRITTEN_KEPT)

    @cached_property
    def views(self) -> Mapping[str, str]:
        """Each script's text, converted when first asked for: opening shows the original."""
        return _Views(self)

    def view_slice(self, name: str, start: int, end: int) -> str:
        """A span of one view, without converting the whole text while that view is not made."""
        views = self.views
        if isinstance(views, _Views) and name == "traditional" and name not in views.made:
            article = self.article
            return traditional_view(article.text[start:end], article.script)
        return views[name][start:end]

    @cached_property
    def layout_identity(self) -> str:
        """A digest of all a layout of this reading is made of: the text and its script, the
        words, their pinyin and the glossary terms the pinyin row spells as the glossary does.
        Equal digests, equal layouts: the reader takes the line counts of one made before."""
        # The Simplified and Traditional views are made from the text and its script.
        analysis, tokens, pinyin = self.analysis, self.analysis.tokens, self.analysis.pinyin
        parts: list[str | bytes | array[int]] = [self.article.text, self.article.script]
        if analysis.provisional:
            parts.append("one token per character")
        elif isinstance(tokens, PackedTokens) and isinstance(pinyin, PackedPinyin):
            parts += [tokens.ends, tokens.kinds, pinyin.joined, pinyin.offsets]
        else:
            parts += [repr([(t.start, t.end, t.kind) for t in tokens]), repr(list(pinyin))]
        parts.append(
            repr([(m.start, m.end, m.entry.term, m.entry.traditional, m.entry.pinyin) for m in analysis.glossary])
        )
        return _digest(parts)

    @cached_property
    def raw_identity(self) -> str:
        """A digest of the file's own text, all a layout of the raw view is made of."""
        return _digest([self.article.raw])

    def code_spans(self) -> list[tuple[int, int]]:
        """The (start, end) of the document's code blocks: laid out as preformatted text."""
        return [(b.start, b.end) for b in self.article.cleaned.blocks if b.kind == "code"]

    def word_text(self, token: int, script: str = "simplified") -> str:
        """The token's characters in one view: "simplified" (the key words are kept under),
        "traditional" or "original"."""
        tok = self.analysis.tokens[token]
        text = self.analysis.simplified if script == "simplified" else self.views[script]
        return text[tok.start : tok.end]

    def token_at(self, offset: int) -> int:
        return max(0, bisect_right(self._starts, offset) - 1)

    def word_at(self, offset: int) -> int:
        """Index into `words` of the word at or after `offset`."""
        token = self.token_at(offset)
        i = bisect_left(self.words, token)
        return min(i, len(self.words) - 1) if self.words else 0

    def pinyin(self, token: int, style: str = "marks") -> list[str]:
        return [render(s, style) for s in self.analysis.pinyin[token]]

    def pinyin_written(self, token: int, style: str = "marks", sandhi: bool = False) -> list[str]:
        """The token's syllables as written (GB/T 16159-2012), one string per character.

        A glossary term reads the way it is written there (Dōngběiyà Xuékān, Rì-Měi
        guānxì) instead of running its words together. `sandhi`: spoken tones.
        """
        # By blocks of tokens, made when first shown: a 4 MB text is never written out whole.
        block = token // WRITTEN_BLOCK
        key = (style, sandhi, block)
        written = self._written.get(key)
        if written is None:
            written = self._written_block(block, style, sandhi)
            self._written.put(key, written)
        return written[token - block * WRITTEN_BLOCK]

    def _written_one(self, token: int, style: str) -> list[str]:
        """pinyin_written(token, style) without spoken tones, from its block when that is made,
        else for the token alone: citation tones depend on nothing around a token, and the
        panel asks for three styles of one word (a block of each: ~4 ms in a move)."""
        written = self._written.get((style, False, token // WRITTEN_BLOCK))
        if written is not None:
            return written[token % WRITTEN_BLOCK]
        return written_tokens(self.analysis, style, False, token, token + 1, self._glossary_starts)[0]

    def _written_block(self, block: int, style: str, sandhi: bool) -> list[list[str]]:
        tokens = self.analysis.tokens
        first = block * WRITTEN_BLOCK
        last = min(len(tokens), first + WRITTEN_BLOCK)
        # Spoken tones look one syllable back and along a run of Han words ahead: take
        # that context in, then keep only the block's own tokens.
        lo, hi = max(0, first - 1), last
        while hi < len(tokens) and hi - last < WRITTEN_CONTEXT and tokens[hi].kind == HAN:
            hi += 1
        written = written_tokens(self.analysis, style, sandhi, lo, hi, self._glossary_starts)
        return written[first - lo : last - lo]

    def pinyin_line(self, first: int, last: int) -> str:
        """Running pinyin for tokens first..last (the Sentence tab)."""
        tokens = self.analysis.tokens
        return written_line([(tokens[i].kind, tokens[i].text, self.pinyin_written(i)) for i in range(first, last + 1)])

    @cached_property
    def _glossary_starts(self) -> list[int]:
        return [m.start for m in self.analysis.glossary]

    @cached_property
    def _glossary_by_span(self) -> dict[tuple[int, int], Match]:
        return {(m.start, m.end): m for m in self.analysis.glossary}

    @cached_property
    def _normalised(self) -> str:
        return lower_same_length(self.analysis.simplified)

    def glossary_spans(self) -> list[tuple[int, int]]:
        return [(m.start, m.end) for m in self.analysis.glossary]

    def glossary_counts(self) -> list[tuple[str, int, list[int]]]:
        """This article's terms: (term, count, start offsets), most frequent first.

        A term is counted as `glossary show` and `glossary list` count it: where any of its
        forms occurs in the reading text, in either script (whatever the segmenter made of it).
        """
        found = self._glossary_occurrences
        return sorted(((t, len(o), [s for s, _ in o]) for t, o in found.items()), key=lambda x: (-x[1], x[0]))

    def glossary_written(self, view: str) -> dict[str, str]:
        """Term -> the form this article writes it in most often, as `view` shows it (川普 for
        特朗普, 美國 for 美国 in a Traditional view)."""
        from collections import Counter

        text = self.views[view]
        written = {}
        for term, spans in self._glossary_occurrences.items():
            forms = Counter(text[s:e] for s, e in spans)
            written[term] = max(forms, key=forms.__getitem__) if forms else term  # a tie: the first written
        return written

    @cached_property
    def _glossary_occurrences(self) -> dict[str, list[tuple[int, int]]]:
        from tui.core.lexicon.glossary import occurrences

        found: dict[str, list[tuple[int, int]]] = {}
        entries = {}
        for m in self.analysis.glossary:
            found.setdefault(m.entry.term, []).append((m.start, m.end))
            entries[m.entry.term] = m.entry
        for term, entry in entries.items():
            spans, _ = occurrences(entry, self._normalised)
            if spans:
                found[term] = spans
        return found

    def library_count(self, word: str) -> int:
        """Occurrences of `word` in every article's reading text, from the search index (kept
        current by the reader's worker: a cursor move never indexes)."""
        count = self._library_counts.get(word)
        if count is None:
            count = self._library_counts[word] = library_total(word)
        return count

    def domain(self, dictionary: Dictionary) -> str | None:
        """The article's domain (a text about computers wants 文件 "file"), judged once from
        its first words: one query, not one per word of a long text."""
        if self.analysis.provisional:
            return None
        if "_domain" not in self.__dict__:
            words = []
            for i, tok in enumerate(self.analysis.tokens):
                if tok.kind == HAN:
                    words.append(self.word_text(i))
                    if len(words) >= DOMAIN_SAMPLE:
                        break
            self.__dict__["_domain"] = domain_of(words, dictionary.entries_by_simplified(set(words)))
        found: str | None = self.__dict__["_domain"]
        return found

    def ranked_entries(self, token: int, dictionary: Dictionary, glossary_english: str | None = None) -> list[Entry]:
        """The token's dictionary entries, the one that fits here first (tui/core/lexicon/senses.py)."""
        tok = self.analysis.tokens[token]
        if not has_han(tok.text):
            return []
        text = self.analysis.simplified
        return rank(
            dictionary.entries(self.word_text(token)),
            surface=tok.text,
            reading=self.analysis.pinyin[token],
            before=text[max(0, tok.start - 4) : tok.start],
            after=text[tok.end : tok.end + 4],
            glossary_english=glossary_english,
            domain=self.domain(dictionary),
        )

    def word_info(self, token: int, dictionary: Dictionary) -> WordInfo:
        tok = self.analysis.tokens[token]
        simplified = self.word_text(token)
        entry = None
        i = bisect_right(self._glossary_starts, tok.start) - 1  # matches are sorted and do not overlap
        if i >= 0 and tok.start < self.analysis.glossary[i].end:
            entry = self.analysis.glossary[i].entry
        if entry is None:
            entry = self.glossary.find(simplified) if has_han(simplified) else None
        entries = self.ranked_entries(token, dictionary, entry.english if entry else None)
        if entries:
            traditional = entries[0].traditional
        elif (written := self.article.text[tok.start : tok.end]).isascii():
            # OpenCC leaves ASCII as it is: no Traditional view of the whole text made for
            # `ls` (~30 ms on a 40 KB chapter, in the move that first meets a Latin word).
            traditional = written
        else:
            traditional = self.word_text(token, "traditional")
        key = lower_same_length(simplified)
        return WordInfo(
            text=tok.text,
            simplified=simplified,
            traditional=traditional,
            pinyin={
                "marks": "".join(self._written_one(token, "marks")).strip(),
                "spoken": "".join(self.pinyin_written(token, sandhi=True)).strip(),
                **{style: "".join(self._written_one(token, style)).strip() for style in ("numbers", "zhuyin")},
            },
            definitions=[
                (
                    f"{e.simplified}/{e.traditional}" if e.simplified != e.traditional else e.simplified,
                    join_word(citation(e.simplified, e.syllables), "marks"),
                    e.english,
                )
                for e in entries
            ],
            glossary_term=entry.term if entry else None,
            glossary_english=entry.english if entry else None,
            glossary_note=entry.note if entry else None,
            hsk=hsk.label(hsk.level(simplified)),
            count_article=len(find_all(self._normalised, key)) if key.strip() else 0,
            count_library=self.library_count(simplified) if key.strip() else 0,
        )

    def sense_chosen(self, token: int, dictionary: Dictionary, index: int) -> tuple[str, str] | None:
        """The (reading, sense) at `index` of what `e` cycles for the word (senses.chosen)."""
        return chosen(self.word_info(token, dictionary).definitions, index)

    def merge_with_next(self, word: int) -> tuple[Token, Token, str] | None:
        """The word at `word` (an index into `words`), the next one and the word they make,
        when they can be kept together as one word: adjacent Chinese words. None otherwise."""
        if word + 1 >= len(self.words):
            return None
        tokens = self.analysis.tokens
        a, b = tokens[self.words[word]], tokens[self.words[word + 1]]
        if b.start != a.end or a.kind != HAN or b.kind != HAN:
            return None
        return a, b, self.analysis.simplified[a.start : b.end]

    def split_point(self, token: int, dictionary: Dictionary | None) -> int | None:
        """Where to cut the word at `token` in two: after its longest head the dictionary
        knows, else after its first character. None for what is no Chinese word of two."""
        word = self.word_text(token)
        if self.analysis.tokens[token].kind != HAN or len(word) < 2:
            return None
        return next((n for n in range(len(word) - 1, 0, -1) if dictionary and dictionary.entries(word[:n])), 1)

    def glossary_words(self) -> list[str]:
        """The article's glossary terms and names, as the words they are kept under, sorted."""
        return sorted({self.analysis.simplified[m.start : m.end] for m in self.analysis.glossary})

    def sentence_span(self, token: int) -> tuple[int, int]:
        return self.article.sentence_at(self.analysis.tokens[token].start)

    def find(self, query: str) -> list[tuple[int, int]]:
        """Hits of `query` in either script, or by pinyin (with or without tones)."""
        query = query.strip()
        if not query:
            return []
        if has_han(query):
            key = normalise(query)
            hits, start = [], self._normalised.find(key)
            while start != -1:
                hits.append((start, start + len(key)))
                start = self._normalised.find(key, start + len(key))
            return hits
        try:
            wanted = [s for word in parse(query) for s in word]
        except UserError:  # neither Han nor pinyin: nothing can match
            return []
        return self._find_pinyin(wanted)

    def _find_pinyin(self, wanted: list[str]) -> list[tuple[int, int]]:
        syllables: list[tuple[int, str]] = []
        for tok, reading in zip(self.analysis.tokens, self.analysis.pinyin):
            for k, s in enumerate(reading):
                syllables.append((tok.start + k, s.lower()))
        hits = []
        n = len(wanted)
        for i in range(len(syllables) - n + 1):
            ok = True
            for k, w in enumerate(wanted):
                have = syllables[i + k][1]
                if not have or toneless(have) != toneless(w) or (w[-1] != "0" and have[-1] != w[-1]):
                    ok = False
                    break
            if ok and syllables[i + n - 1][0] - syllables[i][0] == n - 1:
                hits.append((syllables[i][0], syllables[i][0] + n))
        return hits


def _digest(parts: Sequence[str | bytes | array[int]]) -> str:
    """SHA-256 of the parts, each after its length; a text encoded a slice at a time, an array
    read in place (a 4 MB text is never copied whole to be hashed)."""
    import hashlib

    h = hashlib.sha256()
    for part in parts:
        h.update(f"{type(part).__name__}:{len(part)}:".encode())
        if isinstance(part, str):
            for at in range(0, len(part), 1 << 16):
                h.update(part[at : at + (1 << 16)].encode("utf-8", "surrogatepass"))
        else:
            h.update(part)
    return h.hexdigest()


class _Views(Mapping[str, str]):
    def __init__(self, reading: Reading) -> None:
        self.reading = reading
        self.made: dict[str, str] = {}

    def __getitem__(self, name: str) -> str:
        if name not in self.made:
            article = self.reading.article
            if name == "original":
                self.made[name] = article.text
            elif name == "simplified":
                self.made[name] = self.reading.analysis.simplified
            elif name == "traditional":
                self.made[name] = traditional_view(article.text, article.script)
            else:
                raise KeyError(name)
        return self.made[name]

    def __iter__(self) -> Iterator[str]:
        return iter(VIEWS)

    def __len__(self) -> int:
        return len(VIEWS)
