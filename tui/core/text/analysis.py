"""Analysis of a text: tokens, pinyin and glossary matches, cached on disk by content hash.

The work is in three modules; this one names what the many callers import from here, runs
the analysis in a child process for long texts, and writes an analysis's pinyin:
- analysis_packed: `Analysis`, `Words` and the packed sequences that hold them;
- analyzer: `Analyzer`, which segments, reads and matches a text chunk by chunk;
- analysis_blob: the cached form, written to and read from the cache DB.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from tui.core.text.analysis_packed import (
    KINDS,
    Analysis,
    CharTokens,
    PackedPinyin,
    PackedTokens,
    TokenSpans,
    Words,
    pack,
    provisional,
    token_spans,
)
from tui.core.text.analyzer import ANALYSER_VERSION, CHUNK, Analyzer, Progress

__all__ = [
    "ANALYSER_VERSION",
    "CHUNK",
    "KINDS",
    "SUBPROCESS_CHARS",
    "Analysis",
    "Analyzer",
    "CharTokens",
    "PackedPinyin",
    "PackedTokens",
    "Progress",
    "TokenSpans",
    "Words",
    "analyse_in_child",
    "pack",
    "provisional",
    "token_spans",
    "written_tokens",
]


# Past this many characters the reader analyses in a child process: a thread would hold
# the GIL for seconds at a time and keys would wait for it.
SUBPROCESS_CHARS = 100_000


def analyse_in_child(text: str, progress: Progress | None = None) -> None:
    """Analyse `text` in a child process that stores the result in the cache DB.

    `progress` is told the share done; when it raises, the child is stopped and the
    exception goes on."""
    from tui.core.child import python_child

    child = python_child("from tui.core.text.analysis import _child_main; _child_main()", piped=True)
    assert child.stdin is not None and child.stdout is not None
    try:
        child.stdin.write(text.encode("utf-8"))
        child.stdin.close()
        for line in child.stdout:
            if progress is not None and line.startswith(b"progress "):
                progress(float(line.split()[1]))
        child.wait()
    except BaseException:
        child.kill()
        child.wait()
        raise
    if child.returncode != 0:
        error = child.stderr.read().decode("utf-8", "replace").strip().splitlines() if child.stderr else []
        raise RuntimeError(error[-1] if error else f"the analysis stopped ({child.returncode})")


def _child_main() -> None:
    text = sys.stdin.buffer.read().decode("utf-8")

    def progress(share: float) -> None:
        print(f"progress {share:.4f}", flush=True)

    Analyzer().analyse(text, progress=progress)


def written_tokens(
    analysis: Analysis,
    style: str = "marks",
    sandhi: bool = False,
    first: int = 0,
    last: int | None = None,
    glossary_starts: Sequence[int] | None = None,
) -> list[list[str]]:
    """Tokens first..last (all by default): pinyin as written (GB/T 16159-2012), one string per character.

    The one grouping used by the CLI, the reader's pinyin row and side panel, and
    exports: a glossary term is spelled the way the glossary writes it. `sandhi`
    gives spoken tones instead of citation tones (decided within the range given).
    """
    from bisect import bisect_right

    from tui.core.lexicon.glossary import normalise
    from tui.core.text.pinyin import spoken, written_syllables

    tokens = analysis.tokens
    last = len(tokens) if last is None else last
    whole = first == 0 and last == len(tokens)  # read in order: no item made by index
    part = list(tokens) if whole else [tokens[i] for i in range(first, last)]
    pinyin: Sequence[Sequence[str]] = (
        list(analysis.pinyin) if whole else [analysis.pinyin[i] for i in range(first, last)]
    )
    if sandhi:
        pinyin = spoken([analysis.word(t) for t in part], pinyin)

    starts = glossary_starts if glossary_starts is not None else [m.start for m in analysis.glossary]
    out = []
    memo: dict[tuple[tuple[str, ...], str | None], list[str]] = {}  # a pure function of the two
    for tok, syllables in zip(part, pinyin):
        spelled = None
        i = bisect_right(starts, tok.start) - 1  # matches are sorted and do not overlap
        if i >= 0 and tok.end <= analysis.glossary[i].end:
            match = analysis.glossary[i]
            # The term itself, or a word of a longer alias that is the term (印太 in 印太地区).
            if (tok.start, tok.end) == (match.start, match.end) or normalise(tok.text) in (
                normalise(match.entry.term),
                normalise(match.entry.traditional),
            ):
                spelled = match.entry.pinyin
        key = (tuple(syllables), spelled)
        made = memo.get(key)
        if made is None:
            made = memo[key] = written_syllables(syllables, style, spelled)
        out.append(list(made))
    return out
