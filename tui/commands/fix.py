"""`yuedu fix`: your fixes, a word's reading and sense for every text; and undoing splits and merges."""

from __future__ import annotations

import argparse
import time

from tui.errors import NotFound
from tui.output import console, print_json


def _marks(syllables: tuple[str, ...]) -> str:
    from tui.core.text.pinyin import join_word

    return join_word(list(syllables), "marks")


def run_add(args: argparse.Namespace) -> int:
    from tui.core.lexicon import fixes

    fix = fixes.make(args.word, args.pinyin, args.sense)
    fixes.save(fix)
    sense = f", “{fix.sense}” first" if fix.sense else ""
    console().print(f"{fix.word} is read {_marks(fix.syllables)}{sense} in every text from now on", markup=False)
    return 0


def rows() -> list[dict[str, object]]:
    """Every fix: readings (with their numbered senses) and segmentations, oldest first."""
    from tui.core.lexicon import fixes
    from tui.core.lexicon.dictionary import Dictionary
    from tui.store.study import Study

    study = Study()
    dictionary = Dictionary()
    out: list[dict[str, object]] = []
    for word, syllables, sense, added in study.reading_fixes():
        senses = fixes.senses_read(word, syllables, dictionary)
        out.append(
            {
                "word": word,
                "kind": "reading",
                "pinyin": _marks(syllables),
                "pinyin_numbers": " ".join(syllables),
                "sense": sense or None,
                "sense_number": senses.index(sense) + 1 if sense in senses else None,
                "parts": None,
                "added": time.strftime("%Y-%m-%d", time.localtime(added)),
            }
        )
    for word, parts, added in study.segment_fix_rows():
        out.append(
            {
                "word": word,
                "kind": "whole" if parts == (word,) else "split",
                "pinyin": None,
                "pinyin_numbers": None,
                "sense": None,
                "sense_number": None,
                "parts": list(parts),
                "added": time.strftime("%Y-%m-%d", time.localtime(added)),
            }
        )
    return out


def run_list(args: argparse.Namespace) -> int:
    from rich.text import Text

    found = rows()
    if args.json:
        print_json(found)
        return 0
    out = console()
    for row in found:
        line = Text(str(row["word"]), style="bold")
        if row["kind"] == "reading":
            line.append(f"  {row['pinyin']}", style="cyan")
            if row["sense"]:
                line.append(f"  sense {row['sense_number'] or '?'}: {row['sense']}")
        elif row["kind"] == "whole":
            line.append("  kept whole", style="dim")
        else:
            line.append("  cut into " + " + ".join(row["parts"]), style="dim")  # type: ignore[arg-type]
        line.append(f"  ({row['added']})", style="dim")
        out.print(line, no_wrap=True, overflow="ellipsis")
    if not found:
        out.print(Text("no fixes yet: `yuedu fix WORD PINYIN`, or f, x and m in the reader", style="dim"))
    return 0


def run_remove(args: argparse.Namespace) -> int:
    from tui.core.lexicon import fixes

    reading, segment = fixes.remove(args.word)
    if not reading and not segment:
        raise NotFound(f"no fix for {args.word!r}")
    what = " and ".join(w for w, done in (("reading", reading), ("segmentation", segment)) if done)
    console().print(f"{args.word}: your {what} fix is undone", markup=False)
    return 0
