"""`w` sets the text's width (60, 80, 100 columns, the whole width), centred in a wide
terminal and remembered in the home for the next run."""

from __future__ import annotations

from pathlib import Path

from rich.cells import cell_len

from tests.app.helpers import open_001, settle
from tui.app.main import YueduApp
from tui.app.screens.reader import TEXT_WIDTHS
from tui.store import preferences

SIZE = (200, 60)


async def test_w_cycles_the_width_centres_the_text_and_is_remembered(fresh_home: Path) -> None:
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        full = view._layout_key[0] if view._layout_key else 0
        assert full > 100 and view.text_width == 0
        for width in TEXT_WIDTHS:
            await pilot.press("w")
            await settle(pilot)
            assert view.text_width == width
            assert preferences.load()["text_width"] == width
            laid = view._layout_key[0] if view._layout_key else 0
            assert laid == (width or full)
            rows = [view.render_line(y).text for y in range(view.size.height)]
            texts = [r for r in rows if r.strip()]
            assert texts
            left = min(cell_len(r) - cell_len(r.lstrip()) for r in texts)
            right = max(cell_len(r.rstrip()) for r in texts)
            assert right - left <= laid
            if width:  # centred: as much room on either side, to a column or two
                assert abs(left - (view.scrollable_content_region.width - laid) // 2) <= 2
        await pilot.press("w")  # 60 again, kept for the next run
        await settle(pilot)
    app = YueduApp()
    async with app.run_test(size=SIZE) as pilot:
        view = await open_001(pilot)
        assert view.text_width == 60 and view._layout_key is not None and view._layout_key[0] == 60
