"""A small document with every kind of block, written for the reader's tests: a heading, a
paragraph, a list, a table and a code block, in Traditional (so `s` changes what is shown)."""

from __future__ import annotations

from pathlib import Path

from tui.core.library.importing import add_files

CODE = ["$ ls -l /etc/apt", "  total 8", "  drwxr-xr-x 2 root root 4096 sources.list.d"]
PAGE = f"""<html><head><title>終端機基礎</title></head><body>
<h1>終端機基礎</h1>
<h2>1.1. 控制臺與程式</h2>
<p>在這個環境裡，我們可以直接
在主機上啟動程式。</p>
<pre>{chr(10).join(CODE)}</pre>
<ul><li>第一項：閱讀說明書。</li><li>第二項：練習輸入命令。</li></ul>
<table><tr><th>命令</th><th>說明</th></tr><tr><td>ls</td><td>列出檔案</td></tr></table>
<h2>1.2. 系統的歷史</h2>
<p>然後我們繼續學習這個系統的歷史與發展。</p>
</body></html>
"""


def add_structure(folder: Path) -> str:
    """Import the document into the current home; returns its id."""
    path = folder / "structure.html"
    path.write_text(PAGE, encoding="utf-8")
    (outcome,) = add_files([path])
    assert outcome.id is not None, outcome
    return outcome.id
