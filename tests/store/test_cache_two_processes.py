"""The cache shared with another yuedu: one process writing and closing never pulls the WAL from under the other."""

from __future__ import annotations

import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

from tui.store import paths
from tui.store.cache import cache_db, get_meta, set_meta

WRITER = """
from tui.store.cache import cache_db, set_meta
conn = cache_db()
set_meta(conn, "written by", "the other process")
conn.close()
"""


def _in_a_thread(work: Callable[[], object]) -> object:
    """Run `work` in a thread of its own, as the app's workers do: each opens its own cache connection."""
    result: list[object] = []
    failed: list[BaseException] = []

    def run() -> None:
        try:
            result.append(work())
        except BaseException as exc:
            failed.append(exc)

    thread = threading.Thread(target=run)
    thread.start()
    thread.join()
    if failed:
        raise failed[0]
    return result[0]


def test_another_process_closing_the_cache_leaves_ours_working(fresh_home: Path) -> None:
    ours = cache_db()  # this thread's connection stays open throughout, as the app's main thread's does
    assert ours.execute("SELECT count(*) FROM meta").fetchone() is not None
    _in_a_thread(lambda: cache_db().execute("SELECT 1").fetchone())  # another thread opens (and checks) the file
    done = subprocess.run([sys.executable, "-c", WRITER], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    wal = paths.cache_db_path().with_name(paths.cache_db_path().name + "-wal")
    assert wal.exists(), "the other process took itself for the last user and removed the WAL"
    set_meta(ours, "and by", "us")  # with the WAL gone, this went into an unlinked file
    # A new thread's connection (the library's coverage worker on coming back) sees both writes.
    seen = _in_a_thread(lambda: (get_meta(cache_db(), "written by"), get_meta(cache_db(), "and by")))
    assert seen == ("the other process", "us")
