"""Time and peak memory of `yuedu vocab import` of a large Anki package (issue 25: a million
notes in bounded memory). The notes' words: two Han characters from the 3,000 commonest,
so some are CC-CEDICT words and most are not, and each repeats (a real deck's share).

    .venv/bin/python bench/anki_import.py              (NOTES=100000 for a quicker look)
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

YUEDU = str(Path(sys.executable).parent / "yuedu")
NOTES = int(os.environ.get("NOTES", "1000000"))


def package(work: Path, notes: int) -> Path:
    from tui.core.lexicon import hsk

    chars = sorted(ch for ch in hsk.common_characters() if "\u4e00" <= ch <= "\u9fff")[:3000]
    collection = work / "collection.anki2"
    conn = sqlite3.connect(collection)
    conn.execute("CREATE TABLE col (id INTEGER PRIMARY KEY, models TEXT)")
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, mid INTEGER, flds TEXT)")
    model = {"1": {"flds": [{"name": "Hanzi", "ord": 0}, {"name": "Meaning", "ord": 1}]}}
    conn.execute("INSERT INTO col VALUES (1, ?)", (json.dumps(model),))
    n = len(chars)
    rows = ((k, 1, f"{chars[k % n]}{chars[(k * 7919) // n % n]}\x1fmeaning {k}") for k in range(notes))
    conn.executemany("INSERT INTO notes VALUES (?, ?, ?)", rows)
    conn.commit()
    conn.close()
    apkg = work / "deck.apkg"
    with zipfile.ZipFile(apkg, "w", zipfile.ZIP_DEFLATED) as z:
        z.write(collection, "collection.anki2")
    collection.unlink()
    return apkg


def measure(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, int, str]:
    script = (
        "import resource, subprocess, sys\n"
        "done = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(use.ru_maxrss, use.ru_utime + use.ru_stime, done.returncode)\n"
        "sys.stderr.write(done.stderr.decode('utf-8', 'replace')[-300:])\n"
    )
    start = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script, *argv], env=env, capture_output=True, text=True, check=False)
    took = time.monotonic() - start
    peak_kb, cpu, code = done.stdout.split()
    return took, float(cpu), int(peak_kb) / 1024, int(code), done.stderr.strip()


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="yuedu-anki-"))
    env = {**os.environ, "YUEDU_HOME": str(work / "home")}
    subprocess.run([YUEDU, "list"], env=env, capture_output=True, check=False)  # the dictionary, once
    apkg = package(work, NOTES)
    print(f"vocab import of {NOTES:,} notes ({apkg.stat().st_size / 1e6:.1f} MB package); targets 120 s, 1,024 MB")
    for label in ("first import", "again (nothing new)"):
        took, cpu, peak, code, err = measure([YUEDU, "vocab", "import", str(apkg)], env)
        flag = "" if cpu <= 120 and peak <= 1024 and code == 0 else "  OVER"
        print(f"  {label:22} {took:7.1f} s ({cpu:6.1f} s CPU) {peak:8.0f} MB  exit {code}{flag}")
        if code:
            print(f"    {err}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
