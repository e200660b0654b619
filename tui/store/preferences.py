"""The reader's preferences that outlive a run (the text width), in `$YUEDU_HOME/preferences.json`.

A small JSON file, not the study DB: nothing here is precious, and a file that cannot be read
is the defaults."""

from __future__ import annotations

import json
import os

from tui.store import paths

FILE = "preferences.json"


def load() -> dict[str, object]:
    try:
        data = json.loads((paths.home() / FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def save(name: str, value: object) -> None:
    """Set one preference; written whole to a temporary file and renamed over the old one."""
    data = load()
    data[name] = value
    target = paths.home() / FILE
    temporary = target.with_suffix(".tmp")
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(json.dumps(data, ensure_ascii=False, indent=1), encoding="utf-8")
        os.replace(temporary, target)
    except OSError:
        pass  # a read-only home: the width holds for this run
