"""SQLite persistence: the rebuildable cache DB and the precious study DB."""
