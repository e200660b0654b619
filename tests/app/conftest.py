"""For every Pilot test."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _breakdowns_loaded_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    # The panel waits 0.15 s for the cursor to rest before it looks a word up (a reader
    # running through the text); a test waits for that worker after every move, idle.
    # What the wait is for is a matter of timing, which tests do not measure (bench/ does).
    from tui.app.widgets.side_panel import depth_loading

    monkeypatch.setattr(depth_loading, "DEPTH_DELAY", 0.0)
