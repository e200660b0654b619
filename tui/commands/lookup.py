"""`yuedu lookup WORD`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from tui.output import console, print_json

if TYPE_CHECKING:
    from tui.core.lexicon.lookup import Lookup


def run_lookup(args: argparse.Namespace) -> int:
    from tui.core.lexicon.lookup import found_anything, lookup
    from tui.errors import UserError

    if not args.word.strip():
        raise UserError("give a word to look up")
    if args.examples is not None and args.examples < 0:
        raise UserError("--examples must be 0 or more")
    # JSON carries three examples unless told otherwise; the human output prints them when asked.
    wanted = args.examples if args.examples is not None else (3 if args.json else 0)
    result = lookup(args.word, examples=wanted)
    from tui.core.study.vocab import status_report

    status = status_report(args.word)  # known (imported 2026-12-07), learning since …
    if args.json:
        print_json({**result, "status": status})
    else:
        _show(result, status)
    return 0 if found_anything(result) else 1


def _show(result: Lookup, status: dict[str, object] | None = None) -> None:
    from rich.text import Text

    out = console()
    head = Text()
    head.append(result["simplified"], style="bold")
    if result["traditional"] != result["simplified"]:
        head.append(f"  {result['traditional']}", style="bold")
    head.append(f"  {result['pinyin']}", style="cyan")
    if result["hsk"]:
        head.append(f"  HSK {result['hsk']}", style="dim")
    if status is not None:
        head.append(f"  {status['note']}", style="magenta")
    out.print(head)
    for d in result["definitions"]:
        line = Text(f"  {d['pinyin']}  ", style="cyan")
        line.append("; ".join(d["english"]))
        out.print(line)
    for c in result["characters"]:
        line = Text(f"  {c['character']} ", style="bold")
        line.append(f"{c['pinyin']}  ", style="cyan")
        line.append("; ".join(c["english"][:4]) or "(no entry)")
        out.print(line)
    for g in result["glossary"]:
        line = Text(f"  glossary: {g['term']}", style="green")
        line.append(f"  {g['pinyin']}  {g['english']}\n    ")
        line.append(g["note"], style="dim")
        out.print(line)
    for breakdown in result["decomposition"]:
        out.print(_breakdown_line(breakdown))
    if result["occurrences"]:
        occ = ", ".join(f"{o['article'][:3]}×{o['count']}" for o in result["occurrences"])
        out.print(Text(f"  in the reading text: {occ}", style="dim"))  # as glossary show and search count
    if not (result["definitions"] or result["characters"] or result["glossary"]):
        out.print(Text("  no dictionary entry", style="dim"))
    from tui.core.text.wrap import Wrapped

    for e in result["examples"]:
        # Our line breaking, under its marker: Rich would move the whole sentence to the next row.
        out.print(Wrapped(Text(e["sentence"]), Text(f"  {e['article'][:3]}@{e['start']}  ", style="dim")))


def _breakdown_line(c: dict[str, Any]) -> object:
    """One character: radical (meaning) + components, phonetic and whether it sounds alike, rank."""
    from rich.text import Text

    from tui.core.lexicon.hanzi import in_marks

    line = Text(f"  {c['char']} ", style="bold")
    if c["radical"]:
        line.append(f"radical {c['radical']}", style="green")
        if c["radical_meaning"]:
            line.append(f" ({c['radical_meaning']})", style="green")
    if c["components"]:
        line.append("  = " + " + ".join(c["components"]))
    if c["phonetic"]:
        sound = "sounds like it" if c["regular"] else c["regularity"] or "sounds different"
        line.append(f"  phonetic {c['phonetic']} {in_marks(c['phonetic_pinyin'])}: {sound}", style="cyan")
    if c["rank"]:
        line.append(f"  #{c['rank']} by frequency", style="dim")
    return line
