"""The reader's side panel (panel.py) and its parts, one module a concern."""

from tui.app.widgets.side_panel.panel import SidePanel

__all__ = ["SidePanel"]
