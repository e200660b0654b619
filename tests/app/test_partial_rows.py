"""A partial update draws only the band of each widget's rows that it writes, not every widget whole."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual._compositor import ChopsUpdate
from textual.geometry import Region
from textual.widget import Widget

from tests.app.helpers import open_001_at, settle
from tui.app.main import YueduApp
from tui.app.terminal.partial_update import CroppingCompositor

SIZE = (120, 40)


async def test_a_move_draws_only_the_rows_it_writes(fresh_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001_at(pilot, "同盟")
        compositor = pilot.app.screen._compositor
        assert isinstance(compositor, CroppingCompositor)
        drawn: list[tuple[Widget, Region]] = []
        updates: list[tuple[list[tuple[Widget, Region]], set[int]]] = []
        render_lines, partial = Widget.render_lines, CroppingCompositor.render_partial_update

        def recording_lines(widget: Widget, crop: Region) -> list[object]:
            drawn.append((widget, crop))
            return render_lines(widget, crop)  # type: ignore[return-value]

        def recording_update(self: CroppingCompositor) -> ChopsUpdate | None:
            drawn.clear()
            update = partial(self)
            if update is not None:
                updates.append((list(drawn), {y for y, _, _ in update.spans}))
            return update

        monkeypatch.setattr(Widget, "render_lines", recording_lines)
        monkeypatch.setattr(CroppingCompositor, "render_partial_update", recording_update)
        for _ in range(8):
            await pilot.press("l")
            await settle(pilot)
        monkeypatch.undo()
        assert len(updates) >= 8
        article_rows = 0
        for calls, written in updates:
            for widget, crop in calls:
                region, _ = compositor.visible_widgets[widget]
                top, bottom = region.y + crop.y, region.y + crop.y + crop.height - 1
                # The band starts and ends on rows this update writes: nothing above or below it drawn.
                assert top in written and bottom in written, (widget, crop, sorted(written))
                if widget is view:
                    article_rows += crop.height
        # The article is drawn on the cursor's rows, not whole on every move.
        assert 0 < article_rows < len(updates) * view.size.height
