"""Line breaking for Chinese text in terminal cells, with an optional pinyin row.

Rich and Textual wrap only at spaces, so we break between words ourselves,
following the basic rules: no line starts with closing punctuation, and no
line ends with opening punctuation. Tokens are grouped into unbreakable units
(an opening mark sticks to the word after it, a closing mark to the word before),
and units are laid out greedily. A unit wider than the line is cut: a word with
pinyin between its written words (Yà-Tài | Jīng-Hé | Zǔzhī), then between
syllables, anything else between characters, so that the characters on a line
always sit under their own syllables.

With the pinyin row, a word is as wide as the wider of its characters and its
pinyin, plus a cell; closing marks and spaces after it sit right after its
characters, under the overhang of its pinyin (近日, not 近日  ,).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from rich.cells import cell_len

NO_LINE_START = set("。，、；：？！）」』》〉…”’,.;:?!)]}%·ー〕】")
NO_LINE_END = set("（「『《〈“‘([{〔【")


@dataclass(frozen=True, slots=True)
class Piece:
    """A run of one token on one line: text offsets [start, end) and its columns.

    The text and the pinyin both start at `x`; `width` runs to the next piece. A
    pinyin label may be wider than its piece when closing marks follow under it.
    """

    token: int
    start: int
    end: int
    x: int
    width: int  # cells to the next piece (or to the end of the line's last word)
    pinyin: str  # the pinyin drawn over this run of the token, "" for none


@dataclass(frozen=True, slots=True)
class Line:
    pieces: tuple[Piece, ...]
    start: int
    end: int
    decor: tuple[tuple[int, str], ...] = ()  # (x, text) drawn around the pieces: table rules

    @property
    def width(self) -> int:
        return self.pieces[-1].x + self.pieces[-1].width if self.pieces else 0


def _units(texts: Sequence[str]) -> list[list[int]]:
    units: list[list[int]] = []
    glue_next = False
    for i, text in enumerate(texts):
        if text == "\n":
            units.append([i])
            glue_next = False
            continue
        trails = text.isspace() or text[:1] in NO_LINE_START  # spaces and closing marks end the unit before
        if units and not glue_next and text and trails and texts[units[-1][-1]] != "\n":
            units[-1].append(i)
        elif glue_next and units:
            units[-1].append(i)
        else:
            units.append([i])
        glue_next = bool(text) and text[-1] in NO_LINE_END
    return units


@dataclass(frozen=True, slots=True)
class _Atom:
    """What is placed on a line: a whole token, one written word of it, or one character."""

    token: int
    start: int
    end: int
    cells: int
    label: str
    syllables: tuple[str, ...]  # the written syllables of its characters (for cutting it further)
    level: int  # 0 a token, 1 a written word of it, 2 a character


def _label(syllables: Sequence[str], joiner: str) -> str:
    return joiner.join(s for s in syllables if s)


class _Filler:
    """Places atoms greedily on lines, keeping the text row and the pinyin row apart."""

    def __init__(self, text: str, width: int, joiner: str) -> None:
        self.text = text
        self.width = width
        self.joiner = joiner
        self.lines: list[Line] = []
        self.placed: list[tuple[_Atom, int]] = []  # atoms on the current line, with their x
        self.tx = 0  # where the text row ends
        self.px = 0  # where the pinyin row ends (the next labelled atom starts here at the earliest)
        self.pre = False  # in preformatted text: leading spaces kept

    # --- one atom ----------------------------------------------------------------------

    def _tucks(self, atom: _Atom) -> bool:
        if atom.label:
            return False
        first = self.text[atom.start]
        return first in NO_LINE_START or self.text[atom.start : atom.end].isspace()

    def _step(self, atom: _Atom, tx: int, px: int) -> tuple[int, int, int]:
        """(x, tx, px) after placing `atom` with the rows ending at tx and px."""
        x = tx if self._tucks(atom) else max(tx, px)
        if atom.label:
            return x, x + atom.cells, x + max(atom.cells, cell_len(atom.label)) + 1
        return x, x + atom.cells, px

    def _blank(self, atom: _Atom) -> bool:
        return not self.pre and self.text[atom.start : atom.end].isspace()

    def extent(self, atoms: Sequence[_Atom], empty: bool = False) -> int:
        """How far the line reaches with `atoms` added (to an empty line with `empty`)."""
        tx, px, on_line = (0, 0, False) if empty else (self.tx, self.px, bool(self.placed))
        for atom in atoms:
            if not on_line and self._blank(atom):
                continue  # no leading spaces on a line
            _, tx, px = self._step(atom, tx, px)
            on_line = True
        return max(tx, px)

    def put(self, atom: _Atom) -> None:
        if not self.placed and self._blank(atom):
            return
        x, self.tx, self.px = self._step(atom, self.tx, self.px)
        self.placed.append((atom, x))

    def flush(self, end_offset: int | None = None) -> None:
        if self.placed:
            end = max(self.tx, self.px)
            pieces = []
            for k, (atom, x) in enumerate(self.placed):
                nxt = self.placed[k + 1][1] if k + 1 < len(self.placed) else end
                pieces.append(Piece(atom.token, atom.start, atom.end, x, nxt - x, atom.label))
            self.lines.append(Line(tuple(pieces), pieces[0].start, pieces[-1].end))
        elif end_offset is not None:
            self.lines.append(Line((), end_offset, end_offset))
        self.placed = []
        self.tx = self.px = 0

    # --- groups of atoms ---------------------------------------------------------------

    def fill(self, atoms: Sequence[_Atom]) -> None:
        for group in self._groups(atoms):
            if self.extent(group) <= self.width:
                for atom in group:
                    self.put(atom)
                continue
            if self.placed and (group[0].level == 0 or self.extent(group, empty=True) <= self.width):
                self.flush()  # a whole word wider than a line begins a line of its own, the pieces fill it
                if self.extent(group) <= self.width:
                    for atom in group:
                        self.put(atom)
                    continue
            # Wider than a line: cut it finer.
            finer = [f for atom in group for f in self._refine(atom)]
            if len(finer) > len(group):
                self.fill(finer)
            else:
                for atom in group:
                    self._put_breaking(atom)

    def _groups(self, atoms: Sequence[_Atom]) -> list[list[_Atom]]:
        groups: list[list[_Atom]] = []
        glue_next = False
        for atom in atoms:
            text = self.text[atom.start : atom.end]
            closes = text.isspace() or text[:1] in NO_LINE_START
            if groups and (glue_next or closes):
                groups[-1].append(atom)
            else:
                groups.append([atom])
            glue_next = text[-1:] in NO_LINE_END
        return groups

    def _refine(self, atom: _Atom) -> list[_Atom]:
        """The atom cut one level finer: a token into its written words, anything into characters."""
        if atom.end - atom.start <= 1:
            return [atom]
        syllables = atom.syllables
        if atom.level == 0 and atom.label and len(syllables) == atom.end - atom.start:
            words: list[list[int]] = [[]]
            for k, s in enumerate(syllables):
                words[-1].append(k)
                if s.endswith(" ") and k < len(syllables) - 1:
                    words.append([])
            if len(words) > 1:
                return [self._atom(atom, ks[0], ks[-1] + 1, 1) for ks in words]
        return [self._atom(atom, k, k + 1, 2) for k in range(atom.end - atom.start)]

    def _atom(self, atom: _Atom, a: int, b: int, level: int) -> _Atom:
        syllables = atom.syllables[a:b] if len(atom.syllables) == atom.end - atom.start else ()
        start, end = atom.start + a, atom.start + b
        label = _label(syllables, self.joiner).rstrip(" ") if atom.label else ""
        return _Atom(atom.token, start, end, cell_len(self.text[start:end]), label, syllables, level)

    def _put_breaking(self, atom: _Atom) -> None:
        """One character that may not fit: the line breaks before it, whatever the rules prefer."""
        if self.placed and self.extent([atom]) > self.width:
            # A closing mark takes the characters before it along, back to one that may
            # start a line.
            carried: list[_Atom] = []
            if self.text[atom.start] in NO_LINE_START:
                while len(self.placed) > 1:
                    carried.insert(0, self.placed.pop()[0])
                    if self.text[carried[0].start] not in NO_LINE_START:
                        break
                if self.extent([*carried, atom], empty=True) > self.width:  # the width is the harder rule
                    self.placed += [(c, 0) for c in carried]
                    carried = []
                self._replay()
            self.flush()
            for c in carried:
                self.put(c)
        self.put(atom)

    def _replay(self) -> None:
        """Place the current line's atoms again (after some were taken off its end)."""
        atoms = [a for a, _ in self.placed]
        self.placed, self.tx, self.px = [], 0, 0
        for a in atoms:
            self.put(a)


