"""Documents in: how fast a 400 KB HTML page is added, and how much of real documentation
survives import (standalone: `python bench/documents.py [HTML...]`).

The figures on real documents: the share of a page's <h2> headings that come back as outline
sections, and the share of its <p> paragraphs that come back whole (one line of the reading
text holds the paragraph's text). By default the Debian Reference's Chinese chapters
(/usr/share/debian-reference/*.zh-cn.html, *.zh-tw.html) when they are installed.
"""

from __future__ import annotations

import os
import re
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"
PY = sys.executable
YUEDU = str(Path(PY).parent / "yuedu")


def html_page(size: int) -> str:
    """A page of about `size` bytes: numbered sections, wrapped paragraphs from the seeds, lists,
    tables and code, as a documentation chapter is built."""
    lines = [
        line
        for path in sorted(SEEDS.glob("*.txt"))
        for line in path.read_text(encoding="utf-8").split("\n")
        if len(line) > 40
    ]
    parts = ["<html><head><meta charset='utf-8'><title>生成的文档</title></head><body><h1>生成的文档</h1>"]
    n = 0
    while sum(len(p.encode()) for p in parts) < size:
        n += 1
        parts.append(f"<h2>{n}. 第{n}节</h2>")
        for k in range(4):
            line = lines[(n * 4 + k) % len(lines)]
            wrapped = "\n".join(line[i : i + 30] for i in range(0, len(line), 30))
            parts.append(f"<p>{wrapped}</p>")
        parts.append(f"<h3>{n}.1. 列表</h3><ul><li>第一项</li><li>第二项</li></ul>")
        parts.append("<table border='1'><tr><th>年份</th><th>金额</th></tr><tr><td>2020</td><td>100</td></tr></table>")
        parts.append("<pre>$ ls -l\ntotal 0</pre>")
    parts.append("</body></html>")
    return "\n".join(parts)


def add_seconds(size: int = 400_000, runs: int = 5, cpu: list[float] | None = None) -> list[float]:
    """Wall seconds of `yuedu add` for a page of `size` bytes, each in a fresh home (and its
    user + system CPU seconds appended to `cpu`: the figure a loaded machine leaves alone)."""
    times = []
    with tempfile.TemporaryDirectory() as tmp:
        page = Path(tmp) / "page.html"
        page.write_text(html_page(size), encoding="utf-8")
        for run in range(runs + 1):
            env = {**os.environ, "YUEDU_HOME": str(Path(tmp) / f"home{run}")}
            start, used = time.perf_counter(), resource.getrusage(resource.RUSAGE_CHILDREN)
            subprocess.run([YUEDU, "add", str(page)], env=env, stdout=subprocess.DEVNULL, check=True)
            if run:  # the first warms the file cache
                times.append(time.perf_counter() - start)
                now = resource.getrusage(resource.RUSAGE_CHILDREN)
                if cpu is not None:
                    cpu.append(now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime)
    return times


def _strip(html: str) -> str:
    from tui.core.library.document import join_soft

    text = re.sub(r"<[^>]+>", "", html)
    import html as html_lib

    return join_soft(html_lib.unescape(text))


def survival(path: Path) -> tuple[int, int, int, int]:
    """(h2 found, h2 in the page, paragraphs whole, paragraphs in the page) for one page."""
    from tui.core.library.articles import Article
    from tui.core.library.outline_sections import detect_sections

    source = path.read_text(encoding="utf-8", errors="replace")
    article = Article.imported(path)
    sections, _tables, _front = detect_sections(article)
    titles = {s.title for top in sections for s in top.walk()}
    h2 = [_strip(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", source, re.S)]
    h2 = [h for h in h2 if h]
    # The page's paragraphs, but not those of its table of contents or navigation.
    furniture = r'<div class="(toc|navheader|navfooter)">.*?</div>\s*</div>|<dl class="toc">.*?</dl>'
    body = re.sub(furniture, "", source, flags=re.S)
    paragraphs = [_strip(p) for p in re.findall(r"<p(?:\s[^>]*)?>(.*?)</p>", body, re.S)]
    paragraphs = [p for p in paragraphs if len(p) >= 10]
    lines = article.text.split("\n")
    whole = 0
    for p in paragraphs:
        if any(p in line for line in lines):
            whole += 1
    return sum(1 for h in h2 if h in titles), len(h2), whole, len(paragraphs)


def main(argv: list[str]) -> int:
    pages = [Path(a) for a in argv] or sorted(Path("/usr/share/debian-reference").glob("*.zh-*.html"))
    found = total = whole = paragraphs = 0
    for path in pages:
        a, b, c, d = survival(path)
        found, total, whole, paragraphs = found + a, total + b, whole + c, paragraphs + d
        print(f"{path.name:24} h2 {a:4}/{b:<4} paragraphs whole {c:5}/{d:<5}")
    if total and paragraphs:
        share = f"h2 {found / total:6.1%} (target >= 90%)   paragraphs whole {whole / paragraphs:6.1%} (>= 95%)"
        print(f"{'all':24} {share}")
    cpu: list[float] = []
    times = sorted(add_seconds(cpu=cpu))
    cpu.sort()
    median = f"median {times[len(times) // 2]:.2f} s (target <= 2 s), CPU {cpu[len(cpu) // 2]:.2f} s"
    print(f"yuedu add, 400 KB HTML page: {median}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
