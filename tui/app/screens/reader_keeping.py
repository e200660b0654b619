"""What the reader keeps between runs: the position (saved once the cursor rests, and on
leaving), the reading time for the progress screen, and bookmarks."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from tui.app.notices import place_notices, toast_rack
from tui.app.screens.reader_loading import ReaderLoading
from tui.store.study import Study

if TYPE_CHECKING:
    from textual.timer import Timer

    from tui.core.study.progress import ReadingClock
    from tui.core.study.reading_state import Change

# The position is saved once the cursor has rested this long, so that closing the terminal
# loses at most the last second of moving, and a held key does not write on every step.
POSITION_SAVE_DELAY = 1.0
# A cursor move fills the collector's first generation once or twice, and every tenth of those
# collections sweeps the second too (1-2 ms inside a move). Swept once the cursor has rested
# this long instead, a move meets the first generation only.
REST_SWEEP = 0.2


class ReaderKeeping(ReaderLoading):
    _position_timer: Timer | None
    _clock: ReadingClock  # reading time, for the progress screen
    _moved_at: float | None  # monotonic time of the last move not yet swept after

    @property
    def reading_offset(self) -> int:
        """Where the cursor is, kept for saving the position."""
        return self.state.position

    def place_notices(self) -> None:
        """Notices (toasts) away from the cursor's row (tui/app/notices.py)."""
        if toast_rack(self) is None:
            return  # none shown, or the screen is going: no view to ask
        view = self.view
        place_notices(self, view._cursor_row() - int(view.scroll_offset.y), view.scrollable_content_region.height)

    def _state_changed(self, change: Change) -> None:
        if change.what != "position":
            return
        if self._position_timer is not None:
            self._position_timer.stop()
        self._position_timer = self.set_timer(POSITION_SAVE_DELAY, self._save_position)
        self._clock.tick(time.time())
        self._moved_at = time.monotonic()
        rack = toast_rack(self)
        if rack is not None and rack.children:  # a notice shown: it moves off the cursor's new row
            self.place_notices()

    def sweep_at_rest(self) -> None:
        """The collector's young generations (and the old, when due) swept while the cursor
        rests (REST_SWEEP), not in the middle of the next move."""
        if self._moved_at is None or time.monotonic() - self._moved_at < REST_SWEEP:
            return
        self._moved_at = None
        import gc

        gc.collect(2 if gc.get_count()[2] >= gc.get_threshold()[2] else 1)

    def action_bookmark(self) -> None:
        if self.reading.article.origin == "file":
            self.notify("a file outside the library: `yuedu add` it to keep bookmarks", severity="warning")
            return
        offset = self.reading.analysis.tokens[self.view.cursor_token].start
        article = self.reading.article.id

        def toggle(study: Study) -> tuple[bool, list[int]]:
            return study.toggle_bookmark(article, offset), study.bookmarks(article)

        def done(result: tuple[bool, list[int]]) -> None:
            added, bookmarks = result
            self.state.set_bookmarks(bookmarks)
            self.notify("bookmarked" if added else "bookmark removed")

        self.host.study_writes.submit(toggle, done)

    def action_next_bookmark(self) -> None:
        target = self.state.next_bookmark(self.reading.analysis.tokens[self.view.cursor_token].start)
        if target is None:
            self.notify("no bookmarks in this article (b adds one)")
            return
        self.view.move_to_offset(target)

    def _save_position(self) -> None:
        if self.reading.article.origin == "file":
            return  # `yuedu read PATH` outside the library is read-only: nothing is kept for it
        self._clock.tick(time.time())
        article, offset, moved = self.reading.article.id, self.state.position, self.state.unsaved
        self.state.saved(offset)
        seconds = self._clock.take()

        def save(study: Study) -> None:
            if moved:
                study.save_position(article, offset)
            for day, spent in seconds.items():
                study.add_reading_time(article, spent, day)

        self.host.study_writes.submit(save)

    def on_screen_resume(self) -> None:
        self.freeze_heap()  # another reader's close unfroze it

    def on_unmount(self) -> None:
        import gc

        from tui.store.db import StoreError

        gc.unfreeze()  # what this reader held may be collected now

        self.state.forget(self._state_changed)
        if self._position_timer is not None:
            self._position_timer.stop()
        # Leaving waits for the writes asked for (bounded: a lock held elsewhere gives up in 2 s),
        # then saves the position here: a worker might not start while the app shuts down.
        finished = self.host.study_writes.wait(timeout=5)
        if self.reading.article.origin == "file":
            return
        try:
            study = Study()
            # A write asked for as the app quits may never start (no worker starts then): the
            # position it would have saved is saved here, or quitting under load lost it.
            if self.state.unsaved or not finished:
                study.save_position(self.reading.article.id, self.state.position)
            self._clock.tick(time.time())
            self._clock.flush(study, self.reading.article.id)
        except StoreError:
            pass  # locked, read-only or full: the last position saved while reading stands
