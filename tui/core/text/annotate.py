"""`yuedu annotate`: every token with its pinyin, the sense that fits it, glossary term and HSK level.

The engine's headless face: the same analysis, written pinyin and sense ranking
the reader uses, as JSON or as a self-contained HTML reading sheet.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, TypedDict

from tui.core.lexicon import hsk

if TYPE_CHECKING:
    from collections.abc import Sequence

    from tui.core.text.analysis import Analyzer
    from tui.core.text.cleaning import BlockSpan


# `annotate --json` as it stands: typed dicts, so its readers (the HTML sheet) need no narrowing.
class AnnotatedToken(TypedDict):
    text: str
    start: int
    end: int
    pinyin: list[str]
    written: str
    gloss: str
    glossary: str | None
    hsk: str | None


class Annotation(TypedDict):
    text: str
    tokens: list[AnnotatedToken]


# Long inputs are annotated a piece at a time and written as they are made: a piece ends at a
# paragraph break after this many characters (else a sentence end, else anywhere), where no
# word, glossary term or tone sandhi spans. 8 MB in one piece peaked at 4 GB.
PIECE = 100_000


def pieces(text: str, size: int | None = None) -> Iterator[tuple[int, str]]:
    """(offset, piece) of `text` cut into pieces of about `size` (PIECE) characters, at a newline
    where there is one in the next `size`, else after a sentence end, else at `size`."""
    import re

    size = size or PIECE
    start, n = 0, len(text)
    while n - start > size:
        cut = text.find("\n", start + size, start + 2 * size)
        if cut >= 0:
            cut += 1
        else:
            ends = [m.end() for m in re.finditer("[。！？!?]", text[start + size // 2 : start + size])]
            cut = start + size // 2 + ends[-1] if ends else start + size
        yield start, text[start:cut]
        start = cut
    if start < n or n == 0:
        yield start, text[start:]


def annotate(text: str, analyzer: Analyzer, sandhi: bool = False, style: str = "marks") -> Annotation:
    return {"text": text, "tokens": list(annotated_tokens(text, analyzer, sandhi, style))}


def annotated_tokens(
    text: str, analyzer: Analyzer, sandhi: bool = False, style: str = "marks"
) -> Iterator[AnnotatedToken]:
    """`annotate`'s tokens, made a piece of the text at a time (offsets into the whole)."""
    glosses: dict[tuple[object, ...], str] = {}  # a word's first sense by what rank reads
    for base, piece in pieces(text):
        yield from _annotated(piece, base, analyzer, sandhi, style, glosses)


def _annotated(
    text: str, base: int, analyzer: Analyzer, sandhi: bool, style: str, glosses: dict[tuple[object, ...], str]
) -> Iterator[AnnotatedToken]:
    from bisect import bisect_right

    from tui.core.lexicon.dictionary import Dictionary
    from tui.core.lexicon.senses import context_of, cue_of, domain_of, first_sense, rank
    from tui.core.text.analysis import written_tokens
    from tui.core.text.pinyin import render, spoken
    from tui.core.text.tokens import HAN

    analysis = analyzer.analyse(text, use_cache=False)
    simple = analysis.simplified
    tokens = list(analysis.tokens)
    readings = list(analysis.pinyin)
    words = [simple[t.start : t.end] for t in tokens]
    pinyin = spoken(words, readings) if sandhi else readings
    written = written_tokens(analysis, "marks", sandhi)
    entries = Dictionary().entries_by_simplified({w for w, t in zip(words, tokens) if t.kind == HAN})
    starts = [m.start for m in analysis.glossary]
    domain = domain_of((w for w, t in zip(words, tokens) if t.kind == HAN), entries)
    # Made once per distinct value: a token's rendered syllables and its word's HSK label.
    rendered: dict[tuple[str, ...], list[str]] = {}
    levels: dict[str, str | None] = {}
    for tok, word, reading, spoken_reading, spelled in zip(tokens, words, readings, pinyin, written):
        term = None
        g = bisect_right(starts, tok.start) - 1  # matches are sorted and do not overlap
        if g >= 0 and tok.start < analysis.glossary[g].end:
            term = analysis.glossary[g].entry
        gloss = ""
        level = None
        if tok.kind == HAN:
            found = entries.get(word, [])
            english = term.english if term else None
            if found:
                before, after = simple[max(0, tok.start - 4) : tok.start], simple[tok.end : tok.end + 4]
                # What `rank` reads of the text around: the context's tags and the cue, not
                # the characters (ranking every token was most of annotate's time).
                context = (context_of(word, before, after), cue_of(word, before, after))
                key = (word, tok.text, tuple(reading), context, english, domain)
                known = glosses.get(key)
                if known is not None:
                    gloss = known
                else:
                    gloss = glosses[key] = first_sense(
                        rank(
                            found,
                            surface=tok.text,
                            reading=reading,
                            before=before,
                            after=after,
                            glossary_english=english,
                            domain=domain,
                        )
                    )
            if not gloss and term is not None:
                gloss = term.english
            if word in levels:
                level = levels[word]
            else:
                level = levels[word] = hsk.label(hsk.level(word))
        syllables = tuple(spoken_reading)
        shown = rendered.get(syllables)
        if shown is None:
            shown = rendered[syllables] = [render(s, style) for s in syllables]
        yield (
            {
                "text": tok.text,
                "start": tok.start + base,
                "end": tok.end + base,
                "pinyin": list(shown),
                "written": "".join(spelled).strip(),
                "gloss": gloss,
                "glossary": term.term if term else None,
                "hsk": level,
            }
        )


