"""`yuedu pinyin` and `yuedu convert`: text in, text out."""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import TYPE_CHECKING

from tui.commands.io import read_text_arg
from tui.output import print_json, write_text

if TYPE_CHECKING:
    from tui.core.text.annotate import Annotation


def run_pinyin(args: argparse.Namespace) -> int:
    from tui.core.text.analysis import Analyzer, written_tokens
    from tui.core.text.layout import layout, plain_rows
    from tui.core.text.pinyin import render, spoken

    text = read_text_arg(args.text)
    analysis = Analyzer().analyse(text, use_cache=False)
    pinyin = analysis.pinyin
    if args.sandhi:
        pinyin = tuple(spoken([analysis.simplified[t.start : t.end] for t in analysis.tokens], analysis.pinyin))
    if args.json:
        print_json(
            {
                "text": text,
                "tokens": [
                    {
                        "text": tok.text,
                        "start": tok.start,
                        "end": tok.end,
                        "pinyin": [render(s, args.style) for s in syllables],
                    }
                    for tok, syllables in zip(analysis.tokens, pinyin)
                ],
            }
        )
        return 0
    width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    spans = [(t.start, t.end) for t in analysis.tokens]
    # The same written form as the reader's pinyin row (Shípò Mào, Xī'ān).
    for line in layout(text, spans, width, written_tokens(analysis, args.style, args.sandhi)):
        top, bottom = plain_rows(text, line)
        if top:
            write_text(top + "\n")
        write_text(bottom + "\n")
    return 0


def run_annotate(args: argparse.Namespace) -> int:
    from tui.core.text.analysis import Analyzer
    from tui.core.text.annotate import annotate, to_html
    from tui.errors import UserError

    title = "yuedu reading sheet"
    if args.article is not None:
        if args.text not in (None, "-"):
            raise UserError("give TEXT or --article, not both")
        from tui.core.library.articles import Library

        article = Library().resolve(args.article)
        text, title = article.text, article.title or article.id
    else:
        text = read_text_arg(args.text)
    result = annotate(text, Analyzer(), sandhi=args.sandhi)
    if args.json:
        print_json(result)
    elif args.format == "html":
        write_text(to_html(result, title))  # on a terminal, inert like any text
    else:
        _annotate_text(result)
    return 0


def _annotate_text(result: Annotation) -> None:
    from rich.text import Text

    from tui.output import console

    out = console()
    for tok in result["tokens"]:
        if not tok["written"]:
            continue
        line = Text(tok["text"], style="bold")
        line.append(f"  {tok['written']}", style="cyan")
        if tok["hsk"]:
            line.append(f"  HSK {tok['hsk']}", style="dim")
        if tok["gloss"]:
            line.append(f"  {tok['gloss']}")
        if tok["glossary"]:
            line.append(f"  [glossary: {tok['glossary']}]", style="green")
        out.print(line)


def run_convert(args: argparse.Namespace) -> int:
    from tui.core.text.script import convert

    text = read_text_arg(args.text)
    converted = convert(text, args.config or args.to).text
    write_text(converted if converted.endswith("\n") else converted + "\n")
    return 0
