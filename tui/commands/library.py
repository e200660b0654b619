"""`yuedu list`, `yuedu add`, `yuedu remove`."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from tui.core.jsonable import to_json
from tui.output import console, print_json

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text


def run_list(args: argparse.Namespace) -> int:
    from tui.core.library.articles import Library

    articles = Library().articles
    rows = [{"id": a.id, "title": a.title, "script": a.script, "chars": a.length, "source": a.source} for a in articles]
    if args.json:
        print_json(rows)
        return 0
    from rich.table import Table
    from rich.text import Text

    from tui.core.text.inert import inert

    names = ("id", "title", "script", "chars", "source")
    table = Table(box=None, pad_edge=False)
    for name in names:
        table.add_column(name, justify="right" if name == "chars" else "left", no_wrap=True, overflow="ellipsis")
    # Text cells made inert: a title is the file's text, never markup or escapes.
    columns = [[inert(str(row[k] or ""), one_line=True) for row in rows] for k in names]
    if rows:
        table.add_row(*(Text("\n".join(column)) for column in columns))
    out = console()
    out.print(_table_lines(table, columns, out), soft_wrap=True)
    return 0


def _table_lines(table: Table, columns: list[list[str]], out: Console) -> Text:
    """The table as Rich would print it, with a row per article, cut into lines by hand.

    Rich takes about 0.15 ms a row to render a table, which made `list` grow with the library;
    its own width calculation is kept (the columns are one cell each, measured as the rows
    would be), then each value is cut and padded as Rich's no_wrap ellipsis cells are.
    """
    from rich.text import Text

    widths = table._calculate_column_widths(out, out.options)
    from rich.cells import cell_len, set_cell_size

    width = out.options.max_width

    def crop(line: str) -> str:  # wider than the console when columns collapsed: Rich crops the line
        return set_cell_size(line, width) if cell_len(line) > width else line

    header = crop(_line([str(c.header) for c in table.columns], table, widths))
    body = "\n".join(crop(_line(list(values), table, widths)) for values in zip(*columns))
    return Text.assemble((header, "table.header"), "\n" if body else "", body)


def _line(values: list[str], table: Table, widths: list[int]) -> str:
    """One row: each value cut as Text.truncate(overflow="ellipsis") does, padded and justified."""
    from rich.cells import cell_len, set_cell_size

    out = []
    last = len(widths) - 1
    for i, (value, width) in enumerate(zip(values, widths)):
        if width == 0:
            continue  # collapsed away: Rich leaves such a column out, padding and all
        left, right = (0 if i == 0 else 1), (0 if i == last else 1)
        inner = width - left - right
        if inner <= 0:
            out.append(" " * width)  # narrower than its padding: Rich shows a blank cell
            continue
        if cell_len(value) > inner:
            value = set_cell_size(value, inner - 1) + "…"
        pad = " " * (inner - cell_len(value))
        if table.columns[i].justify == "right":
            out.append(" " * left + pad + value + " " * right)
        else:
            out.append(" " * left + value + pad + " " * right)
    return "".join(out)


def run_add(args: argparse.Namespace) -> int:
    import sys
    from pathlib import Path

    from tui.core.library.importing import add_files
    from tui.core.text.inert import inert
    from tui.errors import UserError

    if any(not p.strip() for p in args.paths):
        # Path("") is the current folder: an empty name must not import it, recursively.
        raise UserError("an empty path names no file (give . for the current folder)")
    outcomes = add_files(Path(p).expanduser() for p in args.paths)
    if any(o.status == "added" for o in outcomes):
        _reindex(quiet=args.json)
    refused = [o for o in outcomes if o.status == "refused"]
    if args.json:
        print_json(to_json(outcomes))
    else:
        from rich.text import Text

        out = console()
        for o in outcomes:
            if o.status == "added":
                out.print(
                    Text.assemble(
                        ("added    ", "green"), (o.id or "", "bold"), f"  {o.title}  ({o.encoding}, {o.path})"
                    )
                )
            elif o.status == "skipped":
                out.print(Text.assemble(("skipped  ", "yellow"), f"{o.path}: {o.reason}"))
    for o in refused:
        sys.stderr.write(inert(f"yuedu: refused {o.path}: {o.reason}", one_line=True) + "\n")
    if not outcomes:
        sys.stderr.write("yuedu: error: no .txt, .md or .html files found\n")
        return 2
    return 2 if refused else 0


def run_remove(args: argparse.Namespace) -> int:
    from tui.core.library import importing
    from tui.core.library.articles import Library
    from tui.errors import NotFound

    if args.restore:
        try:
            what = importing.restore(args.article)
        except LookupError:
            raise NotFound(f"nothing to restore for {args.article!r} (give the full id)") from None
    else:
        article = Library().resolve(args.article)
        if article.origin == "file":
            raise NotFound(f"{args.article!r} is a file, not an article in the library")
        what = importing.remove(article.id)
        args.article = article.id
    _reindex(quiet=True)
    console().print(f"{args.article}: {what}", markup=False)
    return 0


def run_index(args: argparse.Namespace) -> int:
    from tui.core.library.index import SearchIndex

    added, removed = _reindex(quiet=args.json, rebuild=args.rebuild, full=True)
    stats = SearchIndex().stats()
    if args.json:
        print_json({"indexed": added, "removed": removed, **stats})
    else:
        console().print(f"{stats['articles']} articles, {stats['characters']:,} characters indexed ({added} updated)")
    return 0


def _reindex(quiet: bool, rebuild: bool = False, full: bool = False) -> tuple[int, int]:
    """Bring the search index up to date, with a progress bar on a terminal."""
    import sys

    from tui.core.library.index import SearchIndex

    index = SearchIndex()
    if quiet or not sys.stderr.isatty():
        return index.sync(rebuild=rebuild, full=full)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    with Progress(
        TextColumn("indexing"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
        console=Console(stderr=True), transient=True,
    ) as bar:  # fmt: skip
        task = bar.add_task("index", total=None)
        return index.sync(
            rebuild=rebuild, full=full, progress=lambda n, total: bar.update(task, completed=n, total=total)
        )
