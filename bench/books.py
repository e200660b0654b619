"""Import of a long EPUB book: `yuedu add book.epub` and `yuedu read book.epub`'s import, timed.

    .venv/bin/python bench/books.py [MB]      (also a row of `make bench`)

The book is made here: the seeds' paragraphs in a shuffled order (so it compresses as a real
book does, about 2:1), in chapters of ~70 KB with a nav table of contents, to the size asked
(2 MB of EPUB by default: ~4.5 MB of text).
"""

from __future__ import annotations

import html
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

CONTAINER = (
    '<?xml version="1.0"?><container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">'
    '<rootfiles><rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/></rootfiles>'
    "</container>"
)


def make_book(path: Path, megabytes: float = 2.0, seed: int = 7) -> int:
    """Writes the book; returns its number of chapters."""
    paragraphs = [
        line.strip()
        for seed_file in sorted((ROOT / "seeds").glob("*.txt"))
        for line in seed_file.read_text(encoding="utf-8").splitlines()
        if len(line.strip()) > 20
    ]
    rng = random.Random(seed)
    chapters: list[str] = []
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/epub+zip")
        z.writestr("META-INF/container.xml", CONTAINER)
        while path.stat().st_size < megabytes * 1_000_000:
            n = len(chapters) + 1
            body: list[str] = []
            size = 0
            while size < 70_000:
                # Each paragraph once: the cleaning drops a line repeated through a text as a
                # site's boilerplate, and a book of repeats would be read as 1% of its length.
                p = f"{rng.choice(paragraphs)}（第{n}章第{len(body) + 1}段）"
                body.append(f"<p>{html.escape(p)}</p>")
                size += len(p.encode())
            title = f"第{n}章"
            z.writestr(
                f"OEBPS/ch{n}.xhtml",
                '<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml"><head><title>'
                f"{title}</title></head><body><h1>{title}</h1>{''.join(body)}</body></html>",
            )
            chapters.append(title)
            z.fp.flush()  # type: ignore[union-attr]
        items = "".join(
            f'<item id="c{i}" href="ch{i}.xhtml" media-type="application/xhtml+xml"/>'
            for i in range(1, len(chapters) + 1)
        )
        refs = "".join(f'<itemref idref="c{i}"/>' for i in range(1, len(chapters) + 1))
        z.writestr(
            "OEBPS/content.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0"><metadata '
            'xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>长书</dc:title><dc:creator>某人</dc:creator>'
            f'</metadata><manifest>{items}<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" '
            f'properties="nav"/></manifest><spine>{refs}</spine></package>',
        )
        links = "".join(f'<li><a href="ch{i}.xhtml">{t}</a></li>' for i, t in enumerate(chapters, 1))
        z.writestr(
            "OEBPS/nav.xhtml",
            '<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
            f'<body><nav epub:type="toc"><ol>{links}</ol></nav></body></html>',
        )
    return len(chapters)


_IMPORT = """
import resource, sys, time
from pathlib import Path
t = time.perf_counter()
from tui.core.library.document import document_text
from tui.core.library.importing import load
text = document_text(load(Path(sys.argv[1])).document).text
print(time.perf_counter() - t, len(text), resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024)
"""


def _child_cpu() -> float:
    """User + system CPU seconds of the children waited for: the figure a loaded machine leaves alone."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def book_rows(py: str, yuedu: str, env: dict[str, str], megabytes: float = 2.0) -> list[list[str]]:
    folder = Path(tempfile.mkdtemp(prefix="yuedu-book-"))
    book = folder / "book.epub"
    chapters = make_book(book, megabytes)
    size = book.stat().st_size / 1_000_000
    done = subprocess.run([py, "-c", _IMPORT, str(book)], env=env, capture_output=True, text=True, check=True)
    seconds, chars, rss = (float(x) for x in done.stdout.split())
    home = folder / "home"
    shared = Path(env.get("YUEDU_HOME", ""))
    home.mkdir()
    if (shared / "cache.sqlite").exists():  # the dictionary table, built once already
        import shutil

        shutil.copy(shared / "cache.sqlite", home / "cache.sqlite")
    start, before = time.perf_counter(), _child_cpu()
    subprocess.run([yuedu, "add", str(book)], env={**env, "YUEDU_HOME": str(home)}, capture_output=True, check=True)
    add, cpu = time.perf_counter() - start, _child_cpu() - before
    what = f"{size:.1f} MB EPUB, {chapters} chapters, {chars / 1e6:.1f} M chars"
    return [
        [f"import {what} (load)", f"{seconds:.2f}", "", "", "s", "<= 2", f"peak RSS {rss:.0f} MB"],
        ["yuedu add of that book (with the index)", f"{add:.2f}", "", "", "s", "<= 2", f"one run; CPU {cpu:.2f} s"],
    ]


def main() -> None:
    megabytes = float(sys.argv[1]) if len(sys.argv) > 1 else 2.0
    py = sys.executable
    env = dict(os.environ)
    env.setdefault("YUEDU_HOME", tempfile.mkdtemp(prefix="yuedu-bench-"))
    for r in book_rows(py, str(Path(py).parent / "yuedu"), env, megabytes):
        print("  ".join(r))
    print(f"(this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB)")


if __name__ == "__main__":
    main()
