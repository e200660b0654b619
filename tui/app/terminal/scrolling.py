"""A pane that scrolls by a few rows is sent as a scroll, not as its rows again.

The compositor keeps what the terminal shows, row by row (the strip it last wrote from each
cut). When a dirty region of several rows holds the rows it held before, moved by k, the
update sets a scroll region (DECSTBM) on those rows, deletes or inserts k lines in it (DL/IL,
as old as DECSTBM: pyte, tmux and xterm have both; SU/SD are not in pyte), resets the region,
and then writes each row's cells that differ from what the scroll left there: the rows it
brought in, and the other panes' rows it moved too (a region is the screen's whole width: the
left and right margins of DECSLRM are not in tmux). Whichever of that and the cropped update
is shorter is written. The region is reset in the same write, and again when the app leaves,
suspends or resumes (sgr.py), so a terminal is never left with it.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.style import Style
from textual._compositor import LayoutUpdate
from textual.geometry import Region
from textual.strip import Strip

from tui.app.terminal import terminal_epoch
from tui.app.terminal.partial_update import CroppedChopsUpdate, CroppingCompositor, crop
from tui.app.terminal.sgr import RESET_REGION

if TYPE_CHECKING:
    from collections.abc import Iterable, Mapping, Sequence

    from rich.console import Console
    from textual._compositor import ChopsUpdate

__all__ = ["ScrollingCompositor", "changes", "scroll_plan"]

Row = dict[int, Strip]  # a screen row: the strip drawn from each cut (its left edge)
MIN_ROWS = 3  # a dirty region this tall may have scrolled
MIN_VOTES = 2  # rows found moved by the same count before a scroll is tried


class ScrollingCompositor(CroppingCompositor):
    """The cropping compositor, and what the terminal shows, to send a pane's scroll as one."""

    def __init__(self) -> None:
        super().__init__()
        self._shown: list[Row | None] | None = None  # None: not known (no full update written yet)
        self._shown_stamp: object = None

    def _stamp(self) -> object:
        """What the rows shown hold for: this size, this stay on top of the stack, this session
        of the terminal. Another screen drawn over this one, a resize or a suspension changes it."""
        root = self.root
        return (self.size, getattr(root, "stack_updates", None), terminal_epoch())

    def shown(self) -> list[Row | None] | None:
        """The rows the terminal shows from this compositor's writes, or None when not known."""
        return self._shown if self._shown is not None and self._shown_stamp == self._stamp() else None

    def record(self, rows: list[Row | None] | None) -> None:
        self._shown, self._shown_stamp = rows, self._stamp()

    def render_full_update(self, simplify: bool = False) -> LayoutUpdate:
        update = super().render_full_update(simplify)
        if simplify:  # a screenshot, never written to the terminal
            return update
        return RecordedLayoutUpdate(update.strips, update.region, self, self.cuts)

    def render_partial_update(self) -> ChopsUpdate | None:
        tall = [r for r in self._dirty_regions if r.height >= MIN_ROWS]
        update = super().render_partial_update()
        if update is None:
            return None
        return ScrollingChopsUpdate(update.chops, update.spans, update.chop_ends, self, tall)


class RecordedLayoutUpdate(LayoutUpdate):
    """A full update that, when written, is what the compositor knows the terminal shows."""

    def __init__(
        self, strips: list[Iterable[Strip]], region: Region, owner: ScrollingCompositor, cuts: list[list[int]]
    ) -> None:
        super().__init__(strips, region)
        self._owner, self._cuts = owner, cuts
        self._written: str | None = None

    def render_segments(self, console: Console) -> str:
        if self._written is None:
            self._written = super().render_segments(console)
            rows: list[Row | None] = [dict(zip(c[:-1], s, strict=False)) for c, s in zip(self._cuts, self.strips)]
            self._owner.record(rows)
        return self._written


