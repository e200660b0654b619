"""The reader's speed: start-up and opening measured in tmux, and what one cursor move
writes to a terminal, measured through a pty: time from the key to the last byte, the
bytes, and how many frames they came in (the Word tab's breakdown and examples included)."""

from __future__ import annotations

import fcntl
import itertools
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
from dataclasses import dataclass
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


SEEDS = ("000", "001", "002", "003", "004")
FRAME_GAP = 0.008  # seconds of quiet between two writes that make them two frames


@dataclass(frozen=True)
class Move:
    """One cursor move as the terminal saw it."""

    bytes: int
    latency: float  # seconds from the key to the last byte written for it
    frames: int  # bursts of output, FRAME_GAP apart


def cursor_moves(yuedu: str, env: dict[str, str], article: str = "001", moves: int = 20) -> list[Move]:
    """Move the word cursor `moves` times in `yuedu read ARTICLE` at 120x40, through a pty.

    At 40 rows the Word tab shows the character breakdown and the library's examples, so
    their bytes count. Each move waits for 0.4 s of quiet: a reader resting on a word."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(yuedu, [yuedu, "read", article], {**env, "TERM": "xterm-256color", "LANG": "C.UTF-8"})
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    def drain(quiet: float) -> list[tuple[float, int]]:
        """(time, size) of each write until `quiet` seconds pass without one."""
        writes: list[tuple[float, int]] = []
        while True:
            ready, _, _ = select.select([fd], [], [], quiet)
            if not ready:
                return writes
            try:
                data = os.read(fd, 65536)
            except OSError:
                return writes
            writes.append((time.perf_counter(), len(data)))

    # Until the Word tab shows a word (words, dictionary and index ready), then quiet.
    seen, deadline = b"", time.perf_counter() + 300
    while b"in library" not in seen and time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if ready:
            seen = (seen + os.read(fd, 65536))[-4096:]
    drain(1.0)
    found = []
    for _ in range(moves):
        sent = time.perf_counter()
        os.write(fd, b"l")
        writes = drain(0.4)
        if not writes:
            found.append(Move(0, 0.0, 0))
            continue
        frames = 1 + sum(1 for (a, _), (b, _) in itertools.pairwise(writes) if b - a > FRAME_GAP)
        found.append(Move(sum(n for _, n in writes), writes[-1][0] - sent, frames))
    os.write(fd, b"q")
    drain(1.0)
    os.waitpid(pid, 0)
    return found


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def reader_rows(py: str, yuedu: str, base_env: dict[str, str]) -> list[list[str]]:
    home = Path(tempfile.mkdtemp(prefix="yuedu-reader-bench-"))
    env = {**base_env, "YUEDU_HOME": str(home)}
    try:
        for seed in SEEDS:  # analysed: the moves measure reading, not analysing
            subprocess.run([yuedu, "outline", seed], env=env, stdout=subprocess.DEVNULL, check=True)
        rows = []
        if shutil.which("tmux"):
            starts, opens = tmux_figures(yuedu, env)
            rows.append(_row("start to library shown (tmux polling)", starts, "<= 0.4", "frogmouth 0.45 s"))
            rows.append(_row("open an analysed article (tmux polling)", opens, "<= 0.15", ""))
        moves = {seed: cursor_moves(yuedu, env, seed) for seed in SEEDS}
        every = [m for found in moves.values() for m in found]
        ms = [m.latency * 1000 for m in every]
        sizes = [float(m.bytes) for m in every]
        several = sum(1 for m in every if m.frames > 1)
        over = f"{len(every)} moves over {', '.join(SEEDS)}"
        rows.append(
            ["cursor move, key to last byte (pty, 120x40)", f"{statistics.median(ms):.1f}", f"{min(ms):.1f}",
             f"{max(ms):.1f}", "ms", "<= 16", f"p95 {_p95(ms):.1f}; {over}"]
        )  # fmt: skip
        rows.append(
            ["bytes written per cursor move (pty)", f"{statistics.median(sizes):.0f}", f"{min(sizes):.0f}",
             f"{max(sizes):.0f}", "B", "<= 2048", f"p95 {_p95(sizes):.0f}; breakdown and examples on"]
        )  # fmt: skip
        rows.append(["cursor moves drawn in more than one frame", str(several), "", "", "moves", "0", over])
        for seed, found in moves.items():
            seed_ms = [m.latency * 1000 for m in found]
            seed_bytes = [float(m.bytes) for m in found]
            bytes_note = f"bytes median {statistics.median(seed_bytes):.0f}, p95 {_p95(seed_bytes):.0f}"
            rows.append(
                [f"  {seed}: key to last byte", f"{statistics.median(seed_ms):.1f}", f"{min(seed_ms):.1f}",
                 f"{max(seed_ms):.1f}", "ms", "", f"p95 {_p95(seed_ms):.1f} ms; {bytes_note}"]
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
