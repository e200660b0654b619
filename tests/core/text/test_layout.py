"""Line breaking: the rules hold over every seed at every width, and the width holds for any spans."""

from __future__ import annotations

import itertools
from typing import TYPE_CHECKING

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rich.cells import cell_len

from tui.core.text.layout import NO_LINE_END, NO_LINE_START, Line, label_runs, layout, plain_rows
from tui.core.text.pinyin import join_word, render, written_syllables

if TYPE_CHECKING:
    from tui.core.library.articles import Library
    from tui.core.text.analysis import Analyzer

# (text, token spans, rendered pinyin per token) for each seed article
Seeds = list[tuple[str, list[tuple[int, int]], list[list[str]]]]


@pytest.fixture(scope="module")
def seeds(analyzer: Analyzer, library: Library) -> Seeds:
    out = []
    for article in library.articles:
        analysis = analyzer.analyse(article.text)
        spans = [(t.start, t.end) for t in analysis.tokens]
        pinyin = [[render(s, "marks") for s in p] for p in analysis.pinyin]
        out.append((article.text, spans, pinyin))
    return out


@pytest.mark.parametrize("with_pinyin", [False, True])
def test_line_breaking_rules_over_seeds(seeds: Seeds, with_pinyin: bool) -> None:
    for text, spans, pinyin in seeds:
        for width in range(20, 121, 7):
            lines = layout(text, spans, width, pinyin if with_pinyin else None)
            covered = "".join(text[p.start : p.end] for line in lines for p in line.pieces)
            assert "".join(covered.split()) == "".join(text.split())  # only spaces at a wrap are dropped
            for line in lines:
                if not line.pieces:
                    continue
                assert line.width <= width
                first = text[line.pieces[0].start]
                last = text[line.pieces[-1].end - 1]
                assert first not in NO_LINE_START, (width, text[line.start : line.end])
                assert last not in NO_LINE_END, (width, text[line.start : line.end])
                if not with_pinyin:
                    assert cell_len(text[line.start : line.end].rstrip("\n")) <= width


def test_pinyin_widens_words() -> None:
    text = "同盟关系"
    lines = layout(text, [(0, 2), (2, 4)], 40, [["tóng", "méng"], ["guān", "xì"]])
    assert [p.width for p in lines[0].pieces] == [9, 7]
    assert lines[0].pieces[1].x == 9


# Han, both kinds of punctuation the rules name, Latin, digits and spaces: every way a line can break.
_ALPHABET = st.sampled_from(
    [*"日美關係同盟的了", *sorted(NO_LINE_START), *sorted(NO_LINE_END), *"ab1 ", "\n", "\u3000"]
)


@st.composite
def _laid_out(draw: st.DrawFn, with_pinyin: bool) -> tuple[str, list[tuple[int, int]], int, list[list[str]] | None]:
    """A text cut into arbitrary spans that cover it (as tokens do), a width, and pinyin that fits it."""
    text = draw(st.text(alphabet=_ALPHABET, min_size=1, max_size=60))
    cuts = sorted(draw(st.sets(st.integers(1, len(text) - 1), max_size=len(text))) if len(text) > 1 else [])
    bounds = [0, *cuts, len(text)]
    spans = list(itertools.pairwise(bounds))
    width = draw(st.integers(4, 30))
    pinyin = None
    if with_pinyin:
        # One syllable per character, each narrow enough that its character fits a line alone;
        # some end a written word (a space after them), as in Yà-Tài Jīng-Hé.
        syllable = st.builds(
            str.__add__, st.text(alphabet="aeiouŋǎ-'", max_size=width - 2), st.sampled_from(["", "", " "])
        )
        pinyin = [[draw(syllable) for _ in range(e - s)] for s, e in spans]
    return text, spans, width, pinyin


