"""An Anki package is a stranger's file: every way it can be broken is one line and exit 2
(a corrupt zip, a bad CRC, an encrypted member, a compression we cannot unpack, a collection
with views or triggers, a query past the time budget), and its notes are read one at a time."""

from __future__ import annotations

import json
import sqlite3
import zipfile
from pathlib import Path

import pytest

from tests.conftest import run_cli
from tui.store.anki import UntrustedCollection, collection_notes

MODELS = {"1": {"flds": [{"name": "Hanzi", "ord": 0}, {"name": "Meaning", "ord": 1}]}}


def _collection(path: Path, notes: int = 3, extra_sql: str = "", notes_sql: str | None = None) -> Path:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE col (id INTEGER PRIMARY KEY, models TEXT)")
    conn.execute("INSERT INTO col (models) VALUES (?)", (json.dumps(MODELS),))
    conn.execute(notes_sql or "CREATE TABLE notes (id INTEGER PRIMARY KEY, mid INTEGER, flds TEXT)")
    if notes_sql is None:
        words = ["同盟", "关系", "日本", "美国", "合作"]
        conn.executemany(
            "INSERT INTO notes (mid, flds) VALUES (1, ?)", ((f"{words[k % 5]}\x1fmeaning {k}",) for k in range(notes))
        )
    if extra_sql:
        conn.executescript(extra_sql)
    conn.commit()
    conn.close()
    return path


def _package(tmp_path: Path, name: str = "deck.apkg", **kwargs: object) -> Path:
    collection = _collection(tmp_path / f"{name}.anki2", **kwargs)  # type: ignore[arg-type]
    path = tmp_path / name
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as archive:
        archive.write(collection, "collection.anki2")
        archive.writestr("media", "{}")
    return path


def _patched(path: Path, patch: str) -> Path:
    """The package with its collection member's headers or data changed as `patch` says."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("collection.anki2")
    local = info.header_offset
    central = data.index(b"PK\x01\x02")  # the collection is the first member
    if patch == "crc":
        start = local + 30 + len(info.filename) + len(info.extra)
        data[start + info.file_size // 2] ^= 0xFF
    elif patch == "encrypted":
        data[local + 6] |= 0x01
        data[central + 8] |= 0x01
    elif patch == "method":
        data[local + 8 : local + 10] = (99).to_bytes(2, "little")
        data[central + 10 : central + 12] = (99).to_bytes(2, "little")
    out = path.with_name(f"{patch}.apkg")
    out.write_bytes(bytes(data))
    return out


def _refused(path: Path, *args: str) -> str:
    result = run_cli("vocab", "import", str(path), *args)
    assert result.returncode == 2, (result.returncode, result.stderr)
    assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr and "internal" not in result.stderr
    return result.stderr


def test_a_sound_package_is_read(fresh_home: Path, tmp_path: Path) -> None:
    result = run_cli("vocab", "import", str(_package(tmp_path)), "--json")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("patch", ["crc", "encrypted", "method"])
def test_a_broken_member_is_one_line(fresh_home: Path, tmp_path: Path, patch: str) -> None:
    path = _patched(_package(tmp_path), patch)
    with zipfile.ZipFile(path) as archive, pytest.raises(Exception):  # noqa: B017 - the break bites
        archive.read("collection.anki2")
    _refused(path)


def test_a_corrupt_zip_is_one_line(fresh_home: Path, tmp_path: Path) -> None:
    path = tmp_path / "corrupt.apkg"
    path.write_bytes(b"PK\x03\x04" + bytes(range(256)) * 4)
    _refused(path)
    truncated = tmp_path / "truncated.apkg"
    truncated.write_bytes(_package(tmp_path).read_bytes()[:-30])
    _refused(truncated)


RECURSIVE_VIEW = (
    "CREATE VIEW notes AS WITH RECURSIVE r(id, mid, flds) AS (SELECT 1, 1, 'x' "
    "UNION ALL SELECT id + 1, mid, flds || flds FROM r) SELECT * FROM r"
)


def test_notes_as_a_recursive_view_is_refused_before_any_query(fresh_home: Path, tmp_path: Path) -> None:
    path = _package(tmp_path, notes_sql=RECURSIVE_VIEW)
    assert "view" in _refused(path)


def test_a_trigger_or_a_missing_table_is_refused(fresh_home: Path, tmp_path: Path) -> None:
    trigger = "CREATE TRIGGER t AFTER INSERT ON col BEGIN DELETE FROM notes; END;"
    assert "trigger" in _refused(_package(tmp_path, "t.apkg", extra_sql=trigger))
    assert "notes" in _refused(_package(tmp_path, "n.apkg", notes_sql="CREATE TABLE other (x)"))


def test_a_query_past_the_time_budget_is_stopped(tmp_path: Path) -> None:
    path = _collection(tmp_path / "slow.anki2", notes=20_000)
    assert sum(1 for _ in collection_notes(path)) == 20_000
    with pytest.raises(UntrustedCollection, match="stopped"):
        list(collection_notes(path, budget=0.0))


def test_values_past_the_length_limit_are_refused(tmp_path: Path) -> None:
    path = _collection(tmp_path / "huge.anki2", notes=1)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE notes SET flds = ?", ("同" * 20_000_000,))
    conn.commit()
    conn.close()
    with pytest.raises(sqlite3.DataError):
        list(collection_notes(path))


def test_notes_are_read_one_at_a_time(tmp_path: Path) -> None:
    notes = collection_notes(_collection(tmp_path / "c.anki2", notes=5))
    names, fields = next(notes)
    assert names == ["Hanzi", "Meaning"] and fields == ["同盟", "meaning 0"]
    assert len(list(notes)) == 4


def test_odd_field_numbers_and_a_negative_top_are_bad_input(fresh_home: Path, tmp_path: Path) -> None:
    path = _package(tmp_path)
    for field in ("²", "①", "٣"):
        _refused(path, "--field", field)
    assert run_cli("vocab", "import", str(path), "--field", "1").returncode == 0
    result = run_cli("vocab", "stats", "001", "--top", "-5")
    assert result.returncode == 2 and "--top" in result.stderr
    assert run_cli("vocab", "stats", "--top", "-1").returncode == 2
