"""The Word tab's examples: sentences from elsewhere in the library that contain the word."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import events
from textual.geometry import Region
from textual.message import Message
from textual.scrollbar import ScrollBarRender
from textual.strip import Strip

from tui.app.commands import bindings
from tui.app.widgets.side_panel.depth import PANEL_WIDTH
from tui.app.widgets.side_panel.lines import TextLines
from tui.core.text.inert import inert

if TYPE_CHECKING:
    from rich.console import Console

EXAMPLE_CONTEXT = 14  # characters either side of the word: two rows of the panel
EXAMPLE_ROWS = 7  # the box's height before the first layout (yuedu.tcss)


class ExampleLines(TextLines):
    """The Word tab's example sentences, each one or more rows: ↑/↓ move the highlight, Enter
    (or a click) chooses the example under it (the keys: `examples.*` in tui/app/commands.py).

    Diffed rows like the other boxes, at a height fixed in CSS: new examples repaint the
    cells that changed, never the layout (which would repaint the article's scrollbar)."""

    DEFAULT_CSS = """
    ExampleLines { background: $surface; color: $foreground; }
    ExampleLines:focus { background-tint: $foreground 5%; }
    ExampleLines > .example-lines--highlighted {
        color: $foreground;
        background: $block-cursor-blurred-background;
        text-style: $block-cursor-blurred-text-style;
    }
    ExampleLines:focus > .example-lines--highlighted {
        color: $block-cursor-foreground;
        background: $block-cursor-background;
        text-style: $block-cursor-text-style;
    }
    """
    BINDINGS = bindings("examples")
    COMPONENT_CLASSES: ClassVar[set[str]] = {"example-lines--highlighted"}
    can_focus = True

    @dataclass
    class Chosen(Message):
        """The user chose example `index` (Enter, or a click)."""

        index: int

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._build: Callable[[int], list[Text]] | None = None
        self._examples: list[Text] = []
        self._spans: list[tuple[int, int]] = []  # the rows [start, end) of each example
        self._highlighted: int | None = None
        self._top = 0  # the first row shown: the highlighted example is kept in view
        self._bar = 0  # the scrollbar's width, when the rows overflow the box

    @property
    def option_count(self) -> int:
        return len(self._examples)

    def prompt_at(self, index: int) -> Text:
        return self._examples[index]

    def box_size(self) -> tuple[int, int, int]:
        """(Width, height, scrollbar width) of the box, for laying examples out ahead."""
        return self.size.width or PANEL_WIDTH, self.size.height or EXAMPLE_ROWS, self.styles.scrollbar_size_vertical

    def show(self, build: Callable[[int], list[Text]] | None) -> None:
        """Show the examples `build(width)` breaks into rows for a width, none highlighted,
        from the first row; the width leaves room for a scrollbar when they overflow the box."""
        self._build = build
        bar, lines = lay_out_examples(build, *self.box_size()) if build else (0, [])
        self._set_highlight(None)
        self._examples = lines
        self._spans = []
        row = 0
        for example in lines:
            rows = example.plain.count("\n") + 1
            self._spans.append((row, row + rows))
            row += rows
        moved = self._top != 0 or bar != self._bar or (bar and row != len(self._rows))
        self._top, self._bar = 0, bar
        self.set_text(Text("\n").join(line.copy() for line in lines))
        if moved:  # the scrollbar came, went or changed: every row
            self._strips.clear()
            self.refresh()

    def on_resize(self) -> None:
        # Broken again for the new width; the highlight stays on its example.
        highlighted = self._highlighted
        self.show(self._build)
        self._rewrap(force=True)
        if highlighted is not None and highlighted < len(self._examples):
            self.highlighted = highlighted

    def _wrap(self, console: Console, width: int) -> list[Text]:
        # Broken by `example_line` for this width: one row a line, cut (never wrapped) if wider.
        rows = []
        for line in self._text.split("\n", allow_blank=True):
            line.truncate(max(0, width - self._bar), overflow="ellipsis")
            rows.append(line)
        return rows

    @property
    def highlighted(self) -> int | None:
        return self._highlighted

    @highlighted.setter
    def highlighted(self, index: int | None) -> None:
        if index is not None:
            index = max(0, min(index, len(self._examples) - 1)) if self._examples else None
        self._set_highlight(index)

    def _set_highlight(self, index: int | None) -> None:
        old, self._highlighted = self._highlighted, index
        if old == index:
            return
        if index is not None:
            start, end = self._spans[index]
            height = self.size.height or end
            top = start if end - start > height else max(min(self._top, start), end - height)
            if top != self._top:
                self._top = top
                self._strips.clear()
                self.refresh()
                return
        for changed in (old, index):
            if changed is not None and changed < len(self._spans):
                start, end = self._spans[changed]
                for y in range(start - self._top, end - self._top):
                    self._strips.pop(y, None)
                self.refresh(Region(0, start - self._top, self.size.width, end - start))

    def _draw(self, y: int, width: int, style: Style) -> Strip:
        row = y + self._top
        index = next((i for i, (start, end) in enumerate(self._spans) if start <= row < end), None)
        if index is None or row >= len(self._rows):
            blank = Strip.blank(width - self._bar, style)
            return Strip([*blank, *self._bar_row(y)]) if self._bar else blank
        if index == self._highlighted:
            style = style + self.get_component_rich_style("example-lines--highlighted")
        # The example's own text marked with its number (as an option's is), its blank tail not.
        text = Segment.apply_style(self._rows[row], style=style, post_style=Style.from_meta({"example": index}))
        strip = Strip(text).adjust_cell_length(width - self._bar, style)
        return Strip([*strip, *self._bar_row(y)]) if self._bar else strip

    def _bar_row(self, y: int) -> list[Segment]:
        """Row `y` of the scrollbar, in the colours of Textual's own."""
        height = self.size.height
        _, background = self.background_colors
        back = background + self.styles.scrollbar_background
        bar = back + self.styles.scrollbar_color
        rows = ScrollBarRender.render_bar(
            size=height, virtual_size=len(self._rows), window_size=height, position=self._top,
            thickness=self._bar, vertical=True, back_color=back.rich_color, bar_color=bar.rich_color,
        ).segments  # fmt: skip
        cells = [s for s in rows if s.text != "\n"]
        if y >= len(cells):
            return []
        cell = cells[y].style or Style()  # without its mouse actions: they are a ScrollBar's
        return [Segment(cells[y].text, Style(color=cell.color, bgcolor=cell.bgcolor, reverse=cell.reverse))]

    def action_step(self, by: int) -> None:
        """Highlight the next (1) or previous (-1) example; from none, the first or the last."""
        count = len(self._examples)
        if count:
            at = self._highlighted
            self.highlighted = (0 if by > 0 else count - 1) if at is None else max(0, min(at + by, count - 1))

    def action_edge(self, end: int) -> None:
        """Highlight the first (0) or the last (1) example."""
        if self._examples:
            self.highlighted = len(self._examples) - 1 if end else 0

    def action_open(self) -> None:
        if self._highlighted is not None:
            self.post_message(self.Chosen(self._highlighted))

    def on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        row = offset.y + self._top
        for index, (start, end) in enumerate(self._spans):
            if start <= row < end:
                self.highlighted = index
                self.post_message(self.Chosen(index))
                return


def lay_out_examples(build: Callable[[int], list[Text]], width: int, height: int, bar: int) -> tuple[int, list[Text]]:
    """(The scrollbar's width, the examples) for a box of `width` x `height`: broken for the
    whole width, else (when their rows overflow the box) for the width beside a scrollbar."""
    lines = build(width)
    if sum(line.plain.count("\n") + 1 for line in lines) <= height or bar <= 0 or width <= bar:
        return 0, lines
    return bar, build(width - bar)


def example_line(article: str, sentence: str, word: str, width: int = PANEL_WIDTH) -> Text:
    """`001·…context 同盟 context…`, the word in bold: a sentence cut to fit the panel and
    broken into rows of `width` by our line rules (Rich would start a row with 。).

    Broken here, once, into plain rows: an option that wraps itself is laid out again
    by the list on every change, which cost a cursor move more than the rest of the panel.
    """
    from tui.core.lexicon.glossary import normalise
    from tui.core.text.wrap import wrap_spans

    sentence = inert(sentence, one_line=True)  # from a file: shown, never obeyed (one for one)
    at = normalise(sentence).find(normalise(word))
    marker = Text(f"{article[:3]}·", style="dim")
    if at < 0:
        body = Text(sentence[: 2 * EXAMPLE_CONTEXT])
    else:
        lo, hi = max(0, at - EXAMPLE_CONTEXT), min(len(sentence), at + len(word) + EXAMPLE_CONTEXT)
        body = Text(("…" if lo else "") + sentence[lo:at])
        body.append(sentence[at : at + len(word)], style="bold underline")
        body.append(sentence[at + len(word) : hi] + ("…" if hi < len(sentence) else ""))
    out = Text(no_wrap=True, overflow="ellipsis")
    for n, (start, end) in enumerate(wrap_spans(body.plain, max(4, width - marker.cell_len))):
        out.append_text(marker if n == 0 else Text("\n" + " " * marker.cell_len))
        out.append_text(body[start:end])
    return out
