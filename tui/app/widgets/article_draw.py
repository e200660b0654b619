"""Drawing the article's lines: the styles of words, headings, code, hits and the cursor, and
the segments of one screen row (its pinyin row or its characters)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.segment import Segment
from rich.style import Style
from textual.strip import Strip

from tui.core.text.layout import Line, Piece, label_runs
from tui.core.text.tokens import HAN

if TYPE_CHECKING:
    from collections.abc import Iterable

    from tui.app.terminal.row_cache import Content
    from tui.app.widgets.article_view import ArticleView
    from tui.core.library.articles import Article
    from tui.core.reading import Reading

TONE_COLOURS = {"1": "#e06c75", "2": "#e5c07b", "3": "#98c379", "4": "#61afef", "5": "#abb2bf"}
CURSOR = Style(reverse=True, bold=True)
GLOSSARY = Style(underline=True, color="#56b6c2")
FOUND = Style(bgcolor="#5c4a00")
PINYIN = Style(color="#8a93a3")
RULE = Style(color="#5c6370")
BOOKMARK = Style(bgcolor="#45305a")
NO_STYLE = Style()
BOLD = Style(bold=True)
# The title and top sections bold and coloured, deeper ones bold: headings read as headings.
HEADINGS = {0: Style(bold=True, color="#e5c07b"), 1: Style(bold=True, color="#e5c07b")}
SUBHEADING = Style(bold=True, color="#dcdfe4")
# A document's code: drawn as it is, never tinted or underlined as words.
CODE = Style(color="#98c379")
# Learning words stand out, new ones are a shade off, known and ignored ones are plain.
STATUS_STYLES = {"learning": Style(bgcolor="#3b4261", bold=True), "new": Style(color="#b4c2f0")}


class Marks:
    """What the article's characters are marked with, a flag per offset, so that drawing a
    piece is a lookup, not a scan of every span: glossary terms, find hits, headings (level
    + 1, 0 in body text), code and bookmarks."""

    def __init__(self, reading: Reading, bookmarks: Iterable[int]) -> None:
        size = len(reading.article.text)
        self.glossary = mask(size, reading.glossary_spans())
        self.hits: list[tuple[int, int]] = []
        self.in_hit = bytearray(size)
        self.bookmarks = set(bookmarks)
        self.headings: list[tuple[int, int, int]] = []
        self.heading = bytearray(size)
        self.code = code_mask(reading.article)

    def set_hits(self, spans: list[tuple[int, int]]) -> None:
        self.hits = spans
        self.in_hit = mask(len(self.in_hit), spans)

    def set_headings(self, spans: list[tuple[int, int, int]]) -> None:
        """(start, end, level) of the heading lines, from the outline."""
        self.headings = spans
        self.heading = bytearray(len(self.heading))
        for start, end, level in spans:
            self.heading[start:end] = bytes([min(level, 254) + 1]) * (end - start)


def status_style(view: ArticleView, token: int) -> Style:
    reading = view.reading
    if reading.analysis.tokens[token].kind != HAN:
        return NO_STYLE
    status = view.statuses.get(reading.word_text(token), "new")
    return STATUS_STYLES.get(status, NO_STYLE)


def toned(view: ArticleView, piece: Piece, shown: str, style: Style, label: bool) -> list[Segment]:
    """`shown` (the piece's pinyin `label`, or its characters) coloured syllable by syllable."""
    reading = view.reading
    token = reading.analysis.tokens[piece.token]
    a, b = piece.start - token.start, piece.end - token.start
    numbered = reading.analysis.pinyin[piece.token][a:b]
    if label:
        runs = label_runs(shown, reading.pinyin_written(piece.token)[a:b])
    else:
        runs = [(ch, k) for k, ch in enumerate(shown)]
    return [
        Segment(run, style + _tone_style(numbered[k]) if k < len(numbered) and numbered[k] else style)
        for run, k in runs
    ]


def line_segments(view: ArticleView, line: Line, pinyin_row: bool) -> list[Segment]:
    """One screen row of `line` (its pinyin row, or its characters), without the margin."""
    text, marks = view.text, view.marks
    raw = view.raw
    cursor = -1 if raw else view.cursor_token
    raw_from, raw_to = view.nav.raw_span(view.cursor_token) if raw else (-1, -1)
    segments: list[Segment] = []
    base = view.base_style
    x = 0
    decor = list(line.decor)
    tones = view.tone_colours and not raw
    for piece in line.pieces:
        while decor and decor[0][0] < piece.x:
            x = _put(segments, x, decor.pop(0), base + RULE)
        if piece.x > x:
            segments.append(Segment(" " * (piece.x - x), base))
            x = piece.x
        end = piece.x + piece.width
        if pinyin_row:
            # A label may reach over the closing marks after its word (their pieces
            # draw no pinyin): draw it whole, then pad to the end of the piece.
            label = piece.pinyin
            if label and x == piece.x:
                style = base + PINYIN + (BOLD if piece.token == cursor else NO_STYLE)
                if tones:
                    segments += toned(view, piece, label, style, label=True)
                else:
                    segments.append(Segment(label, style))
                x += cell_len(label)
            if end > x:
                segments.append(Segment(" " * (end - x), base))
                x = end
            continue
        chars = text[piece.start : piece.end].replace("\t", " ")
        style = base
        if not raw and marks.code[piece.start]:
            segments.append(Segment(chars, style + CODE + (CURSOR if piece.token == cursor else NO_STYLE)))
            x = piece.x + cell_len(chars)
            if end > x:
                segments.append(Segment(" " * (end - x), base))
                x = end
            continue
        if not raw and marks.glossary[piece.start]:
            style += GLOSSARY
        if not raw and marks.in_hit[piece.start]:
            style += FOUND
        if not raw and piece.start in marks.bookmarks:
            style += BOOKMARK
        if view.show_status and not raw and piece.token != cursor:
            style += status_style(view, piece.token)
        if not raw and (level := marks.heading[piece.start]):
            style += HEADINGS.get(level - 1, SUBHEADING)  # over the word colours: a heading reads as one
        if piece.token == cursor or raw_from <= piece.start < raw_to:
            style += CURSOR
        if tones and not view.show_pinyin:  # no pinyin row: the characters take the colours
            segments += toned(view, piece, chars, style, label=False)
        else:
            segments.append(Segment(chars, style))
        x = piece.x + cell_len(chars)
        if end > x:
            segments.append(Segment(" " * (end - x), base))
            x = end
    for item in decor:
        x = _put(segments, x, item, base + RULE)
    return segments


def code_mask(article: Article) -> bytearray:
    """1 at each offset of a document's code blocks (`article.cleaned.blocks`), else 0."""
    mask = bytearray(len(article.text))
    if article.cleaned.blocks:
        for block in article.cleaned.blocks:
            if block.kind == "code":
                mask[block.start : block.end] = b"\x01" * (block.end - block.start)
    return mask


def mask(length: int, spans: list[tuple[int, int]]) -> bytearray:
    found = bytearray(length)
    for start, end in spans:
        found[start:end] = b"\x01" * (end - start)
    return found


def _tone_style(syllable: str) -> Style:
    return Style(color=TONE_COLOURS.get(syllable[-1:], TONE_COLOURS["5"]))


def _put(segments: list[Segment], x: int, item: tuple[int, str], style: Style) -> int:
    """Draw a rule at its column after whatever is drawn up to `x`; returns the new x."""
    at, text = item
    if at > x:
        segments.append(Segment(" " * (at - x), style))
        x = at
    segments.append(Segment(text, style))
    return x + cell_len(text)


def row_content(view: ArticleView, y: int) -> Content | None:
    """What content row `y` shows, for RowCache: its line, and all else its drawing depends
    on; None for a row that shows the cursor's word (raw: the file's span under it)."""
    if view.raw:
        return None
    view._relayout()
    view._lay_out_screen()
    shown = view.nav.shown_line(y + int(view.scroll_offset.y))
    if shown is None:
        return None
    line, pinyin_row = shown
    cursor = view.cursor_token
    if any(piece.token == cursor for piece in line.pieces):
        return None
    state = (view._margin, view.base_style, view._layout_key, view.reading, view.tone_colours, view.show_status)
    # By its span: a gap's line is made anew each time it is asked for.
    return (line.start, line.end, pinyin_row), line, state


def row_strip(view: ArticleView, y: int) -> Strip:
    """Content row `y` drawn: its characters or its pinyin, centred by the view's margin."""
    view._relayout()
    view._lay_out_screen()
    width = view.scrollable_content_region.width
    shown = view.nav.shown_line(y + int(view.scroll_offset.y))
    base = view.base_style
    if shown is None or (shown[1] and not shown[0].pieces):
        return Strip.blank(width, base)
    segments = line_segments(view, *shown)
    if view._margin:
        segments.insert(0, Segment(" " * view._margin, base))
    return Strip(segments).simplify().adjust_cell_length(width, base)


def offset_at(view: ArticleView, x: int, y: int) -> int | None:
    """The text offset of the word drawn at cell (x, y) of the view, if any (None too for a
    raw span left out of the reading text)."""
    shown = view.nav.shown_line(y + int(view.scroll_offset.y))
    if shown is None:
        return None
    x += int(view.scroll_offset.x) - view._margin
    for piece in shown[0].pieces:
        # A double-width character spans two cells: either half selects it.
        if piece.x <= x < piece.x + piece.width:
            return view.from_raw(piece.start) if view.raw else piece.start
    return None
