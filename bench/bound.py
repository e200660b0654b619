"""Peak memory and time of the text commands at the input bound (8 MB): ordinary prose, one
line of Han with no sentence end, one Latin "word". The targets (issue 25): every command
under 1 GB and 120 s on any input within the bound.

    .venv/bin/python bench/bound.py            (BOUND_MB=2 for a quicker look)
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YUEDU = str(Path(sys.executable).parent / "yuedu")
MB = float(os.environ.get("BOUND_MB", "7.9"))


def inputs(work: Path) -> dict[str, Path]:
    seeds = [p.read_text(encoding="utf-8") for p in sorted((ROOT / "seeds").glob("*.txt"))]
    prose = "\n\n".join(seeds)
    han = "".join(ch for ch in prose if "\u4e00" <= ch <= "\u9fff")
    size = int(MB * 1_000_000)
    out = {}
    for name, unit, per_char in (("prose", prose + "\n\n", 3), ("han-one-line", han, 3), ("latin-word", "a", 1)):
        text = (unit * (size // (len(unit) * per_char) + 1))[: size // per_char - 8]
        path = work / f"{name}.txt"
        path.write_text("标题\n\n" + text + "\n", encoding="utf-8")
        out[name] = path
    return out


def measure(argv: list[str], env: dict[str, str], stdin: Path | None = None) -> tuple[float, float, float, int]:
    """(seconds, CPU seconds, peak MB of the command and its children, exit code). CPU time
    is the figure on a loaded machine, where the wall clock measures the neighbours."""
    script = (
        "import resource, subprocess, sys\n"
        "stdin = open(sys.argv[1], 'rb') if sys.argv[1] else subprocess.DEVNULL\n"
        "code = subprocess.run(sys.argv[2:], stdin=stdin, stdout=subprocess.DEVNULL).returncode\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(use.ru_maxrss, use.ru_utime + use.ru_stime, code)\n"
    )
    start = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-c", script, str(stdin or ""), *argv], env=env, capture_output=True, text=True, timeout=1800
    )
    took = time.monotonic() - start
    peak_kb, cpu, code = done.stdout.split()
    return took, float(cpu), int(peak_kb) / 1024, int(code)


def main() -> int:
    work = Path(tempfile.mkdtemp(prefix="yuedu-bound-"))
    env = {**os.environ, "YUEDU_HOME": str(work / "home")}
    subprocess.run([YUEDU, "list"], env=env, capture_output=True, check=False)  # the dictionary, once
    print(f"at the bound ({MB:g} MB per input): time, CPU time, peak memory (targets 120 s, 1,024 MB)")
    for name, path in inputs(work).items():
        for label, argv, stdin in (
            ("outline FILE", [YUEDU, "outline", str(path)], None),
            ("pinyin - --json", [YUEDU, "pinyin", "-", "--json"], path),
            ("annotate - --json", [YUEDU, "annotate", "-", "--json"], path),
            ("annotate -", [YUEDU, "annotate", "-"], path),
            ("annotate - --format html", [YUEDU, "annotate", "-", "--format", "html"], path),
            ("convert - --config s2twp", [YUEDU, "convert", "-", "--config", "s2twp"], path),
        ):
            try:
                took, cpu, peak, code = measure(argv, env, stdin)
            except subprocess.TimeoutExpired:
                print(f"  {name:13} {label:26} no answer in 1800 s")
                continue
            flag = "" if cpu <= 120 and peak <= 1024 and code in (0, 2) else "  OVER"
            row = f"{took:7.1f} s ({cpu:6.1f} s CPU) {peak:8.0f} MB  exit {code}{flag}"
            print(f"  {name:13} {label:26} {row}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
