"""A synthetic library for the scale bench: articles recombined from the seeds' sentences."""

from __future__ import annotations

import random
from pathlib import Path

from tui.core.library.articles import Article
from tui.store import paths

ARTICLE_BYTES = 10_000


def seed_sentences() -> list[str]:
    out = []
    for path in sorted(paths.bundled_dir("seeds").glob("*.txt")):
        article = Article.from_file(path, "seed")
        out += [article.text[s:e] for s, e in article.sentences if e - s >= 8]
    return out


def generate(count: int, folder: Path, seed: int = 1) -> int:
    """Write `count` articles of about 10 KB each into `folder`; returns total bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    sentences = seed_sentences()
    rng = random.Random(seed)
    total = 0
    for n in range(count):
        title = rng.choice(sentences)[:24]
        paragraphs, size = [], 0
        while size < ARTICLE_BYTES:
            paragraph = "".join(rng.choice(sentences) for _ in range(rng.randint(2, 6)))
            paragraphs.append(paragraph)
            size += len(paragraph.encode("utf-8"))
        body = f"{title}\n\n" + "\n\n".join(paragraphs) + "\n"
        data = body.encode("utf-8")
        (folder / f"syn{n:05d}.txt").write_bytes(data)
        total += len(data)
    return total


def big_text(target_bytes: int) -> str:
    """One long article from the seeds' reading texts, repeated until `target_bytes`.

    Each copy's long lines get a suffix naming the copy, so cleaning (which keeps a
    repeated line once) keeps them all; short lines (headings) stay as they are.
    """
    seeds = [Article.from_file(p, "seed").text for p in sorted(paths.bundled_dir("seeds").glob("*.txt"))]
    out: list[str] = []
    size = 0
    copy = 0
    while size < target_bytes:
        for line in "\n".join(seeds).split("\n"):
            line = f"{line}（第{copy}份）" if len(line) >= 12 else line
            out.append(line)
            size += len(line.encode("utf-8")) + 1
            if size >= target_bytes:
                break
        copy += 1
    return "\n".join(out) + "\n"
