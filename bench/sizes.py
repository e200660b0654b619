"""Scaling: one article of 40 KB, 400 KB and 4 MB, and libraries of 5, 1,000 and 10,000 articles.

Articles are built from the seeds (bench/synthetic.py). BENCH_BIG=0 leaves out the
4 MB article and the 10,000-article library, the slow parts.
"""

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
BIG = os.environ.get("BENCH_BIG", "1") != "0"

# Shared by the Pilot snippets: wait for a condition, and for every worker to end.
HELPERS = """
import asyncio
from textual.worker import WorkerCancelled
async def until(pilot, check, step=0.01):
    while not check():
        await asyncio.sleep(step)
async def settle(app, pilot):
    while True:  # an exclusive worker replaced by a newer one counts as finished
        try:
            await app.workers.wait_for_complete()
            break
        except WorkerCancelled:
            await asyncio.sleep(0.01)  # its thread is still ending
    await pilot.pause()
"""

OPEN = (
    HELPERS
    + """
import asyncio, json, resource, sys, time
from tui.app.main import YueduApp
from tui.app.screens.reader import ReaderScreen
from tui.app.widgets.article_view import ArticleView
ARTICLE = sys.argv[1]
async def main():
    app = YueduApp()
    out = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(app, pilot)
        start = time.perf_counter()
        app.open_article(ARTICLE)  # what Enter on the library's row does
        def shown():
            s = app.screen
            return isinstance(s, ReaderScreen) and s.is_mounted and bool(s.query_one(ArticleView)._lines)
        await until(pilot, shown, 0.002)
        out["open_to_text"] = time.perf_counter() - start
        view = app.screen.query_one(ArticleView)
        await until(pilot, lambda: not view.reading.analysis.provisional, 0.05)
        out["analysed"] = time.perf_counter() - start
        await until(pilot, lambda: app.screen.outline is not None, 0.05)
        out["outline"] = time.perf_counter() - start
        await settle(app, pilot)
        # From the key sent to the last row of the view drawn with pinyin on (or off): the
        # lines around the cursor are laid out at once, the others' lines are counted after,
        # in a worker. Not pilot.press: it waits until the CPU is idle, i.e. for that worker.
        from textual import events
        drawn = []
        draw = view.render_line
        def spy(y):
            strip = draw(y)
            drawn.append((view.show_pinyin, time.perf_counter()))
            return strip
        view.render_line = spy
        for name in ("p_on", "p_back", "p_on_again"):
            wanted = not view.show_pinyin
            drawn.clear()
            key = events.Key("p", "p")
            key.set_sender(app)
            t = time.perf_counter()
            app._driver.send_message(key)
            await until(pilot, lambda: sum(1 for on, _ in drawn if on == wanted) >= view.size.height, 0.001)
            out[name] = [at for on, at in drawn if on == wanted][view.size.height - 1] - t
            await settle(app, pilot)
            out[name + "_counted"] = time.perf_counter() - t
    # The app's whole tree: its own peak plus the analysing child's (they run side by side).
    tree = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss + resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    out["peak_rss_mb"] = tree / 1024
    print(json.dumps(out))
asyncio.run(main())
"""
)

CACHED = """
import json, sys, time
from tui.core.text.analysis import Analyzer
from tui.core.library.articles import Library
from tui.core.library.outline import build_outline
article = Library().resolve(sys.argv[1])
az = Analyzer(); az.glossary; az.fingerprint
t = time.perf_counter(); analysis = az.cached(article.text); load = time.perf_counter() - t
assert analysis is not None
t = time.perf_counter(); build_outline(article, analysis); outline = time.perf_counter() - t
print(json.dumps({"cached_load": load, "outline_from_analysis": outline}))
"""

OUTLINE_COLD = """
import sys, time
from tui.core.library.articles import Library
from tui.core.library.outline import outline_json
article = Library().resolve(sys.argv[1])
t = time.perf_counter(); outline_json(article); print(time.perf_counter() - t)
"""


