"""The suite's idle wait for Pilot (tests/pilot_idle.py) sees work still to come."""

from __future__ import annotations

import asyncio

from textual import events
from textual.app import App, ComposeResult
from textual.widgets import Static

from tests.pilot_idle import HORIZON, _work_pending, wait_for_idle


def test_ready_callbacks_and_timers_due_soon_are_pending_and_far_ones_are_not() -> None:
    async def run() -> list[bool]:
        loop = asyncio.get_running_loop()
        found = [_work_pending(loop)]
        soon = loop.call_later(HORIZON / 2, lambda: None)
        found.append(_work_pending(loop))
        soon.cancel()
        found.append(_work_pending(loop))  # cancelled: nothing to come
        later = loop.call_later(HORIZON * 50, lambda: None)
        found.append(_work_pending(loop))
        later.cancel()
        ready = loop.call_soon(lambda: None)
        found.append(_work_pending(loop))
        ready.cancel()
        return found

    assert asyncio.run(run()) == [False, True, False, False, True]


def test_the_wait_ends_after_the_key_and_the_work_it_set_for_a_moment_later() -> None:
    """A key whose handler sets a timer 10 ms ahead (shorter than the horizon): the wait ends
    after the timer's work too, however little CPU either used."""

    class Counter(App[None]):
        presses = 0
        later = 0

        def compose(self) -> ComposeResult:
            yield Static("0")

        def on_key(self) -> None:
            self.presses += 1
            self.set_timer(HORIZON / 2, self.bump)

        def bump(self) -> None:
            self.later += 1
            self.query_one(Static).update(str(self.later))

    async def run() -> list[tuple[int, int, bool]]:
        app = Counter()
        seen = []
        async with app.run_test():
            for _ in range(5):
                app.post_message(events.Key("x", "x"))
                await wait_for_idle(0)
                seen.append((app.presses, app.later, _work_pending(asyncio.get_running_loop())))
        return seen

    assert asyncio.run(run()) == [(n, n, False) for n in range(1, 6)]
