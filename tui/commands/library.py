"""`yuedu list`, `yuedu add`, `yuedu remove`."""

from __future__ import annotations

import argparse

from tui.output import console, print_json


def run_list(args: argparse.Namespace) -> int:
    from tui.core.articles import Library

    articles = Library().articles
    rows = [
        {"id": a.id, "title": a.title, "script": a.script, "chars": len(a.text), "source": a.source} for a in articles
    ]
    if args.json:
        print_json(rows)
        return 0
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for name in ("id", "title", "script", "chars", "source"):
        table.add_column(name, justify="right" if name == "chars" else "left", no_wrap=True, overflow="ellipsis")
    for row in rows:
        table.add_row(*(str(row[k] or "") for k in ("id", "title", "script", "chars", "source")))
    console().print(table)
    return 0