def layout(
    text: str,
    spans: Sequence[tuple[int, int]],
    width: int,
    pinyin: Sequence[Sequence[str]] | None = None,
    joiner: str = "",
    gaps: bool = False,
    preformatted: Sequence[tuple[int, int]] = (),
) -> list[Line]:
    """Lay out tokens (`spans` into `text`) in lines of at most `width` cells.

    With `pinyin` (rendered syllables per token, one per character), each token is as
    wide as the wider of its characters and its pinyin, plus one cell between words
    that carry pinyin. A word's syllables are joined with `joiner` (marks run
    together; numbers and zhuyin read better spaced).

    With `gaps`, one empty line follows each paragraph, however many blank lines the
    text has between them (paragraphs read apart; offsets are untouched). Inside the
    `preformatted` (start, end) spans (code), lines follow each other with no gap and keep
    their leading spaces.
    """
    width = max(width, 4)
    spans = list(spans)  # read by index below: a TokenSpans view made each item on demand (a third of the time)
    texts = [text[s:e] for s, e in spans]
    filler = _Filler(text, width, joiner)
    code = sorted(preformatted)
    for unit in _units(texts):
        at = spans[unit[0]][0]
        filler.pre = _inside(code, at)
        if texts[unit[0]] == "\n":
            if not gaps or filler.pre:
                filler.flush(at)
            elif filler.placed:
                filler.flush()
                filler.flush(at)  # the gap
            continue
        atoms = []
        for i in unit:
            s, e = spans[i]
            syllables = tuple(pinyin[i]) if pinyin is not None else ()
            label = _label(syllables, joiner) if syllables else ""
            atoms.append(_Atom(i, s, e, cell_len(texts[i]), label, syllables, 0))
        filler.fill(atoms)
    filler.flush()
    return filler.lines