class ScrollingChopsUpdate(CroppedChopsUpdate):
    """A partial update written as a scroll and the cells it leaves wrong, when that is shorter."""

    def __init__(
        self,
        chops: Sequence[Mapping[int, Strip | None]],
        spans: list[tuple[int, int, int]],
        chop_ends: list[list[int]],
        owner: ScrollingCompositor,
        tall: list[Region],
    ) -> None:
        super().__init__(chops, spans, chop_ends)
        self._owner, self._tall = owner, tall
        self._written: str | None = None
        self.scrolled = 0  # rows the written update scrolled by (0: none), for tests and the bench

    def render_segments(self, console: Console) -> str:
        # Once: what is written is what the compositor then knows the terminal shows.
        if self._written is not None:
            return self._written
        shown = self._owner.shown()
        rows = _after(shown, self.chops, self.spans, self.chop_ends) if shown is not None else None
        plan = None
        if rows is not None and shown is not None and self._tall:
            plan = scroll_plan(shown, rows, self._tall, sorted({y for y, _, _ in self.spans}), console)
        # The cropped update writes every cell of its spans, a byte each at least: a plan
        # shorter than that is written without drawing the other.
        if plan is not None and len(plan[1].encode()) < sum(x2 - x1 for _, x1, x2 in self.spans):
            self.scrolled, written = plan
        else:
            written = super().render_segments(console)
            if plan is not None and len(plan[1].encode()) < len(written.encode()):
                self.scrolled, written = plan
        self._owner.record(rows)
        self._written = written
        return written


def _after(
    shown: list[Row | None],
    chops: Sequence[Mapping[int, Strip | None]],
    spans: list[tuple[int, int, int]],
    chop_ends: list[list[int]],
) -> list[Row | None]:
    """The screen after an update: the rows shown, with the strips it writes (some of). Only
    those: a piece drawn outside the spans may be a widget behind one that was not drawn."""
    rows = list(shown)
    for y, x1, x2 in spans:
        drawn, row = chops[y], rows[y]
        if row is None or row.keys() != drawn.keys():
            rows[y] = None  # cuts moved: known again at the next full update
            continue
        row = dict(row) if row is shown[y] else row
        for (x, strip), end in zip(drawn.items(), chop_ends[y], strict=False):
            if strip is not None and x < x2 and end > x1:
                row[x] = strip
        rows[y] = row
    return rows


def _shift(shown: list[Row | None], rows: list[Row | None], x: int, top: int, bottom: int) -> tuple[int, int]:
    """(k, votes): the count of rows most of the region's rows (at cut `x`) moved up by
    (negative: down), and how many did; rows that are blank say nothing."""
    where: dict[str, list[int]] = {}
    for y in range(top, bottom + 1):
        row = shown[y]
        strip = row.get(x) if row is not None else None
        if strip is not None:
            text = strip.text
            if text.strip():
                where.setdefault(text, []).append(y)
    votes: Counter[int] = Counter()
    for y in range(top, bottom + 1):
        row = rows[y]
        strip = row.get(x) if row is not None else None
        if strip is None:
            continue
        for old in where.get(strip.text, ()):
            if old != y and shown[old][x] == strip:  # type: ignore[index]
                votes[old - y] += 1
    if not votes:
        return 0, 0
    k, n = votes.most_common(1)[0]
    return k, n


def scroll_plan(
    shown: list[Row | None],
    rows: list[Row | None],
    tall: list[Region],
    dirty: list[int],
    console: Console,
) -> tuple[int, str] | None:
    """(k, what to write) to turn the screen `shown` into `rows` by scrolling the tall dirty
    region that moved most by k rows and writing what differs after it; None when none moved."""
    best: tuple[int, int, Region] | None = None
    for region in tall:
        top, bottom = region.y, region.y + region.height - 1
        if bottom >= len(rows):
            continue
        k, votes = _shift(shown, rows, region.x, top, bottom)
        if k and abs(k) < region.height and votes >= MIN_VOTES and (best is None or votes > best[1]):
            best = (k, votes, region)
    if best is None:
        return None
    k, _, region = best
    top, bottom = region.y, region.y + region.height - 1
    writes: dict[int, str] = {}
    for y in sorted({*dirty, *range(top, bottom + 1)}):
        after = rows[y]
        if after is None:
            return None
        if top <= y <= bottom:
            before = shown[y + k] if top <= y + k <= bottom else None  # None: a row the scroll brought in
        else:
            before = shown[y]
        writes[y] = _changes_of(y, before, after, console)
    # The rows at the end the scroll does not bring in (the top when it goes up) may cost
    # less left out of the region: the other panes' rows there (the panel's tabs) stay put.
    edge = range(top, top + EDGE_ROWS) if k > 0 else range(bottom, bottom - EDGE_ROWS, -1)
    saved, best_saved, left_out = 0, 0, 0
    stays: dict[int, str] = {}
    for n, y in enumerate(edge, 1):
        if n >= region.height - abs(k):
            break
        stays[y] = _changes_of(y, shown[y], rows[y], console)  # type: ignore[arg-type]
        saved += len(writes[y].encode()) - len(stays[y].encode())
        if saved > best_saved:
            best_saved, left_out = saved, n
    if left_out:
        kept = list(edge)[:left_out]
        writes.update((y, stays[y]) for y in kept)
        top, bottom = (top + left_out, bottom) if k > 0 else (top, bottom - left_out)
    out = [f"\x1b[{top + 1};{bottom + 1}r\x1b[{top + 1};1H\x1b[{abs(k)}{'M' if k > 0 else 'L'}{RESET_REGION}"]
    out += [writes[y] for y in sorted(writes)]
    return k, "".join(out)


