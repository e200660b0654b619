"""The Word tab's breakdown: each character taken apart, laid out for the box's size."""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.cells import cell_len
from rich.text import Text

from tui.app.widgets.side_panel.lines import TextLines, Wrapped
from tui.core.child import run_python
from tui.core.lexicon.hanzi import WordDepth, in_marks

if TYPE_CHECKING:
    from rich.console import Console

DEPTH_DELAY = 0.15  # seconds the cursor rests on a word before breakdowns are loaded
PANEL_WIDTH = 40  # the panel's inner width and the depth box's height before the first layout (yuedu.tcss)
DEPTH_ROWS = 10
LAID_OUT_KEPT = 256  # words whose breakdown layout is kept

# What a worker prepares for a word: the depth box's key, its layout, the box height it is for,
# and the example rows by the width they are for.
Prepared = tuple[str, Wrapped, int, dict[int, list[Text]]]


class DepthBox(TextLines):
    """The Word tab's breakdown: built for the box's own width and height, again when it resizes.

    The height is fixed (a move changes rows, not the layout): what does not fit is left
    out a kind at a time, and the rest sits at the bottom, over the sentences it introduces.
    """

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._build: Callable[[int], list[tuple[int, Text]]] | None = None
        self._headings: tuple[str, ...] = ()
        self._heading_style = ""
        self._key = ""
        # (key, width, height) -> laid out and wrapped: a word met again, or prepared by a worker
        self._laid: dict[tuple[str, int, int], Wrapped] = {}

    def show(
        self,
        build: Callable[[int], list[tuple[int, Text]]] | None,
        headings: tuple[str, ...] = (),
        style: str = "",
        key: str = "",
    ) -> None:
        """`build(width)` gives (priority, line) pairs; higher priorities go first when rows run short.
        The last row is the first of `headings` that fits it. `key` names what is shown, for the cache."""
        self._build, self._headings, self._heading_style, self._key = build, headings, style, key
        wrapped = self._laid_out()
        self.set_text(wrapped.source if wrapped else Text(), wrapped)

    def on_resize(self) -> None:
        wrapped = self._laid_out()
        self.set_text(wrapped.source if wrapped else Text())  # through set_text: made inert there
        self._rewrap(force=True)

    def box_size(self) -> tuple[int, int]:
        return self.size.width or PANEL_WIDTH, self.size.height or DEPTH_ROWS

    def keep(self, key: str, wrapped: Wrapped, height: int) -> None:
        """A layout made ahead (by a worker) for this box's size, shown when `key` is."""
        if len(self._laid) > LAID_OUT_KEPT:
            self._laid.clear()
        self._laid[(key, wrapped.width, height)] = wrapped

    def _laid_out(self) -> Wrapped | None:
        if self._build is None:
            return None
        width, height = self.box_size()
        cache_key = (self._key, width, height)
        if self._key and cache_key in self._laid:
            return self._laid[cache_key]
        console = self.app.console
        laid = lay_out_depth(self._build(width), self._headings, self._heading_style, width, height, console)
        wrapped = Wrapped.of(laid, width, console)
        self.keep(self._key, wrapped, height)
        return wrapped


def lay_out_depth(
    lines: list[tuple[int, Text]], headings: tuple[str, ...], style: str, width: int, height: int, console: Console
) -> Text:
    """The breakdown's lines that fit `height - 1` rows at the bottom, over the first heading that fits."""
    kept = _fit(lines, height - 1, width, console)
    t = Text("\n" * max(0, height - 1 - sum(_rows(line, width, console) for line in kept)))
    for line in kept:
        t.append_text(line)
        t.append("\n")
    fitting = [h for h in headings if cell_len(h) <= width] or list(headings[-1:])
    t.append(fitting[0] if fitting else "", style=style)
    return t


_BUILDING_APART = threading.Lock()
_BUILT: set[str] = set()  # homes whose breakdowns were found built: not asked again


def breakdowns_built_apart() -> None:
    """Build the breakdown table (once per home, 2 s of CPU) in a child process.

    Built in this worker thread it held the GIL: the first moves of a new home took up to
    200 ms each. Waiting for a child leaves the UI thread free; other workers wait here."""
    from tui.core.lexicon.hanzi import breakdowns_ready
    from tui.store.paths import cache_db_path

    home = str(cache_db_path())
    if home in _BUILT:
        return
    with _BUILDING_APART:
        if breakdowns_ready():
            _BUILT.add(home)
            return
        # If the child fails, the first lookup builds it here, as before.
        run_python("from tui.core.lexicon.hanzi import decompose; decompose('一')")


def depth_heading(depth: WordDepth) -> tuple[tuple[str, ...], str, str]:
    """The depth box's headings (longest first), their style, and the key that names the layout."""
    if depth.examples:
        headings, style = ("Elsewhere in your library (Enter jumps)", "Elsewhere (Enter jumps)"), "bold"
    else:
        headings, style = ("In no other sentence in your library", "In no other sentence"), "dim"
    return headings, style, f"{depth.shown}|{depth.word}|{len(depth.examples)}"


def breakdown_lines(depth: WordDepth, width: int) -> list[tuple[int, Text]]:
    """(priority, line) for each character: its radical and rank (0), components and phonetic (1),
    and other words of the library that share it (2, as many as fit one row of `width`)."""
    lines: list[tuple[int, Text]] = []
    for c in depth.characters:
        head = Text(str(c["char"]), style="bold")
        if other := depth.other.get(str(c["char"])):
            head.append(f" ({other})")  # both scripts: the one shown is taken apart
        if c["radical"]:
            head.append(f"  radical {c['radical']}", style="green")
            if c["radical_meaning"]:
                head.append(f" {c['radical_meaning']}", style="green")
        if c["rank"]:
            head.append(f"  #{c['rank']}", style="dim")
        lines.append((0, head))
        parts = Text("  " + " + ".join(map(str, c["components"])))  # type: ignore[call-overload]
        if c["phonetic"]:
            sound = "sounds alike" if c["regular"] else str(c["regularity"] or "sounds different")
            parts.append(f"  sound {c['phonetic']} {in_marks(str(c['phonetic_pinyin']))}: {sound}", style="cyan")
        if c["components"] or c["phonetic"]:
            lines.append((1, parts))
        shared = depth.shared.get(str(c["char"]), [])
        also = Text("  also", style="dim")
        for n, (w, _) in enumerate(shared):
            gap = " " if n == 0 else "  "
            if also.cell_len + len(gap) + cell_len(w) > width:
                break
            also.append(gap + w)
        if also.cell_len > len("  also"):
            lines.append((2, also))
    return lines


def _rows(line: Text, width: int, console: Console) -> int:
    return len(line.wrap(console, width))


def _fit(lines: list[tuple[int, Text]], rows: int, width: int, console: Console) -> list[Text]:
    """The lines in order, leaving out the least needed kind until they fit in `rows`."""
    for keep in (2, 1, 0):
        kept = [line for priority, line in lines if priority <= keep]
        if sum(_rows(line, width, console) for line in kept) <= rows:
            return kept
    return kept[: max(0, rows)]