_STYLE = """
body { font-family: "Noto Sans CJK SC", "Noto Sans CJK TC", "Source Han Sans", sans-serif;
       max-width: 46em; margin: 2em auto; padding: 0 1em; line-height: 2.6; color: #222; background: #fff; }
ruby { ruby-position: over; margin: 0 0.08em; }
rt { font-size: 0.55em; color: #2a6f97; font-family: "DejaVu Sans", sans-serif; }
ruby[title] { cursor: help; }
ruby[title]:hover { background: #fff3bf; }
.term { border-bottom: 2px solid #2b8a3e; }
.term rt { color: #2b8a3e; }
footer { font-size: 0.8em; color: #666; line-height: 1.5; margin-top: 3em; }
"""


def _token_html(tok: AnnotatedToken) -> str:
    esc = html.escape  # quotes too: every text goes into attributes as well as content
    surface = str(tok["text"])
    reading = str(tok.get("written") or " ".join(p for p in tok["pinyin"] if p))
    if not reading:
        return esc(surface)
    hint = str(tok["gloss"])
    if tok["glossary"]:
        hint = f"{hint} [glossary: {tok['glossary']}]" if hint else f"[glossary: {tok['glossary']}]"
    attrs = f' title="{esc(hint)}"' if hint else ""
    if tok["glossary"]:
        attrs += f' class="term" data-term="{esc(str(tok["glossary"]))}"'
    return f"<ruby{attrs}>{esc(surface)}<rt>{esc(reading)}</rt></ruby>"


def _blocks_html(tokens: Iterator[AnnotatedToken], blocks: Sequence[BlockSpan]) -> Iterator[str]:
    """A document's sheet: headings, paragraphs, items, code and tables as themselves, a block
    at a time (the tokens are read once, in order)."""
    pending = next(tokens, None)
    for n, b in enumerate(blocks):
        while pending is not None and pending["start"] < b.start:
            pending = next(tokens, None)
        lines: list[list[str]] = [[]]
        while pending is not None and pending["start"] < b.end:
            tok = pending
            if "\n" in tok["text"]:
                lines.append([])
            else:
                lines[-1].append(_token_html(tok) if b.kind != "code" else html.escape(tok["text"]))
            pending = next(tokens, None)
        cells = ["".join(line) for line in lines]
        if b.kind == "heading":
            out = f"<h{min(b.level + 1, 6)}>{cells[0]}</h{min(b.level + 1, 6)}>"
        elif b.kind == "code":
            out = "<pre>" + "\n".join(cells) + "</pre>"
        elif b.kind == "table" and b.columns:
            caption = f"<caption>{cells.pop(0)}</caption>" if b.titled and cells else ""
            rows = [cells[r : r + b.columns] for r in range(0, len(cells), b.columns)]
            body = "".join(
                "<tr>" + "".join(f"<{'th' if r == 0 else 'td'}>{c}</{'th' if r == 0 else 'td'}>" for c in row) + "</tr>"
                for r, row in enumerate(rows)
            )
            out = f"<table>{caption}{body}</table>"
        elif b.kind == "quote":
            out = f"<blockquote>{cells[0]}</blockquote>"
        else:
            out = f"<p>{cells[0]}</p>"
        yield out if n == 0 else "\n" + out


def _paragraphs_html(tokens: Iterable[AnnotatedToken]) -> Iterator[str]:
    """A text's sheet: its lines as paragraphs."""
    yield "<p>"
    for tok in tokens:
        surface = str(tok["text"])
        if "\n" in surface:
            yield "</p>\n<p>" * surface.count("\n")
        else:
            yield _token_html(tok)
    yield "</p>"


_EMPTY = "<p></p>"
HTML_CHUNK = 1 << 16  # characters of the page written at a time


def _without_empty_paragraphs(parts: Iterable[str]) -> Iterator[str]:
    """The parts joined into chunks, each `<p></p>` taken out as one pass over the whole would
    (the pattern cannot overlap itself, so a carry of its length less one is enough)."""
    carry, held, size = "", [], 0
    for part in parts:
        held.append(part)
        size += len(part)
        if size < HTML_CHUNK:
            continue
        buffer, held, size = carry + "".join(held), [], 0
        cut = len(buffer) - (len(_EMPTY) - 1)
        if cut <= 0:
            carry = buffer
            continue
        spanning = buffer.find(_EMPTY, max(0, cut - len(_EMPTY) + 1))
        if 0 <= spanning < cut:
            cut = spanning + len(_EMPTY)
        yield buffer[:cut].replace(_EMPTY, "")
        carry = buffer[cut:]
    yield (carry + "".join(held)).replace(_EMPTY, "")


def html_sheet(
    tokens: Iterable[AnnotatedToken], title: str = "yuedu reading sheet", blocks: Sequence[BlockSpan] = ()
) -> Iterator[str]:
    """A self-contained page, written as it is made: <ruby> pinyin over each word, its sense on
    hover, glossary terms marked. With a document's `blocks`, its headings, tables and code are
    drawn as such. Streamed: 8 MB made whole peaked at 1.7 GB."""
    esc = html.escape
    yield (
        "<!DOCTYPE html>\n"
        '<html lang="zh">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
    )
    body = _blocks_html(iter(tokens), blocks) if blocks else _paragraphs_html(tokens)
    yield from _without_empty_paragraphs(body)
    yield (
        "\n<footer>Pinyin and senses by yuedu; dictionary CC-CEDICT (CC BY-SA 4.0). "
        "Hover a word for its sense; underlined words are glossary terms.</footer>\n"
        "</body>\n</html>\n"
    )


def to_html(result: Annotation, title: str = "yuedu reading sheet", blocks: Sequence[BlockSpan] = ()) -> str:
    """The whole page of `html_sheet` for an annotation made whole."""
    return "".join(html_sheet(result["tokens"], title, blocks))
