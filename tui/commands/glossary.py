"""`yuedu glossary list|show|check`."""

from __future__ import annotations

import argparse
import sys
from collections import Counter

from tui.core.jsonable import to_json
from tui.errors import NotFound
from tui.output import console, print_json, write_text


def _counts(glossary, articles) -> dict[str, dict[str, Counter[str]]]:  # type: ignore[no-untyped-def]
    """term -> article id -> Counter of surface forms, from the cached analyses."""
    from tui.core.text.analysis import Analyzer

    analyzer = Analyzer(glossary)
    out: dict[str, dict[str, Counter[str]]] = {}
    for article in articles:
        analysis = analyzer.analyse(article.text)
        for m in analysis.glossary:
            forms = out.setdefault(m.entry.term, {}).setdefault(article.id, Counter())
            forms[article.text[m.start : m.end]] += 1
    return out


def _occurrences(entry) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Per article, how often the entry's forms occur in its reading text (either script), from
    the search index: the count `lookup`, `search` and the reader give. A form inside another
    (印太 in 印太地区) is one occurrence; a Latin form counts only as a whole word."""
    import re

    from tui.core.lexicon.glossary import normalise
    from tui.core.library.index import SearchIndex, find_all

    index = SearchIndex()
    index.sync()
    ids = index.doc_ids()
    keys = {normalise(f): f for f in reversed(entry.forms)}  # the first form written names a key
    found: dict[int, dict[str, list[tuple[int, int]]]] = {}
    for key, form in keys.items():
        if not key.strip():
            continue
        latin = re.fullmatch(r"[\x00-\x7f]+", key) is not None
        for doc_id in index.doc_counts(key):
            text = normalise(index.document(doc_id)[3])
            spans = [
                (o, o + len(key))
                for o in find_all(text, key)
                if not latin or not (text[o - 1 : o].isalnum() or text[o + len(key) : o + len(key) + 1].isalnum())
            ]
            if spans:
                found.setdefault(doc_id, {})[form] = spans
    out = []
    for doc_id in sorted(found, key=lambda d: ids.get(d, "")):
        forms = found[doc_id]
        kept: list[tuple[int, int]] = []
        for start, end in sorted((s for spans in forms.values() for s in spans), key=lambda s: (s[0], -s[1])):
            if kept and kept[-1][0] <= start and end <= kept[-1][1]:
                continue  # inside a longer form's occurrence
            kept.append((start, end))
        by_form = dict(sorted(((f, len(s)) for f, s in forms.items()), key=lambda x: -x[1]))
        out.append({"article": ids.get(doc_id, "?"), "count": len(kept), "forms": by_form})
    return out


def run_list(args: argparse.Namespace) -> int:
    from tui.core.lexicon.glossary import Glossary
    from tui.core.library.articles import Library

    glossary = Glossary.load()
    library = Library()
    articles = [library.resolve(args.article)] if args.article else library.articles
    counts = _counts(glossary, articles)
    rows = []
    for entry in glossary.entries:
        count = sum(sum(c.values()) for c in counts.get(entry.term, {}).values())
        if args.article and not count:
            continue
        rows.append({**to_json(entry), "count": count})
    rows.sort(key=lambda r: (-int(r["count"]), str(r["term"])))
    if args.json:
        print_json(rows)
        return 0
    from rich.table import Table

    table = Table(box=None, pad_edge=False)
    for name in ("term", "pinyin", "english", "category", "count"):
        table.add_column(name, justify="right" if name == "count" else "left")
    for r in rows:
        table.add_row(str(r["term"]), str(r["pinyin"]), str(r["english"]), str(r["category"]), str(r["count"]))
    console().print(table)
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
        out.print(Text("  in each article's reading text, either script:", style="dim"))
    for o in occurrences:
        forms = ", ".join(f"{f}×{n}" for f, n in o["forms"].items())  # type: ignore[attr-defined]
        out.print(Text(f"  {o['article']}: {o['count']} ({forms})", style="dim"))
    return 0


def run_check(args: argparse.Namespace) -> int:
    from tui.core.lexicon.glossary import Glossary, check

    glossary = Glossary.load()
    problems = check(glossary)
    for problem in problems:
        write_text(f"{problem}\n")
    if problems:
        return 1
    sys.stdout.write(f"ok: {len(glossary.entries)} entries\n")
    return 0
