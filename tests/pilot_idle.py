"""Pilot's wait for the app to be idle after a key, with a short window and a guard.

Textual's `wait_for_idle` sleeps in windows of 20 ms until one passes with under 1 ms of CPU:
a key costs at least two windows (40 ms asleep), three with a `pause`, which was half of the
long Pilot tests' time. Here a window is 5 ms, and it counts as idle only when nothing is
ready to run on the event loop and no timer falls due within 20 ms (a pending screen update,
a `call_after_refresh`): a process starved of CPU by a loaded machine keeps its queued
messages ready, so a short window cannot mistake being starved for being idle."""

from __future__ import annotations

import asyncio
from time import monotonic, process_time

from textual.timer import Timer

WINDOW = 0.005  # s asleep per check
QUIET_CPU = WINDOW / 20  # CPU in a window under which the process is idle (Textual's ratio)
HORIZON = 0.02  # a timer due sooner than this is work still to come (the screen updates at 60 Hz)


def _paused_timer(handle: asyncio.TimerHandle) -> bool:
    """Whether `handle` wakes a Textual timer that is paused: the screen's update timer sleeps
    out its period after pausing itself, and then waits to be resumed, doing nothing."""
    try:
        waiter = handle._args[0]  # asyncio.sleep's future
        task = waiter._callbacks[0][0].__self__
        coroutine = task.get_coro()
        while coroutine is not None:
            owner = coroutine.cr_frame.f_locals.get("self") if coroutine.cr_frame else None
            if isinstance(owner, Timer):
                return not owner._active.is_set()
            coroutine = coroutine.cr_await if hasattr(coroutine, "cr_frame") else None
    except (AttributeError, IndexError, TypeError):
        pass
    return False


def _work_pending(loop: asyncio.AbstractEventLoop) -> bool:
    if getattr(loop, "_ready", None):  # callbacks and tasks ready to run
        return True
    now = loop.time()
    return any(
        not handle.cancelled() and handle.when() - now < HORIZON and not _paused_timer(handle)
        for handle in getattr(loop, "_scheduled", ())
    )


async def wait_for_idle(min_sleep: float = 0.0, max_sleep: float = 1.0) -> None:
    """Textual's contract (return once the process is idle, or after `max_sleep`), sooner."""
    loop = asyncio.get_running_loop()
    start = monotonic()
    if min_sleep:
        await asyncio.sleep(min_sleep)
    while True:
        cpu = process_time()
        await asyncio.sleep(WINDOW)
        if monotonic() - start >= max_sleep:
            return
        if process_time() - cpu < QUIET_CPU and not _work_pending(loop):
            return
