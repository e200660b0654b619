"""The reader's speed: start-up and opening measured in tmux, and what one cursor move
writes to a terminal, measured through a pty: time from the key to the last byte, the app's
CPU over that time, the bytes, and how many frames they came in (the Word tab's breakdown
and examples included). `reader.py --dump [ARTICLE [MOVES]]` prints each move's bytes decoded
by screen position, to see which regions a move rewrote."""

from __future__ import annotations

import builtins
import fcntl
import itertools
import json
import os
import pty
import re
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
FIRST_WRITE = 10.0  # seconds a move may take to write anything: a move that writes nothing fails


@dataclass(frozen=True)
class Move:
    """One cursor move as the terminal saw it."""

    bytes: int
    latency: float  # seconds from the key to the last byte written for it
    frames: int  # bursts of output, FRAME_GAP apart
    output: builtins.bytes = b""  # what was written, for --dump
    cpu: float = 0.0  # seconds the app's threads ran from the key to its last byte: what load does not inflate


def cpu_seconds(pid: int) -> float:
    """CPU time of every thread of `pid` so far (the scheduler's count, in ns: exact, unlike ticks)."""
    total = 0
    for task in Path(f"/proc/{pid}/task").iterdir():
        try:
            total += int((task / "schedstat").read_text().split()[0])
        except (OSError, ValueError, IndexError):
            continue  # a thread that ended meanwhile
    return total / 1e9


def cursor_moves(
    yuedu: str,
    env: dict[str, str],
    article: str = "001",
    moves: int = 20,
    before: tuple[bytes, ...] = (),
    key: bytes = b"l",
) -> list[Move]:
    """Move the word cursor `moves` times (`key`) in `yuedu read ARTICLE` at 120x40, through a pty,
    after the keys `before` (not measured).

    At 40 rows the Word tab shows the character breakdown and the library's examples, so
    their bytes count. Each move waits for 0.4 s of quiet: a reader resting on a word."""
    pid, fd = pty.fork()
    if pid == 0:
        os.execve(yuedu, [yuedu, "read", article], {**env, "TERM": "xterm-256color", "LANG": "C.UTF-8"})
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))

    def drain(quiet: float, first: float | None = None) -> list[tuple[float, bytes, float]]:
        """(time, data, app CPU) of each write until `quiet` seconds pass without one (`first` for the first)."""
        writes: list[tuple[float, bytes, float]] = []
        while True:
            ready, _, _ = select.select([fd], [], [], first if first is not None and not writes else quiet)
            if not ready:
                return writes
            try:
                data = os.read(fd, 65536)
            except OSError:
                return writes
            writes.append((time.perf_counter(), data, cpu_seconds(pid)))

    # Until the Word tab shows a word (words, dictionary and index ready), then quiet.
    seen, deadline = b"", time.perf_counter() + 300
    while b"in library" not in seen and time.perf_counter() < deadline:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if ready:
            seen = (seen + os.read(fd, 65536))[-4096:]
    drain(1.0)
    for k in before:
        os.write(fd, k)
        drain(0.4)
    found = []
    for _ in range(moves):
        sent, cpu_before = time.perf_counter(), cpu_seconds(pid)
        os.write(fd, key)
        # A slow move is waited for: one that wrote nothing within the quiet time would
        # otherwise count as 0 ms, and its output as the next move's.
        writes = drain(0.4, first=FIRST_WRITE)
        if not writes:
            raise RuntimeError(f"a cursor move in {article} wrote nothing in {FIRST_WRITE} s")
        frames = 1 + sum(1 for (a, _, _), (b, _, _) in itertools.pairwise(writes) if b - a > FRAME_GAP)
        output = b"".join(d for _, d, _ in writes)
        found.append(Move(len(output), writes[-1][0] - sent, frames, output, writes[-1][2] - cpu_before))
    os.write(fd, b"q")
    drain(1.0)
    os.waitpid(pid, 0)
    return found


CSI = re.compile(rb"\x1b\[([0-9;?]*)([A-Za-z])")


@dataclass(frozen=True)
class Run:
    """What one cursor-position escape (ESC[row;colH) is followed by: text written there."""

    row: int
    col: int
    text: str
    escapes: int  # bytes of escapes (SGR and the move itself) in the run


