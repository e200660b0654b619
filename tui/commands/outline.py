"""`yuedu outline ARTICLE`: sections, key claims and tables."""

from __future__ import annotations

import argparse
from typing import Any

from tui.errors import UserError
from tui.output import console, print_json


def run_outline(args: argparse.Namespace) -> int:
    from tui.core.library.articles import Library
    from tui.core.library.outline import outline_json

    if args.claims < 0:
        raise UserError("--claims must be 0 or more")
    article = Library().resolve(args.article)
    data = outline_json(article, args.claims)
    if args.json:
        print_json(data)
    else:
        console().print(_tree(data))
    return 0


def _tree(data: dict[str, Any]) -> Any:
    from rich.text import Text
    from rich.tree import Tree

    from tui.core.text.wrap import Wrapped

    # Wrapped, not Rich's own wrapping: no continuation line may start with 。，、 and the like.
    root = Tree(Wrapped(Text(data["title"], style="bold")))

    def add(node: Tree, section: dict[str, Any]) -> None:
        label = Text(section["title"] or "(opening)", style="bold cyan" if section["level"] == 1 else "cyan")
        branch = node.add(Wrapped(label))
        for claim in section["claims"]:
            line = Text(claim["text"])
            if claim["speaker"]:
                line.append(f"  — {claim['speaker']}", style="green")
            branch.add(Wrapped(line, Text("▸", style="dim")))
        for child in section["children"]:
            add(branch, child)

    for section in data["sections"]:
        add(root, section)
    for table in data["tables"]:
        t = root.add(Text(table["title"] or "(table)", style="magenta"))
        t.add(Text(f"{len(table['columns'])} columns × {len(table['rows'])} rows: " + " | ".join(table["columns"])))
        for row in table["rows"]:  # a table's rows stay rows
            t.add(Wrapped(Text(" │ ".join(row))))
    return root