EDGE_ROWS = 3  # rows at the scroll's far end tried outside the region


def _changes_of(y: int, before: Row | None, after: Row, console: Console) -> str:
    out: list[str] = []
    _write_changes(out, y, before, after, console)
    return "".join(out)


def _write_changes(out: list[str], y: int, before: Row | None, after: Row, console: Console) -> None:
    """The cells of row `y` where `after` differs from what the terminal has (`before`; None:
    not known), in runs: a gap of a few equal cells is written rather than a cursor move."""
    if before is None or before.keys() != after.keys():
        # Other cuts (the panel's tabs over its body): the rows compared whole.
        joined = Strip.join(after.values())
        after = {0: joined}
        before = {0: Strip.join(before.values())} if before is not None else None
    runs: list[tuple[int, int]] = []
    for x, strip in after.items():
        old = before[x] if before is not None else None
        if old is strip or old == strip:
            continue
        runs += [(x + a, x + b) for a, b in changes(old, strip)]
    if not runs:
        return
    merged = [runs[0]]
    for a, b in runs[1:]:
        if a - merged[-1][1] <= GAP:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    cuts = list(after)
    ends = [*cuts[1:], None]
    for a, b in merged:
        out.append(f"\x1b[{y + 1};{a + 1}H")
        for x, end in zip(cuts, ends, strict=True):
            strip = after[x]
            right = x + strip.cell_length if end is None else end
            if right <= a or x >= b:
                continue
            lo, hi = max(a, x) - x, min(b, right) - x
            part = strip if lo == 0 and hi >= strip.cell_length else crop(strip, lo, hi)
            out.append(part.render(console))


GAP = 4  # equal cells between two changes written as they are, cheaper than a cursor move

Cell = tuple[tuple[tuple[str, Style | None], ...], int]  # a character with its zero-width marks, and which of its cells


def _cells(strip: Strip) -> list[Cell]:
    """One entry a cell: the character there (with the zero-width characters after it) and
    which of its cells it is, so a wide character differs from two narrow ones cell by cell."""
    out: list[Cell] = []
    lead: tuple[tuple[str, Style | None], ...] = ()  # marks with no character before them
    for segment in strip:
        if segment.control:
            continue
        style = segment.style
        text = segment.text
        if not lead and text.isascii() and text.isprintable():  # a cell a character (a scroll's panel rows)
            out += [(((ch, style),), 0) for ch in text]
            continue
        if not lead and cell_len(text) == 2 * len(text):  # every character wide (Han)
            for ch in text:
                wide: tuple[tuple[str, Style | None], ...] = ((ch, style),)
                out += [(wide, 0), (wide, 1)]
            continue
        for ch in text:
            width = cell_len(ch)
            if width == 0:
                if out:
                    chars, part = out[-1]
                    cluster = (*chars, (ch, style))
                    out[-1] = (cluster, part)
                    if part:  # the second cell of a wide character: its first carries the marks too
                        out[-2] = (cluster, 0)
                else:
                    lead = (*lead, (ch, style))
            else:
                cluster = (*lead, (ch, style))
                lead = ()
                out += [(cluster, part) for part in range(width)]
    return out


def changes(before: Strip | None, after: Strip) -> list[tuple[int, int]]:
    """Cells [start, end) of `after` where it differs from `before` (None: all of it), each
    run starting and ending between characters of both."""
    if before is None:
        return [(0, after.cell_length)]
    a, b = _cells(before), _cells(after)
    if len(a) != len(b):
        return [(0, max(len(b), after.cell_length))]
    runs: list[tuple[int, int]] = []
    start = -1
    for i, (p, q) in enumerate(zip(a, b, strict=True)):
        if p != q:
            if start < 0:
                start = i
        elif start >= 0:
            runs.append((start, i))
            start = -1
    if start >= 0:
        runs.append((start, len(b)))
    return runs
