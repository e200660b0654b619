"""Reading the notes out of an Anki collection (the SQLite file inside an .apkg), read-only."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path


def collection_notes(path: Path) -> list[tuple[list[str], list[str]]]:
    """(field names of the note's type, field values) for every note of an Anki 2.1 collection."""
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        names: dict[int, list[str]] = {}
        row = conn.execute("SELECT models FROM col").fetchone()
        if row and row[0]:
            for mid, model in json.loads(row[0]).items():
                names[int(mid)] = [
                    f.get("name", "") for f in sorted(model.get("flds", []), key=lambda f: f.get("ord", 0))
                ]
        return [
            (names.get(int(mid), []), str(flds).split("\x1f"))
            for mid, flds in conn.execute("SELECT mid, flds FROM notes")
        ]
    finally:
        conn.close()
