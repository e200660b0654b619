"""`yuedu list`, `yuedu add`, `yuedu remove`."""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from tui.core.jsonable import to_json
from tui.output import console, print_json

if TYPE_CHECKING:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text


def run_list(args: argparse.Namespace) -> int:
    from rich.cells import cell_len

    from tui.core.library.articles import Library

    articles = Library().articles
    rows = [
        {"id": a.id, "title": a.title, "author": a.author, "script": a.script, "chars": a.length, "source": a.source}
        for a in articles
    ]
    if args.json:
        print_json(rows)
        return 0
    from rich.table import Table

    names = ("id", "title", "author", "script", "chars", "source")
    table = Table(box=None, pad_edge=False)
    columns = [_cells([row[k] for row in rows]) for k in names]
    for name, column in zip(names, columns, strict=True):
        # An author keeps a name's width however long the titles are (none: no room taken).
        least = min(AUTHOR_CELLS, max(map(cell_len, column), default=0)) if name == "author" else None
        table.add_column(
            name, justify="right" if name == "chars" else "left", no_wrap=True, overflow="ellipsis", min_width=least
        )
    out = console()
    _print_table(out, *_table_lines(table, columns, out))
    return 0


def _cells(values: list[object]) -> list[str]:
    """A column's values, each as one line of a cell: made inert (a title is the file's text, never
    markup or escapes), a tab as a space (it would move the cursor past the column's width)."""
    from tui.core.text.inert import inert_marked as inert

    plain = [str(v or "") for v in values]
    joined = "".join(plain)
    if "\t" not in joined and inert(joined, one_line=True) == joined:
        return plain  # the usual case, found in one pass over the column
    return [inert(v, one_line=True).replace("\t", " ") for v in plain]


def _print_table(out: Console, header: str, body: str) -> None:
    """The header in the table's header style, then the rows as they are: plain, inert text."""
    from rich.text import Text

    out.print(Text(header, style="table.header"), soft_wrap=True)
    if body:
        # Through Rich, 1,000 unstyled lines cost as much as measuring them; what it would write is this.
        out.file.write(body + "\n")


def _table_lines(table: Table, columns: list[list[str]], out: Console) -> tuple[str, str]:
    """The header line and the rows of the table as Rich would print it, a row per value.

    Rich takes about 0.15 ms a row to render a table, which made `list` grow with the library.
    Its own width calculation is kept, given one cell per column that measures as the whole
    column would (its widest line and widest word); each value is measured once, then cut and
    padded as Rich's no_wrap ellipsis cells are.
    """
    from rich.cells import cell_len, set_cell_size

    widths_of = [_cell_lens(column) for column in columns]
    if columns and columns[0]:
        table.add_row(*(_measured_as(column, cells) for column, cells in zip(columns, widths_of)))
    widths = table._calculate_column_widths(out, out.options)
    names = [str(c.header) for c in table.columns]
    header = _line([[n] for n in names], [[cell_len(n)] for n in names], table, widths)
    lines = _line(columns, widths_of, table, widths)
    # Every line is as wide as the columns; wider than the console when columns collapsed,
    # and then Rich crops each line.
    if sum(widths) > out.options.max_width:
        width = out.options.max_width
        header = [set_cell_size(line, width) for line in header]
        lines = [set_cell_size(line, width) for line in lines]
    return header[0], "\n".join(lines)


def _cell_lens(values: list[str]) -> list[int]:
    """`cell_len` of each value. Where cell_len is the sum of its characters' sizes (no joiner or
    variation selector), the sizes are those of Rich's own, looked up once per distinct character
    of the column, not once per character of each value (that was a third of `list`'s rows)."""
    from rich.cells import cell_len, get_character_cell_size

    size = {c: get_character_cell_size(c) for c in set("".join(values))}.__getitem__
    return [cell_len(v) if "\u200d" in v or "\ufe0f" in v else sum(map(size, v)) for v in values]