def _run(py: str, code: str, env: dict[str, str], *args: str) -> str:
    done = subprocess.run([py, "-c", code, *args], env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise RuntimeError(done.stderr.strip().splitlines()[-1] if done.stderr.strip() else "failed")
    return done.stdout


def _fresh_home(base_env: dict[str, str], yuedu: str) -> tuple[Path, dict[str, str]]:
    home = Path(tempfile.mkdtemp(prefix="yuedu-sizes-"))
    env = {**base_env, "YUEDU_HOME": str(home)}
    subprocess.run([yuedu, "lookup", "同盟"], env=env, stdout=subprocess.DEVNULL, check=False)  # CC-CEDICT built
    return home, env


def article_rows(py: str, yuedu: str, base_env: dict[str, str]) -> list[list[str]]:
    sys.path.insert(0, str(HERE))
    from synthetic import big_text

    sizes = [("40 KB", 40_000), ("400 KB", 400_000)] + ([("4 MB", 4_000_000)] if BIG else [])
    rows = []
    for label, size in sizes:
        home, env = _fresh_home(base_env, yuedu)
        try:
            source = home / f"big-{size}.txt"
            source.write_text(big_text(size), encoding="utf-8")
            start = time.perf_counter()
            added = subprocess.run([yuedu, "add", str(source), "--json"], env=env, capture_output=True, text=True)
            add = time.perf_counter() - start
            ids = sorted(p.stem for p in (home / "library").glob("*.md"))
            article = ids[-1] if ids else ""
            if added.returncode != 0 or not article:
                rows.append([label, "add failed", "", "", "", "", "", "", ""])
                continue
            # Cold outline in its own home first: nothing analysed, nothing cached.
            cold_home, cold_env = _fresh_home(base_env, yuedu)
            shutil.copytree(home / "library", cold_home / "library", dirs_exist_ok=True)
            outline_cold = float(_run(py, OUTLINE_COLD, cold_env, article).strip().splitlines()[-1])
            shutil.rmtree(cold_home, ignore_errors=True)
            try:
                opened = json.loads(_run(py, OPEN, env, article).strip().splitlines()[-1])
                cached = json.loads(_run(py, CACHED, env, article).strip().splitlines()[-1])
            except RuntimeError as exc:
                rows.append([label, f"{add:.2f}", f"failed: {exc}"[:60], "", f"{outline_cold:.1f}", "", "", "", ""])
                continue
            rows.append(
                [label, f"{add:.2f}", f"{opened['open_to_text']:.3f}", f"{opened['analysed']:.1f}",
                 f"{outline_cold:.1f} ({cached['outline_from_analysis']:.1f})", f"{cached['cached_load']:.2f}",
                 f"{opened['p_on'] * 1000:.0f} / {opened['p_back'] * 1000:.0f}", f"{opened['p_on_counted']:.1f}",
                 f"{opened['peak_rss_mb']:.0f}"]
            )  # fmt: skip
        finally:
            shutil.rmtree(home, ignore_errors=True)
    return rows


ARTICLE_HEADER = [
    "article", "add s", "open to text s", "analysed s", "outline cold s (from analysis)", "cached load s",
    "p on / back ms", "p on: rest counted s", "peak RSS MB (app + child)",
]  # fmt: skip
ARTICLE_TARGETS = ["target", "", "<= 0.15", "<= 20 (4 MB)", "<= 10 (4 MB)", "", "< 100 / instant", "", "<= 600"]

MOVE = (
    HELPERS
    + """
import asyncio, statistics, time
from tui.app.main import YueduApp
from tui.app.widgets.article_view import ArticleView
def moves(step, widget):
    # The move and the repaint of what is on screen, as the key would do it.
    times = []
    for _ in range(40):
        t = time.perf_counter()
        step()
        for y in range(widget.size.height):
            widget.render_line(y)
        times.append(time.perf_counter() - t)
    return statistics.median(times)
async def main():
    start = time.perf_counter()
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        def laid_out():  # rows added and measured (the table's height counts them), to be painted
            tables = app.screen.query("DataTable")
            return bool(tables) and 0 < tables.first().row_count <= tables.first().virtual_size.height
        await until(pilot, laid_out, 0.002)
        paint = time.perf_counter() - start  # not pilot.pause(): it waits for the rows still to come
        screen = app.screen
        await until(pilot, lambda: screen.rows_added and laid_out(), 0.005)
        all_rows = time.perf_counter() - start
        await settle(app, pilot)
        table = screen.query_one("DataTable")
        def down():  # the move and the repaint of the two rows it changes, as the compositor asks for them
            old = table.cursor_row
            t = time.perf_counter()
            table.action_cursor_down()
            top = int(table.scroll_offset.y)
            lines = range(table.size.height) if top else [r + table.header_height for r in (old, table.cursor_row)]
            for y in lines:  # all of them once it scrolls
                table.render_line(y)
            return time.perf_counter() - t
        library_move = statistics.median(down() for _ in range(30))
        app.open_article("001")
        await settle(app, pilot)
        await settle(app, pilot)
        view = app.screen.query_one(ArticleView)
        reader_move = moves(lambda: app.screen.action_word(1), view)  # the side panel is shown in this call too
        print(paint, all_rows, library_move, reader_move)
asyncio.run(main())
"""
)


def _cpu_and_wall(cmd: list[str], env: dict[str, str], runs: int = 7) -> tuple[float, float]:
    """Median CPU seconds (user + system) and median wall seconds of `runs` runs, after one to warm
    up: CPU time is what a loaded machine inflates least, so the ratios between sizes are judged by it."""
    import resource

    subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    cpus, walls = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        subprocess.run(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    return statistics.median(cpus), statistics.median(walls)


COMMANDS = {"list": ["list"], "lookup": ["lookup", "同盟"], "search": ["search", "同盟", "--limit", "20"]}


def library_rows(py: str, yuedu: str, base_env: dict[str, str]) -> list[list[str]]:
    sys.path.insert(0, str(HERE))
    from synthetic import generate

    counts = [5, 1000] + ([10_000] if BIG else [])
    rows = []
    cpu: dict[int, dict[str, float]] = {}
    for count in counts:
        home, env = _fresh_home(base_env, yuedu)
        try:
            if count > 5:
                generate(count - 5, home / "library")
            subprocess.run([yuedu, "search", "同盟"], env=env, stdout=subprocess.DEVNULL, check=False)  # index built
            subprocess.run([yuedu, "list"], env=env, stdout=subprocess.DEVNULL, check=False)  # summaries made
            cpu[count] = {}
            cells = [f"{count:,} articles"]
            for name, args in COMMANDS.items():
                cpu[count][name], wall = _cpu_and_wall([yuedu, *args], env)
                cells.append(f"{cpu[count][name]:.3f} ({wall:.3f})")
            paint, all_rows, library_move, reader_move = (float(v) for v in _run(py, MOVE, env).split())
            rows.append(
                [*cells, f"{paint:.2f} ({all_rows:.2f})", f"{library_move * 1000:.1f}", f"{reader_move * 1000:.1f}"]
            )
        finally:
            shutil.rmtree(home, ignore_errors=True)
    for count in counts[1:]:
        ratios = [f"{cpu[count][name] / cpu[5][name]:.2f}x" for name in COMMANDS]
        rows.append([f"{count:,} vs 5, CPU", *ratios, "", "", ""])
    rows.append(["target", "<= 1.2x at 1,000", "<= 1.2x at 1,000", "<= 1.2x at 1,000", "", "<= 16", "<= 16"])
    return rows


LIBRARY_HEADER = [
    "library", "list s CPU (wall)", "lookup 同盟 s CPU (wall)", "search 同盟 s CPU (wall)",
    "library paint s (all rows in)", "library cursor ms", "reader word move ms",
]  # fmt: skip


if __name__ == "__main__":
    sys.path.insert(0, str(HERE))
    from run import PY, YUEDU, print_table

    print_table(ARTICLE_HEADER, [ARTICLE_TARGETS, *article_rows(PY, YUEDU, dict(os.environ))])
    print()
    print_table(LIBRARY_HEADER, library_rows(PY, YUEDU, dict(os.environ)))