def _check_lines(text: str, spans: list[tuple[int, int]], width: int, lines: list[Line]) -> None:
    position = 0  # offsets not yet covered by a piece
    for line in lines:
        x = 0
        for piece in line.pieces:
            assert piece.x == x  # pieces sit side by side
            x += piece.width
            span_start, span_end = spans[piece.token]
            assert span_start <= piece.start < piece.end <= span_end
            # Only whitespace is dropped (at a wrap, and the newlines that end a line).
            skipped = text[position : piece.start]
            assert piece.start >= position and (skipped == "" or skipped.isspace()), (skipped, lines)
            position = piece.end
        assert line.width <= width, (line, width)
        # Pinyin labels never run into each other, nor past the line.
        label_end = 0
        for piece in line.pieces:
            if piece.pinyin:
                assert piece.x >= label_end, (line, width)
                label_end = piece.x + cell_len(piece.pinyin) + 1
        assert label_end <= max(width, line.width)
        top, bottom = plain_rows(text, line)
        assert cell_len(top) <= width and cell_len(bottom) <= width, (top, bottom, width)
    assert text[position:] == "" or text[position:].isspace()


@settings(max_examples=400, deadline=None)
@given(_laid_out(with_pinyin=False))
def test_no_line_is_wider_than_the_width_and_nothing_is_lost(case) -> None:  # type: ignore[no-untyped-def]
    text, spans, width, _ = case
    _check_lines(text, spans, width, layout(text, spans, width))


@settings(max_examples=400, deadline=None)
@given(_laid_out(with_pinyin=True), st.sampled_from(["", " "]))
def test_with_pinyin_no_line_is_wider_than_the_width(case, joiner: str) -> None:  # type: ignore[no-untyped-def]
    text, spans, width, pinyin = case
    _check_lines(text, spans, width, layout(text, spans, width, pinyin, joiner))


def test_a_closing_mark_takes_characters_along_only_when_they_fit() -> None:
    # Found by the property test: carrying 1。 to the next line beside the second 。 made a 5-cell line.
    lines = layout("11。。", [(0, 4)], 4)
    assert [plain_rows("11。。", line)[1] for line in lines] == ["11。", "。"]
    # When they fit, the closing mark still does not start the line.
    lines = layout("1111。", [(0, 5)], 4)
    assert [plain_rows("1111。", line)[1] for line in lines] == ["111", "1。"]


# 亚太经合组织领导人非正式会议 as written: Yà-Tài Jīng-Hé Zǔzhī Lǐngdǎorén Fēizhèngshì Huìyì.
APEC = "亚太经合组织领导人非正式会议"
APEC_READING = "Ya4 Tai4 Jing1 He2 Zu3 zhi1 Ling3 dao3 ren2 Fei1 zheng4 shi4 Hui4 yi4".split()
APEC_SPELLED = "Yà-Tài Jīng-Hé Zǔzhī Lǐngdǎorén Fēizhèngshì Huìyì"


@pytest.mark.parametrize("width", [12, 20, 30, 46])
def test_a_word_wider_than_the_line_breaks_between_its_written_words(width: int) -> None:
    written = written_syllables(APEC_READING, "marks", APEC_SPELLED)
    assert "".join(written) == APEC_SPELLED and cell_len(APEC_SPELLED) > max(12, 20, 30, 46)
    lines = layout(APEC, [(0, len(APEC))], width, [written])
    assert len(lines) > 1
    for line in lines:
        top, bottom = plain_rows(APEC, line)
        assert cell_len(top) < width and cell_len(bottom) <= width
        # Each line's pinyin is what its own characters read, and each written word's
        # characters start under its first syllable.
        for piece in line.pieces:
            a, b = piece.start, piece.end
            assert piece.pinyin == "".join(written[a:b]).rstrip(), (width, piece)
    cut = [(p.start, p.pinyin) for line in lines for p in line.pieces]
    assert " ".join(label for _, label in cut).replace("- ", "-") == APEC_SPELLED
    assert "".join(plain_rows(APEC, line)[1].replace(" ", "") for line in lines) == APEC
    # Written words stay whole (each fits these widths): every cut falls where the spelling has a space.
    assert all(written[start - 1].endswith(" ") for start, _ in cut[1:]), cut


