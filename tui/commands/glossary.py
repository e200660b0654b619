"""`yuedu glossary list|show|check`."""

from __future__ import annotations

import argparse
import sys

from tui.core.jsonable import to_json
from tui.errors import NotFound
from tui.output import console, print_json, write_text


class _Texts:
    """The search index, synced once, and each article's normalised reading text, read once."""

    def __init__(self) -> None:
        from tui.core.library.index import SearchIndex

        self.index = SearchIndex()
        self.index.sync()
        self.ids = self.index.doc_ids()
        self._texts: dict[int, str] = {}

    def text(self, doc_id: int) -> str:
        from tui.core.lexicon.glossary import normalise

        if doc_id not in self._texts:
            self._texts[doc_id] = normalise(self.index.document(doc_id)[3])
        return self._texts[doc_id]


COUNTED = "in each article's reading text, either script"


def _occurrences(entry, texts: _Texts | None = None) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Per article, how often the entry's forms occur in its reading text (either script), from
    the search index: the count `lookup`, `search` and the reader give. A form inside another
    (印太 in 印太地区) is one occurrence; a Latin form counts only as a whole word."""
    from tui.core.lexicon.glossary import normalise, occurrences

    texts = texts or _Texts()
    index, ids = texts.index, texts.ids
    docs: set[int] = set()
    for form in entry.forms:  # the index narrows the articles to read
        if normalise(form).strip():
            docs.update(index.doc_counts(normalise(form)))
    out = []
    for doc_id in sorted(docs, key=lambda d: ids.get(d, "")):
        kept, by_form = occurrences(entry, texts.text(doc_id))
        if kept:
            out.append({"article": ids.get(doc_id, "?"), "count": len(kept), "forms": by_form})
    return out


def run_list(args: argparse.Namespace) -> int:
    from tui.core.lexicon.glossary import Glossary
    from tui.core.library.articles import Library

    glossary = Glossary.load()
    only = Library().resolve(args.article).id if args.article else None
    texts = _Texts()  # the same count as `glossary show`, `lookup` and `search`
    rows = []
    for entry in glossary.entries:
        count = sum(int(o["count"]) for o in _occurrences(entry, texts) if only is None or o["article"] == only)  # type: ignore[call-overload]
        if args.article and not count:
            continue
        rows.append({**to_json(entry), "count": count})
    rows.sort(key=lambda r: (-int(r["count"]), str(r["term"])))
    if args.json:
        print_json(rows)
        return 0
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False)
    for name in ("term", "pinyin", "english", "category", "count"):
        table.add_column(name, justify="right" if name == "count" else "left")
    for r in rows:
        table.add_row(str(r["term"]), str(r["pinyin"]), str(r["english"]), str(r["category"]), str(r["count"]))
    out = console()
    out.print(table)
    out.print(Text(f"count: occurrences {COUNTED}" + (f" ({only})" if only else ""), style="dim"))
    return 0


def run_show(args: argparse.Namespace) -> int:
    from rich.text import Text

    from tui.core.lexicon.glossary import Glossary

    glossary = Glossary.load()
    entry = glossary.find(args.term)
    if entry is None:
        raise NotFound(f"no glossary entry for {args.term!r}")
    occurrences = _occurrences(entry)
    if args.json:
        print_json({**to_json(entry), "occurrences": occurrences})
        return 0
    out = console()
    head = Text(entry.term, style="bold")
    if entry.traditional != entry.term:
        head.append(f"  {entry.traditional}", style="bold")
    head.append(f"  {entry.pinyin}", style="cyan")
    head.append(f"  {entry.english}  ")
    head.append(f"[{entry.category}]", style="dim")
    out.print(head)
    if entry.aliases:
        out.print(Text("  also: " + ", ".join(entry.aliases), style="dim"))
    out.print(Text("  " + entry.note))
    if entry.see_also:
        out.print(Text("  see also: " + ", ".join(entry.see_also), style="dim"))
    if occurrences:
        out.print(Text(f"  {COUNTED}:", style="dim"))
    for o in occurrences:
        forms = ", ".join(f"{f}×{n}" for f, n in o["forms"].items())  # type: ignore[attr-defined]
        out.print(Text(f"  {o['article']}: {o['count']} ({forms})", style="dim"))
    return 0


def run_check(args: argparse.Namespace) -> int:
    from tui.core.lexicon.glossary import Glossary, check

    glossary = Glossary.load(quiet=True)  # the problems are the report, not a notice
    problems = check(glossary)
    for problem in problems:
        write_text(f"{problem}\n")
    if problems:
        # The report is on stdout; stderr says in one line that the input was bad (exit 2).
        count = len(problems)
        sys.stderr.write(f"yuedu: glossary: {count} problem{'s' if count > 1 else ''}, listed above\n")
        return 2
    sys.stdout.write(f"ok: {len(glossary.entries)} entries\n")
    return 0
