"""A user's glossary at size: parse, cold and cached load, `glossary check` and `lookup`, for
files of 3,000 and 12,000 entries (the hostile pass found loading quadratic: 50 s per lookup).

Run: .venv/bin/python bench/glossary.py
"""

from __future__ import annotations

import os
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HAN = "的一是了我不人在他有这个上们来到时大地为子中你说生国年着就那和要她出也得里后自以会家可下而过天去能对小多"


def entries(n: int) -> str:
    rng = random.Random(n)
    seen: set[str] = set()
    out: list[str] = []
    while len(out) < n:
        term = "".join(rng.choice(HAN) for _ in range(4))
        if term in seen:
            continue
        seen.add(term)
        out.append(
            f'[[entry]]\nterm = "{term}"\npinyin = "a a a a"\nenglish = "term {len(out)}"\n'
            'category = "other"\nnote = "n"\n'
        )
    return "\n".join(out)


def timed(args: list[str], home: Path) -> float:
    start = time.perf_counter()
    subprocess.run(args, env={**os.environ, "YUEDU_HOME": str(home)}, capture_output=True, check=False)
    return time.perf_counter() - start


def main() -> None:
    from tui.core.lexicon.glossary_schema import read_file

    yuedu = [sys.executable, "-m", "tui"]
    print(f"{'entries':>8} {'parse':>7} {'lookup cold':>12} {'lookup':>7} {'check':>7}")
    with tempfile.TemporaryDirectory() as tmp:
        for n in (3_000, 12_000):
            home = Path(tmp) / str(n)
            (home / "glossary").mkdir(parents=True)
            path = home / "glossary" / "big.toml"
            path.write_text(entries(n), encoding="utf-8")
            start = time.perf_counter()
            read_file(path)
            parse = time.perf_counter() - start
            timed([*yuedu, "lookup", "的"], home)  # builds the dictionary tables once
            path.touch()
            cold = timed([*yuedu, "lookup", "同盟"], home)
            warm = timed([*yuedu, "lookup", "同盟"], home)
            check = timed([*yuedu, "glossary", "check"], home)
            print(f"{n:>8} {parse:>6.2f}s {cold:>11.2f}s {warm:>6.2f}s {check:>6.2f}s")


if __name__ == "__main__":
    main()