def test_a_written_word_wider_than_the_line_breaks_between_syllables() -> None:
    written = written_syllables(APEC_READING, "marks", APEC_SPELLED)
    lines = layout(APEC, [(0, len(APEC))], 8, [written])
    labels = [p.pinyin for line in lines for p in line.pieces]
    assert "Lǐngdǎorén" not in labels and all(cell_len(label) < 8 for label in labels)
    assert "".join(labels).replace(" ", "") == APEC_SPELLED.replace(" ", "")


def test_closing_marks_sit_after_the_characters_under_the_pinyin() -> None:
    text = "近日，日本首相"
    spans = [(0, 2), (2, 3), (3, 5), (5, 7)]
    pinyin = [["jìn", "rì"], [""], ["Rì", "běn"], ["shǒu", "xiàng"]]
    (line,) = layout(text, spans, 40, pinyin)
    comma = line.pieces[1]
    assert comma.x == cell_len("近日")  # against the word before it, not the next one
    top, bottom = plain_rows(text, line)
    assert bottom.startswith("近日，")
    assert column(top, "Rì") == column(bottom, "日本")  # each word still under its pinyin


def column(row: str, part: str) -> int:
    return cell_len(row[: row.index(part)])


def test_closing_marks_never_start_a_line_with_pinyin_at_any_width(seeds: Seeds) -> None:
    text, spans, pinyin = seeds[0]
    for width in range(10, 60):
        for line in layout(text, spans, width, pinyin):
            if line.pieces:
                assert text[line.pieces[0].start] not in NO_LINE_START, (width, text[line.start : line.end])


@given(st.lists(st.text(alphabet="aǎ-' ", max_size=5), max_size=6))
def test_label_runs_cut_a_label_into_its_syllables(syllables: list[str]) -> None:
    label = "".join(s for s in syllables if s).rstrip(" ")
    runs = label_runs(label, syllables)
    assert "".join(run for run, _ in runs) == label
    assert all(0 <= k < len(syllables) for _, k in runs)


def test_tone_runs_of_a_word() -> None:
    written = written_syllables(["guan1", "zhu4"])
    assert [run for run, _ in label_runs(join_word(["guan1", "zhu4"], "marks"), written)] == ["guān", "zhù"]


@settings(max_examples=200, deadline=None)
@given(_laid_out(with_pinyin=False))
def test_with_gaps_one_empty_line_follows_each_paragraph_and_the_lines_are_the_same(case) -> None:  # type: ignore[no-untyped-def]
    text, spans, width, _ = case
    plain = layout(text, spans, width)
    spaced = layout(text, spans, width, gaps=True)
    # The same lines with words, in order: the gaps only add empty lines.
    assert [line.pieces for line in spaced if line.pieces] == [line.pieces for line in plain if line.pieces]
    for k, line in enumerate(spaced):
        if not line.pieces:
            assert k > 0 and spaced[k - 1].pieces, "never two empty lines, nor one first"
    # One gap per newline token that ends a paragraph with something visible in it.
    expected, seen = 0, False
    for s, e in spans:
        if text[s:e] == "\n":
            expected, seen = expected + seen, False
        elif text[s:e].strip():
            seen = True
    assert sum(1 for line in spaced if not line.pieces) == expected


def test_gaps_between_paragraphs_however_many_blank_lines_the_text_has() -> None:
    for text in ("一二\n三四\n五", "一二\n\n\n三四\n\n五\n"):
        spans = [(i, i + 1) for i in range(len(text))]
        lines = layout(text, spans, 20, gaps=True)
        rows = ["".join(text[p.start : p.end] for p in line.pieces) for line in lines]
        assert rows[:5] == ["一二", "", "三四", "", "五"], text
        # The empty line sits at the newline's offset: offsets into the text hold.
        assert lines[1].start == text.index("\n")


