"""`yuedu vocab ...`: saved words, word lists in and out, article coverage."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tui.output import console, print_json, print_words_to_learn


def run_list(args: argparse.Namespace) -> int:
    from collections import Counter

    from rich.text import Text

    from tui.core.study.vocab import all_word_rows, word_rows
    from tui.store.study import Study

    rows = word_rows(Study(), args.status) if args.saved else all_word_rows(Study(), args.status)
    if args.json:
        print_json(rows)
        return 0
    out = console()
    for row in rows:
        line = Text(f"{row['word']}", style="bold")
        if row["traditional"] != row["word"]:
            line.append(f" {row['traditional']}", style="bold")
        line.append(f"  {row['pinyin']}", style="cyan")
        line.append(f"  [{row.get('note') or row['status']}]  ", style="dim")
        line.append(str(row["english"])[:60])
        out.print(line, no_wrap=True, overflow="ellipsis")
        if row["sentence"]:
            out.print(Text(f"    {row['sentence']}", style="dim"), no_wrap=True, overflow="ellipsis")
    if not rows:
        out.print(
            Text("no words yet: `a` in the reader, `yuedu vocab add WORD` or `yuedu vocab import FILE`", style="dim")
        )
    if args.saved:  # words marked without being saved are left out: say how many
        saved = {row["word"] for row in rows}
        marked = Counter(
            s for w, s in Study().statuses().items() if w not in saved and (args.status is None or s == args.status)
        )
        if marked:
            counts = ", ".join(f"{n} {status}" for status, n in sorted(marked.items()))
            out.print(
                Text(f"also marked, with no saved sentence (without --saved they are listed): {counts}", style="dim")
            )
    else:
        by_status = Counter(str(row["status"]) for row in rows)
        if rows:
            summary = ", ".join(f"{n} {status}" for status, n in sorted(by_status.items()))
            out.print(Text(f"{len(rows)} words: {summary} ({sum(1 for r in rows if r['saved'])} saved)", style="dim"))
    return 0


def run_add(args: argparse.Namespace) -> int:
    from tui.core.study.vocab import add_word

    saved = add_word(args.word, args.status, args.article)
    console().print(f"saved {saved.word} ({saved.pinyin}) as {saved.status}", markup=False)
    return 0


def run_import(args: argparse.Namespace) -> int:
    from tui.core.study.vocab import import_words

    told = False

    def progress(notes: int) -> None:  # a million notes take a while: say how far, on a terminal
        nonlocal told
        told = True
        sys.stderr.write(f"\ryuedu: {notes:,} notes read")
        sys.stderr.flush()

    try:
        report = import_words(Path(args.file), args.status, args.field, progress if sys.stderr.isatty() else None)
    finally:
        if told:
            sys.stderr.write("\n")
    if args.json:
        print_json(report)
        return 0
    line = (
        f"{report['words']} words: {report['new']} new, {report['already']} already {args.status}, "
        f"{report['changed']} changed to {args.status}, {report['not_in_dictionary']} not in the dictionary"
    )
    console().print(line, markup=False)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from tui.core.study.export import export
    from tui.store.study import Study

    count = export(Study(), args.format, Path(args.output), force=args.force)
    console().print(f"{count} words written to {args.output} ({args.format})", markup=False)
    return 0


def _progress(args: argparse.Namespace) -> int:
    from rich.text import Text

    from tui.core.study.progress import progress

    data = progress()
    if args.json:
        print_json(data)
        return 0
    out = console()
    days = data["days"]
    if not days:
        out.print(Text("nothing recorded yet: read, mark words (1-4) or review", style="dim"))
        return 0
    out.print(Text("day          known  reviews  reading (min)", style="bold"))
    for i, day in enumerate(days[-args.top :]):
        j = len(days) - min(len(days), args.top) + i
        known, reviews, minutes = data["known"][j], data["reviews"][j], data["reading_minutes"][j]
        out.print(Text(f"{day}  {known:>5}  {reviews:>7}  {minutes:>13}"))
    return 0


def run_stats(args: argparse.Namespace) -> int:
    from rich.text import Text

    from tui.core.study.difficulty import stats
    from tui.errors import UserError

    if args.top < 0:
        raise UserError("--top must be 0 or more")
    if args.article is None:
        return _progress(args)

    data = stats(args.article)
    if args.json:
        print_json(data)
        return 0
    out = console()
    out.print(
        Text(f"{data['article']}: {data['known_tokens']} of {data['tokens']} words known ({data['coverage']:.0%})")
    )
    print_words_to_learn(
        (w["word"], w["pinyin"], f"×{w['count']}  HSK {w['hsk'] or '-'}", w["english"])
        for w in data["unknown"][: args.top]
    )
    return 0