# What str.splitlines breaks a line at, besides a newline.
_OTHER_BREAKS = re.compile("[\r\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")


def _measured_as(column: list[str], widths: list[int]) -> Text:
    """One cell that Rich measures as it would the column's values a line each: its widest
    line (the measure's maximum) over its widest word (the minimum)."""
    from rich.cells import cell_len
    from rich.text import Text

    joined = "\n".join(column)
    if _OTHER_BREAKS.search(joined) is None:  # each value is one line
        widest_line = column[max(range(len(column)), key=widths.__getitem__)]
    else:
        widest_line = max(joined.splitlines(), key=cell_len, default="")
    widest_word, most = "", 0
    for value, width in zip(column, widths):
        if width <= most:
            continue  # none of its words is wider than the value
        for word in value.split():
            if (n := cell_len(word)) > most:
                widest_word, most = word, n
    return Text(widest_line + "\n" + widest_word)


def _line(columns: list[list[str]], widths_of: list[list[int]], table: Table, widths: list[int]) -> list[str]:
    """The rows: each value cut as Text.truncate(overflow="ellipsis") does, padded and justified."""
    from rich.cells import set_cell_size

    cells = []
    last = len(widths) - 1
    for i, (values, value_widths, width) in enumerate(zip(columns, widths_of, widths)):
        if width == 0:
            continue  # collapsed away: Rich leaves such a column out, padding and all
        left, right = (" " if i else ""), (" " if i != last else "")
        inner = width - len(left) - len(right)
        if inner <= 0:
            cells.append([" " * width] * len(values))  # narrower than its padding: Rich shows a blank cell
            continue
        right_justified = table.columns[i].justify == "right"
        column = []
        for value, n in zip(values, value_widths):
            if n > inner:
                value, n = set_cell_size(value, inner - 1) + "…", inner
            pad = " " * (inner - n)
            column.append(left + pad + value + right if right_justified else left + value + pad + right)
        cells.append(column)
    if not cells:
        return [""] * len(columns[0]) if columns else []
    return list(map("".join, zip(*cells)))


REFUSALS_SHOWN = 10
AUTHOR_CELLS = 8  # the author column's least width in `list`, when an article has one


def run_add(args: argparse.Namespace) -> int:
    import sys
    from collections import Counter
    from pathlib import Path

    from tui.core.library.importing import add_files
    from tui.core.text.inert import inert_marked as inert
    from tui.errors import UserError

    if any(not p.strip() for p in args.paths):
        # Path("") is the current folder: an empty name must not import it, recursively.
        raise UserError("an empty path names no file (give . for the current folder)")
    from tui.core.library.web import is_address

    outcomes = add_files(p if is_address(p) else Path(p).expanduser() for p in args.paths)
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
                        ("added    ", "green"),
                        (o.id or "", "bold"),
                        f"  {o.title}  ({o.encoding}, {o.path}{'; ' + o.reason if o.reason else ''})",
                    )
                )
            elif o.status == "skipped":
                out.print(Text.assemble(("skipped  ", "yellow"), f"{o.path}: {o.reason}"))
    for o in outcomes:
        if o.notice:
            sys.stderr.write(inert(f"yuedu: {o.path}: {o.notice}", one_line=True) + "\n")
    if len(refused) > REFUSALS_SHOWN:  # 10,000 missing paths are one line, not 10,000
        reasons = Counter(o.reason.split(" (", 1)[0] for o in refused)
        common = ", ".join(f"{n:,} {reason}" for reason, n in reasons.most_common(3))
        line = f"yuedu: refused {len(refused):,} paths ({common}), the first {refused[0].path}"
        sys.stderr.write(inert(line, one_line=True) + "\n")
    for o in refused if len(refused) <= REFUSALS_SHOWN else []:
        sys.stderr.write(inert(f"yuedu: refused {o.path}: {o.reason}", one_line=True) + "\n")
    if not outcomes:
        sys.stderr.write("yuedu: error: no .txt, .md, .html, .epub files or man pages found\n")
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