@settings(max_examples=200, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=5), max_size=40), st.integers(0, 45), st.integers(0, 45))
def test_token_spans_read_from_packed_ends_equal_the_spans(lengths: list[int], a: int, b: int) -> None:
    from array import array

    from tui.core.text.analysis import PackedTokens, TokenSpans, token_spans

    ends = array("I", itertools.accumulate(lengths))
    text = "字" * (ends[-1] if ends else 0)
    spans = [((ends[k - 1] if k else 0), ends[k]) for k in range(len(ends))]
    packed = token_spans(PackedTokens(text, ends, bytes(len(ends))))
    assert list(packed) == spans and len(packed) == len(spans)
    assert [packed[k] for k in range(-len(spans), len(spans))] == spans + spans
    assert list(packed[a:b]) == spans[a:b]
    assert list(packed[a:][: max(0, b - a)]) == spans[a:][: max(0, b - a)]  # a slice of a slice
    chars = TokenSpans(None, 0, len(text))
    assert list(chars[a:b]) == [(k, k + 1) for k in range(len(text))][a:b]


def test_layout_over_token_spans_equals_layout_over_a_list(seeds: Seeds) -> None:
    from tui.core.text.analysis import TokenSpans

    text, spans, _ = seeds[0]
    ends = [e for _, e in spans]
    assert layout(text, TokenSpans(ends, 0, len(ends)), 40) == layout(text, spans, 40)
    chars = [(k, k + 1) for k in range(len(text))]
    assert layout(text, TokenSpans(None, 0, len(text)), 33) == layout(text, chars, 33)


def _code_document() -> tuple[str, list[tuple[int, int]], tuple[int, int], list[str]]:
    """A paragraph, a code block of indented lines and a paragraph, as document_text lays them
    out: one text line per code line. Token spans are characters, with each space its own token."""
    code = ["$ ls -l /etc", "    total 0", "  drwxr-xr-x 2 root root"]
    text = "\n".join(["下面是命令的例子。", *code, "然后可以继续阅读。"])
    start = text.index(code[0])
    return text, [(i, i + 1) for i in range(len(text))], (start, start + len("\n".join(code))), code


def test_code_lines_follow_each_other_with_their_indentation() -> None:
    text, spans, block, code = _code_document()
    lines = layout(text, spans, 60, gaps=True, preformatted=[block])
    shown = [text[line.start : line.end] if line.pieces else "" for line in lines]
    first, last = text.split("\n")[0], text.split("\n")[-1]
    # A gap before and after the block, none between its lines, each line as written.
    assert shown == [first, "", *code, "", last]
    for line, written in zip(lines[2:5], code, strict=True):
        assert line.pieces[0].x == 0 and line.pieces[0].start == line.start
        assert line.width == cell_len(written)


def test_without_preformatted_spans_code_lines_are_paragraphs() -> None:
    text, spans, _block, code = _code_document()
    lines = layout(text, spans, 60, gaps=True)
    shown = [text[line.start : line.end] if line.pieces else "" for line in lines]
    assert shown.count("") == len(code) + 1  # a gap after every line but the last
    assert [s for s in shown if s][1:4] == [c.strip() for c in code]  # leading spaces dropped


def test_a_long_code_line_wraps_at_the_width() -> None:
    text, spans, block, _code = _code_document()
    lines = layout(text, spans, 12, gaps=True, preformatted=[block])
    inside = [line for line in lines if line.pieces and block[0] <= line.start < block[1]]
    assert all(line.width <= 12 for line in inside)
    assert "".join(text[p.start : p.end] for line in inside for p in line.pieces) == text[block[0] : block[1]].replace(
        "\n", ""
    )
