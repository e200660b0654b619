"""`yuedu stats ARTICLE`: how hard a text is before you start it."""

from __future__ import annotations

import argparse

from tui.output import console, print_json, print_words_to_learn


def run_stats(args: argparse.Namespace) -> int:
    from rich.text import Text

    from tui.core.study.difficulty import BANDS, difficulty
    from tui.errors import UserError

    if args.prestudy < 0:
        raise UserError("--prestudy must be 0 or more")
    data = difficulty(args.article, args.prestudy)
    if args.json:
        print_json(data)
        return 0
    out = console()
    words = data["words"]
    out.print(Text(f"{data['article']}: {words} words (running words: repeats count)", style="bold"))
    level = data["level_for_95"]
    # The same sentence as the difficulty screen's.
    reach = (
        f"a reader of HSK {level} knows 95% of it"
        if level != "beyond"
        else "95% of the text needs words beyond HSK 7-9 (names, terms)"
    )
    out.print(Text(f"known {data['known']} ({data['coverage']:.0%}); {reach}"))
    bands = data["hsk"]
    widest = max(bands.values()) or 1
    for band in BANDS:
        n = bands[band]
        line = Text(f"  {'HSK ' + band if band != 'beyond' else 'beyond':>8} ")
        line.append("█" * round(30 * n / widest), style="cyan")
        line.append(f" {n} ({n / words:.0%})" if words else " 0", style="dim")
        out.print(line)
    print_words_to_learn((w["word"], w["pinyin"], f"×{w['count']}", w["gloss"]) for w in data["prestudy"])
    return 0
