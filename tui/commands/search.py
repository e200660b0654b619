"""`yuedu search QUERY`: a concordance over the library."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.output import console, print_json

if TYPE_CHECKING:
    from tui.core.library.search import Result

KWIC_BEFORE = 24  # cells of context shown before a match


def run_search(args: argparse.Namespace) -> int:
    from tui.core.library.search import search
    from tui.errors import UserError

    if args.limit < 1:
        raise UserError("--limit must be at least 1")
    result = search(args.query, limit=args.limit, article=args.article)
    if args.json:
        print_json(result.to_json())
    else:
        _show(result)
    return 0 if result.total else 1


def _show(result: Result) -> None:
    from rich.cells import cell_len
    from rich.text import Text

    out = console()
    if not result.total:
        out.print(Text(f"no hits for {result.query} as characters, pinyin or English", style="dim"))
        return
    shown = len(result.hits)
    out.print(
        Text(
            f"{_plural(result.total, 'hit')} for {result.query}" + (f", first {shown}" if shown < result.total else ""),
            style="bold",
        )
    )
    term_key = None
    article_key = None
    for hit in result.hits:
        term = next((t for t in result.terms if t.term == hit.term and t.kind == hit.kind), None)
        key = (hit.term, hit.kind)
        if key != term_key and (len(result.terms) > 1):
            term_key, article_key = key, None
            head = Text("\n")
            label = term.form if term else hit.term
            head.append(label, style="bold cyan")
            if term and term.pinyin:
                head.append(f"  {term.pinyin}", style="cyan")
            if hit.kind == "alias":
                head.append(f"  alias of {hit.term}", style="yellow")
            elif term and term.english and hit.kind in ("pinyin", "english"):
                head.append(f"  {term.english}", style="dim")
            if term:
                head.append(f"  {_plural(term.total, 'hit')} in {_plural(term.articles, 'article')}", style="dim")
            head.truncate(max(out.width, 40), overflow="ellipsis")
            out.print(head, no_wrap=True)
        if hit.article != article_key:
            article_key = hit.article
            out.print(Text.assemble(("  " + hit.article[:3], "bold"), f"  {hit.title}"))
        before = _flat(hit.before)
        while cell_len(before) > KWIC_BEFORE:
            before = before[1:]
        line = Text("    " + " " * (KWIC_BEFORE - cell_len(before)))
        line.append(before, style="dim")
        line.append(hit.match, style="bold reverse")
        line.append(_flat(hit.after), style="dim")
        if hit.section:
            line.append(f"  · {hit.section}", style="italic dim")
        line.truncate(max(out.width, 40), overflow="ellipsis")
        out.print(line, no_wrap=True)


def _plural(n: int, word: str) -> str:
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def _flat(text: str) -> str:
    return " ".join(text.split())
