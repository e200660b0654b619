"""Cached blobs: written in parts into the row, read back whole, replaced and deleted by key."""

from __future__ import annotations

from pathlib import Path

from tui.store import blobs


def test_parts_are_read_back_as_one_blob(fresh_home: Path) -> None:
    parts = [b"head", bytes(range(256)) * 1000, b"", "尾".encode()]
    blobs.put_parts("k", parts)
    assert blobs.get("k") == b"".join(parts)


def test_parts_replace_the_row_of_their_key_only(fresh_home: Path) -> None:
    blobs.put("k", b"old and longer than the new one")
    blobs.put("other", b"kept")
    blobs.put_parts("k", [b"new"])
    assert blobs.get("k") == b"new"
    assert blobs.get("other") == b"kept"
    blobs.put_parts("k", [])
    assert blobs.get("k") == b""


def test_delete_drops_one_key(fresh_home: Path) -> None:
    blobs.put("a", b"1")
    blobs.put("b", b"2")
    blobs.delete("a")
    assert blobs.get("a") is None
    assert blobs.get("b") == b"2"
    blobs.delete("a")  # nothing there: nothing happens