def _inside(spans: Sequence[tuple[int, int]], at: int) -> bool:
    """`at` lies in one of the sorted (start, end) spans."""
    k = bisect_right(spans, at, key=lambda span: span[0]) - 1
    return k >= 0 and at < spans[k][1]


def label_runs(label: str, syllables: Sequence[str]) -> list[tuple[str, int]]:
    """`label` cut into what each syllable wrote of it: (text, index into `syllables`).

    A label is its syllables run together (trailing spaces cut), so each run can take
    its own syllable's tone colour.
    """
    runs: list[tuple[str, int]] = []
    position = 0
    for k, s in enumerate(syllables):
        if not s or position >= len(label):
            continue
        run = label[position : position + len(s)]
        runs.append((run, k))
        position += len(run)
    if position < len(label):
        runs.append((label[position:], runs[-1][1] if runs else 0))
    return runs


def plain_rows(text: str, line: Line) -> tuple[str, str]:
    """A laid-out line as two plain strings: the pinyin row and the text row."""
    top = bottom = ""
    for p in line.pieces:
        if p.pinyin:
            top += " " * (p.x - cell_len(top)) + p.pinyin
        bottom += " " * (p.x - cell_len(bottom)) + text[p.start : p.end]
    return top.rstrip(), bottom.rstrip()


def shifted(lines: list[Line], token_base: int, x: int = 0) -> list[Line]:
    """Lines laid out apart, moved to where they sit: tokens from `token_base`, `x` cells right."""
    if not token_base and not x:
        return lines
    return [
        Line(
            tuple(Piece(p.token + token_base, p.start, p.end, p.x + x, p.width, p.pinyin) for p in line.pieces),
            line.start,
            line.end,
            tuple((dx + x, t) for dx, t in line.decor),
        )
        for line in lines
    ]
