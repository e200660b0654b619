"""`yuedu lookup WORD`."""

from __future__ import annotations

import argparse

from tui.output import console, print_json


def run_lookup(args: argparse.Namespace) -> int:
    from tui.core.errors import UserError
    from tui.core.lookup import found_anything, lookup

    if not args.word.strip():
        raise UserError("give a word to look up")
    result = lookup(args.word)
    if args.json:
        print_json(result)
    else:
        _show(result)
    return 0 if found_anything(result) else 1


def _show(result: dict) -> None:  # type: ignore[type-arg]
    from rich.text import Text

    out = console()
    head = Text()
    head.append(result["simplified"], style="bold")
    if result["traditional"] != result["simplified"]:
        head.append(f"  {result['traditional']}", style="bold")
    head.append(f"  {result['pinyin']}", style="cyan")
    if result["hsk"]:
        head.append(f"  HSK {result['hsk']}", style="dim")
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
    if result["occurrences"]:
        occ = ", ".join(f"{o['article'][:3]}×{o['count']}" for o in result["occurrences"])
        out.print(Text(f"  in: {occ}", style="dim"))
    if not (result["definitions"] or result["characters"] or result["glossary"]):
        out.print(Text("  no dictionary entry", style="dim"))