def decode(output: bytes) -> list[Run]:
    """The runs of text a move wrote, each where the terminal put it."""
    runs: list[Run] = []
    at: tuple[int, int] | None = None
    text, escapes, pos = b"", 0, 0

    def close() -> None:
        if at is not None:
            runs.append(Run(at[0], at[1], text.decode("utf-8", "replace").replace("\r\n", ""), escapes))

    for m in CSI.finditer(output):
        text += output[pos : m.start()]
        pos = m.end()
        if m.group(2) == b"H":
            close()
            row, _, col = m.group(1).decode().partition(";")
            at, text, escapes = (int(row or 1), int(col or 1)), b"", len(m.group(0))
        else:
            escapes += len(m.group(0))
    text += output[pos:]
    close()
    return runs


def dump(moves: list[Move], panel_col: int) -> None:
    """Each move's runs, and where its bytes went: the article, the panel, escapes."""
    for n, move in enumerate(moves):
        runs = decode(move.output)
        side = sum(len(r.text.encode()) + r.escapes for r in runs if r.col >= panel_col)
        esc = sum(r.escapes for r in runs)
        print(
            f"move {n}: {move.bytes} B in {move.frames} frame(s), {move.latency * 1000:.1f} ms "
            f"({move.cpu * 1000:.1f} ms CPU); "
            f"panel {side} B, article {move.bytes - side} B; escapes {esc} B"
        )
        for r in runs:
            print(f"  {r.row:>3};{r.col:<3} {r.escapes:>4} B esc  {r.text!r}")


# Debian's Chinese reference, chapter 1: headings, lists, tables and code (when installed).
DEBIAN_CHAPTER = Path("/usr/share/debian-reference/ch01.zh-cn.html")
PAGE_DOWN = b"\x1b[6~"


def analyse(yuedu: str, env: dict[str, str], article: str) -> None:
    """The article's whole analysis (words and readings) and outline in the cache, as after a
    first reading: `outline` alone analyses words only, and the reader's own analysis then ran
    in a thread through the first moves (moves of 50-100 ms, a seed's p95)."""
    for command in ("outline", "stats"):
        subprocess.run([yuedu, command, article], env=env, stdout=subprocess.DEVNULL, check=True)


def structured_article(yuedu: str, env: dict[str, str]) -> tuple[str, str]:
    """A long structured document imported into the home: (its id, what it is). Debian's chapter
    when installed, else a page made like one (bench/documents.py: headings, wrapped paragraphs,
    lists, tables, code)."""
    source, what = DEBIAN_CHAPTER, DEBIAN_CHAPTER.name
    if not source.is_file():
        from documents import html_page

        source = Path(env["YUEDU_HOME"]) / "chapter.html"
        source.write_text(html_page(60_000), encoding="utf-8")
        what = "a 60 KB page made by bench/documents.py"
    done = subprocess.run([yuedu, "add", "--json", str(source)], env=env, capture_output=True, text=True, check=True)
    article = str(json.loads(done.stdout)[0]["id"])
    analyse(yuedu, env, article)
    return article, what


def structured_moves(yuedu: str, env: dict[str, str]) -> tuple[list[Move], str]:
    """Word moves a few screens in, then further on from where the first session left (the
    reader reopens there), over headings, lists, tables and code. Word moves, as for the seeds:
    a line move at the screen's foot scrolls it, and a scroll repaints the text (10-17 KB)."""
    article, what = structured_article(yuedu, env)
    moves = cursor_moves(yuedu, env, article, before=(PAGE_DOWN,) * 3)
    moves += cursor_moves(yuedu, env, article, before=(PAGE_DOWN,) * 6)
    return moves, what


def _p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[-1] if len(values) > 1 else values[0]


