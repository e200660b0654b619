"""The reader's find: the box under the text, its hits in the article and n/N between them."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.widgets import Input

from tui.app.screens.reader_loading import ReaderLoading

# Where a find's hit or an outline jump puts its line: a third of the way down the screen,
# with what leads to it above and room to read on below.
HIT_AT = 1 / 3


class ReaderFind(ReaderLoading):
    def action_find(self) -> None:
        box = self.query_one("#find", Input)
        box.display = True
        box.value = ""
        box.border_title = None
        box.focus()

    @on(Input.Submitted, "#find")
    def _find(self, event: Input.Submitted) -> None:
        box = event.input
        if not self.action_find_text(event.value):
            # Said in the box, which stays open to correct the query: a toast over the
            # article lost wide characters where the article repainted under it.
            box.border_title = Text(f"not found: {event.value.strip()}")  # Text: a query is never markup
            box.select_all()
            return
        box.display = False
        self.view.focus()  # the box gone, the text is taller: the view places the hit again

    def action_find_text(self, query: str) -> bool:
        """Go to the first hit at or after the cursor; False when there is none."""
        # Either script and pinyin need the analysis: the search waits for it.
        if self._wait_for_words("find_text", query):
            return True
        hits = self.reading.find(query)
        self.view.hits = hits
        if not hits:
            self.hit = -1
            self._show_state()
            if not self.query_one("#find", Input).display:  # run later, for a find typed before the words
                self.notify(f"not found: {query.strip()}", severity="warning")
            return False
        here = self.reading.analysis.tokens[self.view.cursor_token].start
        after = next((i for i, (s, _) in enumerate(hits) if s >= here), None)
        self._go_to_hit(0 if after is None else after)
        if after is None and len(hits) > 0 and hits[0][0] < here:
            self.notify("no hit after the cursor: from the top", markup=False)
        return True

    def _go_to_hit(self, index: int) -> None:
        self.hit = index
        self.view.move_to_offset(self.view.hits[index][0], at=HIT_AT)
        self._show_state()  # hit n of N in the header

    def action_next_hit(self, delta: int) -> None:
        hits = self.view.hits
        if not hits:
            return
        index = (self.hit + delta) % len(hits)
        self._go_to_hit(index)
        if delta > 0 and index == 0:
            self.notify(f"wrapped around: hit 1 of {len(hits)}, from the top", markup=False)
        elif delta < 0 and index == len(hits) - 1:
            self.notify(f"wrapped around: hit {len(hits)} of {len(hits)}, from the end", markup=False)
