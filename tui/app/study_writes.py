"""Study DB writes from the app: off the UI thread, in the order they were asked for.

A write can wait up to the busy timeout for another yuedu's lock; on the UI thread that
would freeze the screen, so each runs in a thread worker and reports back as a message.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from typing import Any

from textual.app import App
from textual.message import Message

from tui.store.study import Study


@dataclass
class StudyWritten(Message):
    """A write finished: `then` runs on the UI thread with its result, or `error` says why it failed."""

    then: Callable[[Any], None] | None
    result: object
    error: Exception | None


class StudyWrites:
    def __init__(self, app: App[Any]) -> None:
        self._app = app
        self._turn = threading.Condition()
        self._issued = 0
        self._done = 0

    def submit(self, action: Callable[[Study], Any], then: Callable[[Any], None] | None = None) -> None:
        with self._turn:
            ticket = self._issued
            self._issued += 1
        self._app.run_worker(
            partial(self._run, ticket, action, then), thread=True, group="study-writes", exit_on_error=False
        )

    def _run(self, ticket: int, action: Callable[[Study], Any], then: Callable[[Any], None] | None) -> None:
        with self._turn:
            self._turn.wait_for(lambda: self._done == ticket)  # one at a time, in order
        result: object = None
        error: Exception | None = None
        try:
            result = action(Study())
        except Exception as exc:  # told to the user, not raised: reading goes on
            error = exc
        finally:
            with self._turn:
                self._done += 1
                self._turn.notify_all()
        self._app.post_message(StudyWritten(then, result, error))  # thread-safe, and never blocks

    def wait(self, timeout: float) -> bool:
        """Block until every write asked for so far has finished (for quitting); False on timeout."""
        with self._turn:
            return self._turn.wait_for(lambda: self._done == self._issued, timeout)
