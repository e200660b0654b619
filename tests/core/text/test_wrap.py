"""Wrapped text: our line-breaking rules inside Rich, at the width it is given."""

from __future__ import annotations

from rich.console import Console
from rich.text import Text

from tui.core.text.layout import NO_LINE_START
from tui.core.text.wrap import Wrapped, wrap_spans

CLAIM = "日美關係複雜性的增強，與國際政治的一系列宏觀背景及結構性特徵有著密切關係。Free and Open Indo-Pacific。"


def test_lines_fit_keep_words_and_never_start_with_closing_punctuation() -> None:
    for width in range(6, 40):
        spans = wrap_spans(CLAIM, width)
        lines = [CLAIM[s:e] for s, e in spans]
        assert "".join(lines).replace(" ", "") == CLAIM.replace(" ", "")
        assert all(Text(line).cell_len <= width for line in lines)
        assert not [line for line in lines[1:] if line[0] in NO_LINE_START]
        if width >= len("Indo-Pacific。"):  # a word is cut only when wider than the line
            assert not [line for line in lines if line.endswith(("Indo-", "Pac", "Open In"))]


def test_the_renderable_indents_under_its_marker_and_keeps_styles() -> None:
    console = Console(width=24, record=True, color_system="truecolor")
    text = Text(CLAIM)
    text.stylize("green", 0, 4)
    console.print(Wrapped(text, "▸", indent=2))
    lines = console.export_text(clear=False).splitlines()
    assert lines[0].startswith("  ▸日美關係") and all(line.startswith("   ") for line in lines[1:])
    assert "".join(line.strip().lstrip("▸") for line in lines).replace(" ", "") == CLAIM.replace(" ", "")
    assert "color: #008000" in console.export_html(inline_styles=True)
