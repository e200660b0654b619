"""The search index at scale: a synthetic library of 10,000 articles (~100 MB)."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ARTICLES = int(os.environ.get("BENCH_SCALE_ARTICLES", "10000"))
QUERIES = ["同盟", "日本", "日美关系", "印太", "特朗普", "中亚", "tongmeng", "alliance", "石破茂", "关系"]

BUILD = """
import json, resource, time
from pathlib import Path
from tui.core.library.index import SearchIndex
t = time.perf_counter(); SearchIndex().sync(); dt = time.perf_counter() - t
print(json.dumps({"seconds": dt, "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

QUERY = """
import json, resource, time
from tui.core.library.index import SearchIndex
from tui.core.library.search import search
index = SearchIndex(); index.sync()
search("同盟", index=index)  # warm: glossary, dictionary, OpenCC
def yardstick():
    # Fixed work, timed between the queries: how loaded the machine is while they run.
    t = time.perf_counter(); sum(i * i for i in range(200_000)); return time.perf_counter() - t
times = {}
sticks = [yardstick()]
for q in QUERIES:
    runs = []
    for _ in range(RUNS):
        t = time.perf_counter(); r = search(q, limit=20, index=index); runs.append(time.perf_counter() - t)
    times[q] = runs
    sticks.append(yardstick())
rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({"times": times, "yardstick": sorted(sticks)[len(sticks) // 2], "peak_rss_mb": rss}))
"""


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def scale_rows(py: str, yuedu: str, base_env: dict[str, str]) -> list[list[str]]:
    sys.path.insert(0, str(HERE))
    from synthetic import generate

    home = Path(tempfile.mkdtemp(prefix="yuedu-scale-"))
    env = {**base_env, "YUEDU_HOME": str(home)}
    try:
        # The dictionary tables are built first so the build figure is the index alone.
        subprocess.run([yuedu, "lookup", "同盟"], env=env, stdout=subprocess.DEVNULL, check=False)
        total = generate(ARTICLES, home / "library")
        build = json.loads(
            subprocess.run([py, "-c", BUILD], env=env, capture_output=True, text=True, check=True).stdout
        )
        size = (home / "cache.sqlite").stat().st_size
        code = QUERY.replace("QUERIES", repr(QUERIES)).replace("RUNS", "5")
        q = json.loads(subprocess.run([py, "-c", code], env=env, capture_output=True, text=True, check=True).stdout)
        all_times = [t for runs in q["times"].values() for t in runs]
        walls = []
        for _ in range(7):
            start = time.perf_counter()
            subprocess.run([yuedu, "search", "同盟", "--limit", "20"], env=env, stdout=subprocess.DEVNULL, check=True)
            walls.append(time.perf_counter() - start)
        mb = total / 1e6
        per_query = ", ".join(f"{k} {statistics.median(v) * 1000:.0f}" for k, v in q["times"].items())
        return [
            [f"index build, {ARTICLES} articles / {mb:.0f} MB", f"{mb / build['seconds']:.2f}", "", "", "MB/s", ">= 1",
             f"{build['seconds']:.1f} s"],
            ["search query in-process, p95", f"{_p95(all_times):.3f}", f"{min(all_times):.3f}",
             f"{max(all_times):.3f}", "s", "<= 0.05", f"median ms: {per_query}"],
            ["CPU yardstick in the query process (fixed loop)", f"{q['yardstick'] * 1000:.1f}", "", "", "ms",
             "reported", f"search p95 = {_p95(all_times) / q['yardstick']:.1f} yardsticks"],
            ["yuedu search 同盟 --limit 20, end to end", f"{statistics.median(walls):.3f}", f"{min(walls):.3f}",
             f"{max(walls):.3f}", "s", "<= 0.4", ""],
            ["cache DB size (text + index + dictionary)", f"{size / 1e6:.0f}", "", "", "MB", "reported", ""],
            ["peak RSS: build / query process", f"{build['peak_rss_mb']:.0f} / {q['peak_rss_mb']:.0f}", "", "", "MB",
             "reported", ""],
        ]  # fmt: skip
    finally:
        shutil.rmtree(home, ignore_errors=True)
