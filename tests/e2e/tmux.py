"""Driving the real `yuedu` console script in tmux, and reading the screen back."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import time
import uuid
from pathlib import Path

from rich.cells import cell_len

YUEDU = str(Path(sys.executable).parent / "yuedu")
# How long to poll for a screen before giving up. Only a state that never comes fails: this is
# not a speed requirement, and CI is a loaded 2-core machine.
DEADLINE = 300.0
_SGR = re.compile(r"\x1b\[([0-9;]*)m")


class Tmux:
    def __init__(self, home: Path, width: int = 120, height: int = 40) -> None:
        if shutil.which("tmux") is None:
            raise RuntimeError("tmux is required for the end-to-end tests (.ci/run installs it)")
        self.name = f"yuedu-{uuid.uuid4().hex[:8]}"
        # A server of its own (-L): tests running in parallel, or a user's tmux, never meet.
        self.socket = self.name
        self.home = home
        self._tmux(
            "new-session", "-d", "-x", str(width), "-y", str(height), "-s", self.name,
            "env", "-i", f"HOME={home}", f"YUEDU_HOME={home}", "TERM=xterm-256color", "PATH=/usr/bin:/bin",
            "LANG=C.UTF-8", "PS1=$ ", "bash", "--norc", "--noprofile",
        )  # fmt: skip
        self._tmux("set-option", "-t", self.name, "status", "off")

    def _tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True, text=True, check=True).stdout

    def run(self, command: str) -> None:
        self.send_literal(command)
        self.keys("Enter")

    def keys(self, *keys: str) -> None:
        self._tmux("send-keys", "-t", self.name, *keys)

    def send_literal(self, text: str) -> None:
        self._tmux("send-keys", "-t", self.name, "-l", text)

    def screen(self) -> str:
        return self._tmux("capture-pane", "-p", "-t", self.name)

    def styled(self) -> str:
        return self._tmux("capture-pane", "-p", "-e", "-t", self.name)

    def mode(self, fmt: str) -> str:
        return self._tmux("display-message", "-p", "-t", self.name, fmt).strip()

    def wait_for(self, text: str) -> str:
        deadline = time.monotonic() + DEADLINE
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if text in screen:
                return screen
            time.sleep(0.05)
        raise AssertionError(f"{text!r} did not appear on screen:\n{screen}")

    def wait_until(self, check) -> str:  # type: ignore[no-untyped-def]
        deadline = time.monotonic() + DEADLINE
        screen = ""
        while time.monotonic() < deadline:
            screen = self.screen()
            if check(screen):
                return screen
            time.sleep(0.05)
        raise AssertionError(f"the screen did not change as expected:\n{screen}")

    def highlighted(self) -> list[str]:
        """Runs of text drawn in reverse video (the word cursor, and scrollbar thumbs)."""
        return [text for _, _, text in self.highlighted_at()]

    def highlighted_at(self) -> list[tuple[int, int, str]]:
        """(row, run number in the row, text) of each reverse-video run."""
        out: list[tuple[int, int, str]] = []
        for row, line in enumerate(self.styled().splitlines()):
            runs: list[str] = []
            reverse = False
            current = ""
            pos = 0
            for m in _SGR.finditer(line):
                if reverse:
                    current += line[pos : m.start()]
                codes = [c for c in m.group(1).split(";") if c] or ["0"]
                k = 0
                while k < len(codes):
                    code = codes[k]
                    if code in ("38", "48", "58"):  # a colour: its parameters are not attributes
                        k += 3 if codes[k + 1 : k + 2] == ["5"] else 5
                        continue
                    k += 1
                    if code == "7":
                        reverse = True
                    elif code in ("0", "27"):
                        if reverse and current.strip():
                            runs.append(current.strip())
                        reverse, current = False, ""
                pos = m.end()
            if reverse:
                current += line[pos:]
            if reverse and current.strip():
                runs.append(current.strip())
            plain = re.sub(r"\x1b\[[0-9;]*m", "", line)
            out += [(row, plain.find(run), run) for run in runs]
        return out

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True, check=False)


def column_of(line: str, text: str) -> int:
    """The terminal column where `text` starts in a captured line."""
    return cell_len(line[: line.index(text)])


def style_before(styled: str, text: str) -> str:
    """The escape sequences in effect where `text` first appears in a styled capture."""
    for line in styled.splitlines():
        plain_at = re.sub(r"\x1b\[[0-9;]*m", "", line).find(text)
        if plain_at < 0:
            continue
        active: list[str] = []
        seen = 0
        pos = 0
        for m in _SGR.finditer(line):
            seen += len(line[pos : m.start()])
            if seen > plain_at:
                break
            active = [] if m.group(1) in ("", "0") else [*active, m.group(1)]
            pos = m.end()
        return ";".join(active)
    raise AssertionError(f"{text!r} is not on screen")
