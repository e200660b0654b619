"""The reader's speed: start-up and opening measured in tmux, keypresses in-process,
and the bytes one cursor move writes to a terminal (through a pty)."""

from __future__ import annotations

import fcntl
import os
import pty
import select
import shutil
import statistics
import struct
import subprocess
import tempfile
import termios
import time
from pathlib import Path

RUNS = int(os.environ.get("BENCH_RUNS", "7"))


def _tmux(*args: str) -> str:
    return subprocess.run(["tmux", *args], capture_output=True, text=True, check=True).stdout


def _poll(session: str, text: str, timeout: float = 30.0) -> float:
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        if text in _tmux("capture-pane", "-p", "-t", session):
            return time.perf_counter() - start
        time.sleep(0.005)
    raise RuntimeError(f"{text!r} never appeared")


def tmux_figures(yuedu: str, env: dict[str, str]) -> tuple[list[float], list[float]]:
    """Seconds from the command to the library on screen, and from Enter to the article."""
    session = "yuedu-bench"
    subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)
    _tmux(
        "new-session", "-d", "-x", "120", "-y", "40", "-s", session,
        "env", f"YUEDU_HOME={env['YUEDU_HOME']}", "PS1=$ ", "bash", "--norc", "--noprofile",
    )  # fmt: skip
    starts, opens = [], []
    try:
        for n in range(RUNS + 1):
            _tmux("send-keys", "-t", session, "clear", "Enter")
            time.sleep(0.2)
            start = time.perf_counter()
            _tmux("send-keys", "-t", session, f"{yuedu}", "Enter")
            _poll(session, "日本首相岸田文雄")
            shown = time.perf_counter() - start
            time.sleep(0.3)
            _tmux("send-keys", "-t", session, "Down", "Enter")
            opened = _poll(session, "Word  Sentence  Glossary")
            if n:  # the first run warms the caches
                starts.append(shown)
                opens.append(opened)
            _tmux("send-keys", "-t", session, "q")
            _poll(session, "$ ")
            time.sleep(0.3)
    finally:
        subprocess.run(["tmux", "kill-session", "-t", session], capture_output=True, check=False)
    return starts, opens


KEYPRESS = """
import asyncio, statistics, time
from tui.app.main import YueduApp
from tui.app.widgets.article_view import ArticleView
async def main():
    app = YueduApp()
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete(); await pilot.pause()
        await pilot.press("down", "enter")
        await app.workers.wait_for_complete(); await pilot.pause()
        await app.workers.wait_for_complete(); await pilot.pause()
        view = app.screen.query_one(ArticleView)
        times, idle = [], []
        for _ in range(60):
            t = time.perf_counter()
            await pilot.press("right")
            await pilot.pause()
            times.append(time.perf_counter() - t)
            t = time.perf_counter()
            await pilot.press("z")  # bound to nothing: what the harness itself costs
            await pilot.pause()
            idle.append(time.perf_counter() - t)
        # The same move without the test harness: the action, a repaint of every
        # visible line, and the side panel update the move triggers.
        direct = []
        for _ in range(60):
            t = time.perf_counter()
            app.screen.action_word(1)
            for y in range(view.size.height):
                view.render_line(y)
            app.screen._update_panel(view.cursor_token)
            direct.append(time.perf_counter() - t)
        print(statistics.median(times), statistics.median(direct), statistics.median(idle))
asyncio.run(main())
"""


def bytes_per_move(yuedu: str, env: dict[str, str], moves: int = 20) -> tuple[list[int], list[float]]:
    """Bytes the app writes for each cursor move, and seconds from the key to the last of them."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(yuedu, [yuedu, "read", "001"], {**env, "TERM": "xterm-256color", "LANG": "C.UTF-8"})
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    last = 0.0

    def drain(quiet: float) -> int:
        nonlocal last
        total = 0
        while True:
            ready, _, _ = select.select([fd], [], [], quiet)
            if not ready:
                return total
            try:
                total += len(os.read(fd, 65536))
            except OSError:
                return total
            last = time.perf_counter()

    drain(5.0)  # first paint, analysis, dictionary loading, panel filled
    sizes, latencies = [], []
    for _ in range(moves):
        sent = time.perf_counter()
        os.write(fd, b"l")
        sizes.append(drain(0.4))
        latencies.append(last - sent)
    os.write(fd, b"q")
    drain(1.0)
    os.waitpid(pid, 0)
    return sizes, latencies


def reader_rows(py: str, yuedu: str, base_env: dict[str, str]) -> list[list[str]]:
    home = Path(tempfile.mkdtemp(prefix="yuedu-reader-bench-"))
    env = {**base_env, "YUEDU_HOME": str(home)}
    try:
        subprocess.run([yuedu, "outline", "001"], env=env, stdout=subprocess.DEVNULL, check=True)  # analysed
        rows = []
        if shutil.which("tmux"):
            starts, opens = tmux_figures(yuedu, env)
            rows.append(_row("start to library shown (tmux polling)", starts, "<= 0.4", "frogmouth 0.45 s"))
            rows.append(_row("open an analysed article (tmux polling)", opens, "<= 0.15", ""))
        out = subprocess.run([py, "-c", KEYPRESS], env=env, capture_output=True, text=True, check=True).stdout
        _pilot, direct, _idle = (float(v) for v in out.split())
        rows.append(["word-cursor move: action + repaint + panel", f"{direct * 1000:.1f}", "", "", "ms", "<= 16", ""])
        sizes, latencies = bytes_per_move(yuedu, env)
        ms = [v * 1000 for v in latencies]
        rows.append(
            ["cursor move, key to last byte written (pty)", f"{statistics.median(ms):.1f}", f"{min(ms):.1f}",
             f"{max(ms):.1f}", "ms", "<= 16", "the panel's bytes included"]
        )  # fmt: skip
        rows.append(
            ["bytes written per cursor move (pty)", f"{statistics.median(sizes):.0f}", f"{min(sizes)}", f"{max(sizes)}",
             "B", "<= 2048", ""]
        )  # fmt: skip
        return rows
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _row(name: str, times: list[float], target: str, baseline: str) -> list[str]:
    return [name, f"{statistics.median(times):.3f}", f"{min(times):.3f}", f"{max(times):.3f}", "s", target, baseline]


if __name__ == "__main__":
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import PY, YUEDU, print_table

    print_table(
        ["what", "median", "min", "max", "unit", "target", "baseline"], reader_rows(PY, YUEDU, dict(os.environ))
    )
