"""Study DB writes from the app: off the UI thread, in the order they were asked for.

A write can wait up to the busy timeout for another yuedu's lock; on the UI thread that
would freeze the screen, so one writer thread takes the writes from a queue, one at a time
in the order they came, and reports each back as a message. It is our own thread, not a
Textual worker: Textual starts no worker while the app shuts down, and a write asked for
then would never run (docs/LESSONS.md).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from textual.app import App
from textual.message import Message

from tui.store.study import Study

_Write = tuple[Callable[[Study], Any], Callable[[Any], None] | None]


@dataclass
class StudyWritten(Message):
    """A write finished: `then` runs on the UI thread with its result, or `error` says why it failed."""

    then: Callable[[Any], None] | None
    result: object
    error: Exception | None


class StudyWrites:
    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._queue: queue.SimpleQueue[_Write | None] = queue.SimpleQueue()
        self._turn = threading.Condition()
        self._issued = 0
        self._done = 0
        self._delivered = 0  # results handled on the UI thread
        self._writer: threading.Thread | None = None

    def submit(self, action: Callable[[Study], Any], then: Callable[[Any], None] | None = None) -> None:
        with self._turn:
            self._issued += 1
            if self._writer is None:
                # A daemon: a write stuck on a lock never keeps the process alive; quitting
                # waits for the writes (bounded) in `close` and in the reader's unmount.
                self._writer = threading.Thread(target=self._write_all, name="study-writes", daemon=True)
                self._writer.start()
            self._queue.put((action, then))

    def _write_all(self) -> None:
        while (write := self._queue.get()) is not None:
            action, then = write
            result: object = None
            error: Exception | None = None
            try:
                result = action(Study())
            except Exception as exc:  # told to the user, not raised: reading goes on
                error = exc
            self._app.post_message(StudyWritten(then, result, error))  # thread-safe, and never blocks
            with self._turn:
                self._done += 1
                self._turn.notify_all()

    def delivered(self) -> None:
        """A write's result was handled on the UI thread (called by the app's handler)."""
        self._delivered += 1

    @property
    def idle(self) -> bool:
        """Every write asked for has run and its result been handled."""
        return self._delivered >= self._issued

    def wait(self, timeout: float) -> bool:
        """Block until every write asked for so far has finished (for quitting); False on timeout."""
        with self._turn:
            return self._turn.wait_for(lambda: self._done == self._issued, timeout)

    def close(self, timeout: float) -> bool:
        """Wait for the writes asked for (bounded), then let the writer thread end."""
        finished = self.wait(timeout)
        with self._turn:
            if self._writer is not None:
                self._queue.put(None)
                self._writer = None
        return finished
