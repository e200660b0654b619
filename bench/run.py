"""`make bench`: speed figures with their baselines, printed as a table.

Each figure is measured several times in fresh processes; the table shows the
median, min and max next to the target and the baseline measured in the same run.
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))
PY = sys.executable
YUEDU = str(Path(PY).parent / "yuedu")
RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def wall(cmd: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def cpu(cmd: list[str], env: dict[str, str]) -> float:
    """CPU seconds (user + system) of one run: what a loaded machine does not inflate as much as wall time."""
    import resource

    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def inner(code: str, env: dict[str, str]) -> float:
    """Seconds a snippet reports for itself (it prints one float)."""
    out = subprocess.run([PY, "-c", code], env=env, capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1])


def measure(fn: Callable[[], float], runs: int = RUNS) -> list[float]:
    fn()  # warm-up: file cache, caches on disk
    return [fn() for _ in range(runs)]


ANALYSE_FIRST = """
import time
from tui.core.library.articles import Library
from tui.core.text.analysis import Analyzer
text = Library().resolve("001").text
t = time.perf_counter(); Analyzer().analyse(text, use_cache=False); print(time.perf_counter() - t)
"""

# The same, in CPU seconds of the process (what a loaded machine inflates less than wall time).
ANALYSE_FIRST_CPU = ANALYSE_FIRST.replace("time.perf_counter()", "time.process_time()")

ANALYSE_CACHED = """
import time
from tui.core.library.articles import Library
from tui.core.text.analysis import Analyzer
text = Library().resolve("001").text
a = Analyzer(); a.analyse(text)
b = Analyzer(); b.glossary; b.fingerprint
t = time.perf_counter(); b.analyse(text); print(time.perf_counter() - t)
"""

JIEBA_THROUGHPUT = """
import time, jieba, logging
jieba.setLogLevel(logging.WARNING); jieba.initialize()
from tui.core.library.articles import Library
from tui.core.text.script import to_simplified_same_length
text = "".join(to_simplified_same_length(a.text) for a in Library().articles)
t = time.perf_counter(); list(jieba.cut(text)); dt = time.perf_counter() - t
print(len(text.encode("utf-8")) / dt / 1e6)
"""


def row(name: str, times: list[float], target: str, baseline: str = "", unit: str = "s") -> list[str]:
    def fmt(v: float) -> str:
        return f"{v:.3f}" if unit == "s" else f"{v:.2f}"

    return [name, fmt(statistics.median(times)), fmt(min(times)), fmt(max(times)), unit, target, baseline]


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="yuedu-bench-"))
    # Bytecode is cached, as it is for an installed yuedu (pip compiles on install), but outside
    # the repo; the row without it shows what compiling our modules on every start would add.
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env |= {"YUEDU_HOME": str(home), "PYTHONPYCACHEPREFIX": str(ROOT / "bench" / ".data" / "pycache")}
    no_bytecode = {**env, "PYTHONDONTWRITEBYTECODE": "1"}
    del no_bytecode["PYTHONPYCACHEPREFIX"]
    subprocess.run([YUEDU, "lookup", "同盟"], env=env, stdout=subprocess.DEVNULL, check=False)  # build CC-CEDICT
    rows = []
    python_pass = measure(lambda: wall([PY, "-c", "pass"], env))
    base = f"python -c pass {statistics.median(python_pass):.3f}s"
    rows.append(row("python -c pass (baseline)", python_pass, "", ""))
    rows.append(row("yuedu --help", measure(lambda: wall([YUEDU, "--help"], env)), "<= 0.15", base))
    rows.append(row("yuedu lookup 同盟 (warm)", measure(lambda: wall([YUEDU, "lookup", "同盟"], env)), "<= 0.3", base))
    for args in (["同盟"], ["语", "--json"]):
        cpu_times = measure(lambda a=args: cpu([YUEDU, "lookup", *a], env))  # type: ignore[misc]
        rows.append(row(f"yuedu lookup {' '.join(args)}, CPU (user+sys)", cpu_times, "<= 0.3"))
    rows.append(
        row(
            "yuedu lookup 同盟, no bytecode cache (baseline)",
            measure(lambda: wall([YUEDU, "lookup", "同盟"], no_bytecode)),
            "",
            "compiles every module",
        )
    )
    rows.append(
        row(
            "yuedu lookup 同盟 --json (characters, 3 examples)",
            measure(lambda: wall([YUEDU, "lookup", "同盟", "--json"], env)),
            "<= 0.3",
            base,
        )
    )
    rows.append(row("analyse 001, first time", measure(lambda: inner(ANALYSE_FIRST, env), 5), "<= 0.8", ""))
    rows.append(row("analyse 001, first time, CPU", measure(lambda: inner(ANALYSE_FIRST_CPU, env), 5), "<= 0.8", ""))
    rows.append(row("analyse 001, from cache", measure(lambda: inner(ANALYSE_CACHED, env)), "<= 0.05", ""))
    jieba_mb = measure(lambda: inner(JIEBA_THROUGHPUT, env), 3)
    rows.append(row("raw jieba.cut throughput (baseline)", jieba_mb, "", "", unit="MB/s"))
    rows.append(
        row(
            "yuedu outline 001 --json (cached)",
            measure(lambda: wall([YUEDU, "outline", "001", "--json"], env)),
            "<= 0.2",
            base,
        )
    )
    from documents import add_seconds

    rows.append(row("yuedu add, 400 KB HTML page (fresh home)", add_seconds(runs=min(RUNS, 5)), "<= 2", ""))
    from books import book_rows

    rows.extend(book_rows(PY, YUEDU, env))
    from reader import reader_rows

    rows.extend(reader_rows(PY, YUEDU, env))
    if os.environ.get("BENCH_SCALE", "1") != "0":
        from scale import scale_rows

        rows.extend(scale_rows(PY, YUEDU, env))
    shutil.rmtree(home, ignore_errors=True)
    subprocess.run([PY, str(ROOT / "bench" / "language.py")], env=env, check=False)
    print_table(["what", "median", "min", "max", "unit", "target", "baseline"], rows)
    if os.environ.get("BENCH_SCALE", "1") != "0":
        from sizes import ARTICLE_HEADER, ARTICLE_TARGETS, LIBRARY_HEADER, article_rows, library_rows

        print()
        print_table(ARTICLE_HEADER, [ARTICLE_TARGETS, *article_rows(PY, YUEDU, env)])
        print()
        print_table(LIBRARY_HEADER, library_rows(PY, YUEDU, env))
    return 0


def print_table(header: list[str], rows: list[list[str]]) -> None:
    from rich.cells import cell_len

    widths = [max(cell_len(r[i]) for r in [header, *rows]) for i in range(len(header))]
    for r in [header, ["-" * w for w in widths], *rows]:
        print("  ".join(c + " " * (w - cell_len(c)) for c, w in zip(r, widths)).rstrip())


if __name__ == "__main__":
    sys.exit(main())
