"""Pinyin orthography (GB/T 16159-2012): apostrophes, capitals, words grouped, one function everywhere."""

from __future__ import annotations

import pytest

from tests.conftest import run_cli
from tui.core.library.articles import Library
from tui.core.text.analysis import Analyzer
from tui.core.text.pinyin_orthography import join_word, written_line, written_syllables


@pytest.mark.parametrize(
    ("syllables", "written"),
    [
        (["Xi1", "an1"], "Xī'ān"),
        (["Tian1", "an1", "men2"], "Tiān'ānmén"),
        (["ran2", "er2"], "rán'ér"),
        (["Yan2", "an1"], "Yán'ān"),
        (["hai3", "ou1"], "hǎi'ōu"),
        (["tong2", "meng2"], "tóngméng"),  # no apostrophe before a consonant
        (["an1", "quan2"], "ānquán"),  # none at the start of a word
    ],
)
def test_apostrophe_before_a_o_e_inside_a_word(syllables: list[str], written: str) -> None:
    assert join_word(syllables, "marks") == written


def test_each_syllable_stays_over_its_character() -> None:
    pieces = written_syllables(["Xi1", "an1"])
    assert pieces == ["Xī", "'ān"]
    assert len(written_syllables(["ni3", "", "hao3"])) == 3


def test_glossary_spelling_groups_and_hyphenates() -> None:
    assert join_word(["Shi2", "po4", "Mao4"], "marks", "Shípò Mào") == "Shípò Mào"
    assert join_word(["Ri4", "Mei3", "tong2", "meng2"], "marks", "Rì-Měi tóngméng") == "Rì-Měi tóngméng"
    # A spelling that does not fit the syllables is ignored, not half applied.
    assert join_word(["tong2", "meng2"], "marks", "Shípò Mào") == "tóngméng"


def test_a_capital_inside_a_compound_starts_a_new_name_word() -> None:
    assert join_word(["Mei3", "guo2", "Guo2", "hui4"], "marks") == "Měiguó Guóhuì"


def test_numbers_style_spaces_syllables() -> None:
    assert join_word(["Xi1", "an1"], "numbers") == "Xi1 an1"


def test_running_pinyin_line() -> None:
    line = written_line(
        [
            ("han", "日本", ["Rì", "běn"]),
            ("han", "首相", ["shǒu", "xiàng"]),
            ("punct", "，", [""]),
            ("han", "然而", ["rán", "'ér"]),
            ("punct", "。", [""]),
            ("han", "我们", ["wǒ", "men"]),
        ]
    )
    assert line == "Rìběn shǒuxiàng, rán'ér. Wǒmen"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("日本首相访问西安", ["Rìběn", "shǒuxiàng", "fǎngwèn", "Xī'ān"]),
        ("石破茂", ["Shípò Mào"]),
        ("日美同盟", ["Rì-Měi tóngméng"]),
        ("印太地区", ["Yìn-Tài", "dìqū"]),
    ],
)
def test_names_and_places_are_capitalised_and_grouped(analyzer: Analyzer, text: str, expected: list[str]) -> None:
    from tui.core.text.analysis import written_tokens

    analysis = analyzer.analyse(text, use_cache=False)
    words = ["".join(w).strip() for w in written_tokens(analysis)]
    assert [w for w in words if w] == expected


def test_cli_and_reader_write_the_first_paragraph_of_001_alike(library: Library, analyzer) -> None:  # type: ignore[no-untyped-def]
    from tui.core.lexicon.glossary import Glossary
    from tui.core.reading import Reading
    from tui.core.text.layout import layout, plain_rows

    article = library.resolve("001")
    start, end = article.paragraphs[0]
    paragraph = article.text[start:end]
    # The reader's pinyin rows, laid out at the CLI's width for a pipe (100 cells).
    reading = Reading(article, analyzer.analyse(article.text), Glossary.load())
    tokens = reading.analysis.tokens
    first, last = reading.token_at(start), reading.token_at(end - 1)
    spans = [(t.start - start, t.end - start) for t in tokens[first : last + 1]]
    rows = [reading.pinyin_written(i) for i in range(first, last + 1)]
    reader_rows = [plain_rows(paragraph, line)[0] for line in layout(paragraph, spans, 100, rows)]
    cli = run_cli("pinyin", "-", stdin=paragraph)
    assert cli.returncode == 0, cli.stderr
    cli_rows = cli.stdout.splitlines()[0::2]
    assert cli_rows == reader_rows
    assert any("Shípò Mào" in row or "Rìběn" in row for row in reader_rows)
