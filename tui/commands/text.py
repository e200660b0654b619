"""`yuedu pinyin` and `yuedu convert`: text in, text out."""

from __future__ import annotations

import argparse
import shutil
import sys
from typing import TYPE_CHECKING

from tui.commands.io import read_text_arg
from tui.output import print_json_records, write_text

if TYPE_CHECKING:
    from collections.abc import Iterable, Iterator, Sequence

    from tui.core.text.analysis import Analysis, Analyzer
    from tui.core.text.annotate import AnnotatedToken
    from tui.core.text.cleaning import BlockSpan


def run_pinyin(args: argparse.Namespace) -> int:
    from tui.core.text.analysis import Analyzer, written_tokens
    from tui.core.text.annotate import pieces
    from tui.core.text.layout import layout, plain_rows
    from tui.core.text.pinyin import render

    text = read_text_arg(args.text)
    analyzer = Analyzer()
    # A piece at a time (cut at paragraph breaks), written as it is made: 8 MB at once held
    # 2.7 GB. Words, sandhi and lines never span a paragraph break, so the output is the same.
    if args.json:

        def tokens() -> Iterator[dict[str, object]]:
            for base, piece in pieces(text):
                analysis, pinyin = _pinyin_of(analyzer, piece, args.sandhi)
                for tok, syllables in zip(analysis.tokens, pinyin):
                    yield {
                        "text": tok.text,
                        "start": tok.start + base,
                        "end": tok.end + base,
                        "pinyin": [render(s, args.style) for s in syllables],
                    }

        print_json_records({"text": text}, "tokens", tokens())
        return 0
    width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    for _, piece in pieces(text):
        analysis, _ = _pinyin_of(analyzer, piece, args.sandhi)
        spans = [(t.start, t.end) for t in analysis.tokens]
        # The same written form as the reader's pinyin row (Shípò Mào, Xī'ān).
        for line in layout(piece, spans, width, written_tokens(analysis, args.style, args.sandhi)):
            top, bottom = plain_rows(piece, line)
            if top:
                write_text(top + "\n")
            write_text(bottom + "\n")
    return 0


def _pinyin_of(analyzer: Analyzer, text: str, sandhi: bool) -> tuple[Analysis, Sequence[Sequence[str]]]:
    from tui.core.text.pinyin import spoken

    analysis = analyzer.analyse(text, use_cache=False)
    if not sandhi:
        return analysis, analysis.pinyin
    return analysis, tuple(spoken([analysis.word(t) for t in analysis.tokens], analysis.pinyin))


def run_annotate(args: argparse.Namespace) -> int:
    from tui.core.text.analysis import Analyzer
    from tui.core.text.annotate import annotated_tokens, html_sheet
    from tui.errors import UserError

    title = "yuedu reading sheet"
    blocks: tuple[BlockSpan, ...] = ()
    if args.article is not None:
        if args.text not in (None, "-"):
            raise UserError("give TEXT or --article, not both")
        from tui.core.library.articles import Library

        article = Library().resolve(args.article)
        text, title = article.text, article.title or article.id
        blocks = article.cleaned.blocks  # a document's: its sheet keeps headings and tables
    else:
        text = read_text_arg(args.text)
    if args.json:
        print_json_records({"text": text}, "tokens", annotated_tokens(text, Analyzer(), sandhi=args.sandhi))
        return 0
    if args.format == "html":
        for part in html_sheet(annotated_tokens(text, Analyzer(), sandhi=args.sandhi), title, blocks):
            write_text(part)  # streamed; on a terminal, inert like any text
    else:
        _annotate_text(annotated_tokens(text, Analyzer(), sandhi=args.sandhi))  # streamed
    return 0


def _annotate_text(tokens: Iterable[AnnotatedToken]) -> None:
    from tui.output import Lines

    lines = Lines()
    for tok in tokens:
        if not tok["written"]:
            continue
        parts: list[tuple[str, str | None]] = [(tok["text"], "bold"), (f"  {tok['written']}", "cyan")]
        if tok["hsk"]:
            parts.append((f"  HSK {tok['hsk']}", "dim"))
        if tok["gloss"]:
            parts.append((f"  {tok['gloss']}", None))
        if tok["glossary"]:
            parts.append((f"  [glossary: {tok['glossary']}]", "green"))
        lines.add(parts)
    lines.close()


def run_convert(args: argparse.Namespace) -> int:
    from tui.core.text.script import convert

    text = read_text_arg(args.text)
    converted = convert(text, args.config or args.to).text
    write_text(converted if converted.endswith("\n") else converted + "\n")
    return 0
