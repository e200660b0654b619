"""`yuedu pinyin` and `yuedu convert`: text in, text out."""

from __future__ import annotations

import argparse
import shutil
import sys

from tui.commands.io import read_text_arg
from tui.output import print_json, write_text


def run_pinyin(args: argparse.Namespace) -> int:
    from tui.core.analysis import Analyzer, written_tokens
    from tui.core.layout import layout, plain_rows
    from tui.core.pinyin import render

    text = read_text_arg(args.text)
    analysis = Analyzer().analyse(text, use_cache=False)
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
                    for tok, syllables in zip(analysis.tokens, analysis.pinyin)
                ],
            }
        )
        return 0
    width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    spans = [(t.start, t.end) for t in analysis.tokens]
    # The same written form as the reader's pinyin row (Shípò Mào, Xī'ān).
    for line in layout(text, spans, width, written_tokens(analysis, args.style)):
        top, bottom = plain_rows(text, line)
        if top:
            write_text(top + "\n")
        write_text(bottom + "\n")
    return 0


def run_convert(args: argparse.Namespace) -> int:
    from tui.core.script import convert

    text = read_text_arg(args.text)
    converted = convert(text, args.config or args.to).text
    write_text(converted if converted.endswith("\n") else converted + "\n")
    return 0
