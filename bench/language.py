"""Language engine figures: CPP polyphone accuracy (engine vs pypinyin alone), speed, senses.

CPP's development split lives outside the repo (../shared/data/cpp-dev, or $CPP_DEV):
each line of dev.sent marks one polyphone with U+2581 on both sides, dev.lb has its
reading. It is used here to measure and tune, never as a test's answer key.

    python bench/language.py          # prints the figures
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK = "\u2581"


def cpp_dir() -> Path | None:
    for candidate in (
        os.environ.get("CPP_DEV"),
        ROOT.parent / "shared" / "data" / "cpp-dev",
        "/work/shared/data/cpp-dev",
    ):
        if candidate and (Path(candidate) / "dev.sent").is_file():
            return Path(candidate)
    return None


def load_cpp(where: Path) -> list[tuple[str, int, str]]:
    """(sentence, offset of the polyphone, reading) with v for ü."""
    sentences = (where / "dev.sent").read_text(encoding="utf-8").splitlines()
    labels = (where / "dev.lb").read_text(encoding="utf-8").splitlines()
    out = []
    for sentence, label in zip(sentences, labels):
        pos = sentence.index(MARK)
        out.append((sentence.replace(MARK, ""), pos, label.strip().replace("u:", "v")))
    return out


def pypinyin_alone(items: list[tuple[str, int, str]]) -> float:
    """pypinyin on each whole sentence, with its own phrase segmentation."""
    from pypinyin import Style, pinyin

    right = 0
    for text, pos, label in items:
        # errors= keeps one item per non-Han character so offsets line up.
        out = pinyin(text, style=Style.TONE3, neutral_tone_with_five=True, errors=lambda s: [[c] for c in s])
        flat = [p[0] for p in out]
        right += len(flat) == len(text) and flat[pos].replace("ü", "v") == label
    return right / len(items)


def engine(items: list[tuple[str, int, str]], context_model: bool = True) -> tuple[float, float]:
    """The engine's accuracy and characters per second over all sentences in one call.

    The sentences go in as one text, a line each, the way an article does.
    """
    from tui.core import pinyin
    from tui.core.analysis import Analyzer

    text = "\n".join(t for t, _, _ in items)
    analyzer = Analyzer()
    analyzer.segmenter  # noqa: B018  (loads jieba before the clock starts)
    real = pinyin._apply_context_model
    if not context_model:
        pinyin._apply_context_model = lambda *args: None  # type: ignore[assignment]
    try:
        # CPU time, not wall time: the figure should not depend on what else the machine runs.
        start = time.process_time()
        analysis = analyzer.analyse(text, use_cache=False)
        elapsed = time.process_time() - start
    finally:
        pinyin._apply_context_model = real  # type: ignore[assignment]
    syllables = [s for p in analysis.pinyin for s in p]
    right = 0
    offset = 0
    for t, pos, label in items:
        right += syllables[offset + pos].lower() == label
        offset += len(t) + 1
    return right / len(items), len(text) / elapsed


def main() -> int:
    import tempfile

    os.environ.setdefault("YUEDU_HOME", tempfile.mkdtemp(prefix="yuedu-bench-"))
    where = cpp_dir()
    if where is None:
        print("CPP dev split not found (set CPP_DEV): skipped")
        return 0
    items = load_cpp(where)
    acc, speed = engine(items)
    base_acc, base_speed = engine(items, context_model=False)
    print(f"CPP dev ({len(items)} sentences)")
    print(f"  engine (context model)      {acc:.2%}   {speed:,.0f} chars/s (CPU)   target >= 97.5%")
    print(f"  engine without the model    {base_acc:.2%}   {base_speed:,.0f} chars/s (CPU)")
    print(f"  pypinyin alone              {pypinyin_alone(items):.2%}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT))
    sys.exit(main())
