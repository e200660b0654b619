"""Long structured documents made for the tests: what an HTML chapter imported line by line
looks like (numbered heading lines, many short lines, a flattened table, long Latin lines,
paragraphs of Chinese), from a seed, with simple tokens for the layout."""

from __future__ import annotations

import random
import re

HAN_WORDS = ["命令", "系统", "文件", "我们", "可以", "使用", "设置", "环境", "变量", "目录", "用户", "和", "的", "是"]
LATIN = ["ls", "-l", "GNU/Linux", "VT100", "1.6", "$PATH", "Debian", "shell", "grep", "LS(1)"]


def chapter(seed: int = 0, parts: int = 400) -> str:
    """A chapter of `parts` paragraphs, one per line, blank lines between, as imports make."""
    r = random.Random(seed)
    out: list[str] = []
    for i in range(parts):
        kind = r.random()
        if kind < 0.2:
            out.append(f"1.{i // 10}.{i % 10}. {r.choice(HAN_WORDS)}{r.choice(HAN_WORDS)} {r.choice(LATIN)}")
        elif kind < 0.35:
            out.append(" ".join(r.choice(LATIN) for _ in range(r.randint(1, 60))))
        elif kind < 0.5:
            out.append(r.choice(LATIN))  # a one-word line: a command, a prompt
        elif kind < 0.55:
            cells = ["表" + str(i), "名称", "说明"] + [r.choice(HAN_WORDS) for _ in range(6)]
            out.append("\n\n".join(cells))
        else:
            words = [r.choice(HAN_WORDS + LATIN) for _ in range(r.randint(3, 120))]
            out.append("".join(w if w[0] > "\u2e80" else f" {w} " for w in words) + "。")
    return "\n\n".join(out) + "\n"


TOKEN = re.compile(r"[A-Za-z0-9$./()\-]+|\n|\s|[\u4e00-\u9fff]{1,2}|.")


def tokens(text: str) -> list[tuple[int, int]]:
    """Spans of simple tokens: Latin runs, line breaks, spaces, Han by twos, anything else alone."""
    return [(m.start(), m.end()) for m in TOKEN.finditer(text)]


def paragraphs(text: str) -> list[tuple[int, int]]:
    out, start = [], 0
    for line in text.split("\n"):
        if line:
            out.append((start, start + len(line)))
        start += len(line) + 1
    return out
