"""The Word tab's examples: sentences from elsewhere in the library that contain the word."""

from __future__ import annotations

from typing import Self

from rich.segment import Segment
from rich.text import Text
from textual.geometry import Region
from textual.widgets import OptionList

from tui.app.widgets.side_panel.depth import PANEL_WIDTH
from tui.app.widgets.side_panel.lines import changed_cells
from tui.core.text.inert import inert

EXAMPLE_CONTEXT = 14  # characters either side of the word: two rows of the panel


class ExampleList(OptionList):
    """The Word tab's example sentences: a list of fixed size, so new examples repaint it alone.

    An OptionList lays the whole screen out again when its lines change in number (its
    virtual size is a layout reactive), which repaints the article's scrollbar on every
    cursor move. Its size is set in CSS, so a repaint is enough while the examples change;
    anything else (showing it, hiding it) still lays out as usual."""

    _replacing = False
    _shown: list[list[Segment]] | None = None  # the rows as last drawn by set_examples
    _shown_as: tuple[int, int | None, bool] | None = None  # (rows, highlighted, focused) then

    def set_examples(self, examples: list[Text]) -> None:
        """Show these examples, repainting only the cells that differ from what was shown."""
        rows = self.scrollable_content_region.height if self.is_mounted else 0
        # What was drawn, unless the size, highlight or focus changed it since.
        before = self._shown if self._shown_as == (rows, self.highlighted, self.has_focus) else None
        self._replacing = True
        try:
            self.set_options(examples)
            # Drawn while still replacing: the list updates its lines (and virtual size, a
            # layout reactive) lazily, in render_line, which would lay the screen out again.
            after = [list(self.render_line(y)) for y in range(rows)]
        finally:
            self._replacing = False
        self._shown, self._shown_as = after, (rows, self.highlighted, self.has_focus)
        if before is None:
            self.refresh()
            return
        for y in range(rows):
            span = changed_cells(before[y], after[y])
            if span is not None:
                self.refresh(Region(span[0], y, span[1] - span[0], 1))

    def refresh(self, *regions: Region, repaint: bool = True, layout: bool = False, recompose: bool = False) -> Self:
        if self._replacing:
            return self  # set_examples repaints what changed
        return super().refresh(*regions, repaint=repaint, layout=layout, recompose=recompose)


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