def reader_rows(py: str, yuedu: str, base_env: dict[str, str]) -> list[list[str]]:
    home = Path(tempfile.mkdtemp(prefix="yuedu-reader-bench-"))
    env = {**base_env, "YUEDU_HOME": str(home)}
    try:
        for seed in SEEDS:  # analysed: the moves measure reading, not analysing
            analyse(yuedu, env, seed)
        # The character breakdowns built, as analysing is done: once per home, in a child
        # process when the reader needs them first, so a move never waits for it; only the
        # first word's breakdown comes later (a second frame in the first move, not a slow one).
        subprocess.run([yuedu, "lookup", "语", "--json"], env=env, stdout=subprocess.DEVNULL, check=True)
        rows = []
        if shutil.which("tmux"):
            starts, opens = tmux_figures(yuedu, env)
            rows.append(_row("start to library shown (tmux polling)", starts, "<= 0.4", "frogmouth 0.45 s"))
            rows.append(_row("open an analysed article (tmux polling)", opens, "<= 0.15", ""))
        moves = {seed: cursor_moves(yuedu, env, seed) for seed in SEEDS}
        every = [m for found in moves.values() for m in found]
        ms = [m.latency * 1000 for m in every]
        sizes = [float(m.bytes) for m in every]
        cpu_ms = [m.cpu * 1000 for m in every]
        several = sum(1 for m in every if m.frames > 1)
        over = f"{len(every)} moves over {', '.join(SEEDS)}"
        rows.append(
            ["cursor move, key to last byte (pty, 120x40)", f"{statistics.median(ms):.1f}", f"{min(ms):.1f}",
             f"{max(ms):.1f}", "ms", "<= 16", f"p95 {_p95(ms):.1f}; {over}"]
        )  # fmt: skip
        rows.append(
            ["  CPU of the app per move, key to last byte", f"{statistics.median(cpu_ms):.1f}", f"{min(cpu_ms):.1f}",
             f"{max(cpu_ms):.1f}", "ms", "", f"p95 {_p95(cpu_ms):.1f}; all threads (schedstat), less inflated by load"]
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
        doc_moves, what = structured_moves(yuedu, env)
        doc_ms = [m.latency * 1000 for m in doc_moves]
        doc_bytes = [float(m.bytes) for m in doc_moves]
        doc_cpu = [m.cpu * 1000 for m in doc_moves]
        rows.append(
            ["cursor move, structured document (pty)", f"{statistics.median(doc_ms):.1f}", f"{min(doc_ms):.1f}",
             f"{max(doc_ms):.1f}", "ms", "<= 16", f"p95 {_p95(doc_ms):.1f}; {len(doc_moves)} moves in {what}"]
        )  # fmt: skip
        rows.append(
            ["  CPU of the app per move, structured", f"{statistics.median(doc_cpu):.1f}", f"{min(doc_cpu):.1f}",
             f"{max(doc_cpu):.1f}", "ms", "", f"p95 {_p95(doc_cpu):.1f}"]
        )  # fmt: skip
        rows.append(
            ["  bytes per move, structured document", f"{statistics.median(doc_bytes):.0f}", f"{min(doc_bytes):.0f}",
             f"{max(doc_bytes):.0f}", "B", "<= 2048", f"p95 {_p95(doc_bytes):.0f}"]
        )  # fmt: skip
        return rows
    finally:
        shutil.rmtree(home, ignore_errors=True)


def _row(name: str, times: list[float], target: str, baseline: str) -> list[str]:
    return [name, f"{statistics.median(times):.3f}", f"{min(times):.3f}", f"{max(times):.3f}", "s", target, baseline]


if __name__ == "__main__":
    import sys

    if sys.argv[1:2] == ["--dump"]:
        # `reader.py --dump [ARTICLE [MOVES]]`: the bytes of single moves, decoded (YUEDU_HOME
        # as given, else a fresh one, analysed first).
        article, count = (sys.argv[2:3] or ["000"])[0], int((sys.argv[3:4] or ["10"])[0])
        dump_home = os.environ.get("YUEDU_HOME") or tempfile.mkdtemp(prefix="yuedu-reader-dump-")
        dump_env = {**os.environ, "YUEDU_HOME": dump_home}
        yuedu_bin = str(Path(sys.executable).parent / "yuedu")
        analyse(yuedu_bin, dump_env, article)
        dump(cursor_moves(yuedu_bin, dump_env, article, count), panel_col=82)
        sys.exit(0)
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from run import PY, YUEDU, print_table

    print_table(
        ["what", "median", "min", "max", "unit", "target", "baseline"], reader_rows(PY, YUEDU, dict(os.environ))
    )
