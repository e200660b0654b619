"""Senses in context: the entry and sense shown first fit the reading, the script and the sentence."""

from __future__ import annotations

import pytest

from tui.core.lexicon.dictionary import Dictionary
from tui.core.lexicon.senses import first_sense, is_secondary, rank


@pytest.fixture(scope="module")
def dictionary() -> Dictionary:
    return Dictionary()


def _first(dictionary: Dictionary, analyzer, text: str, word: str, glossary: str | None = None) -> str:  # type: ignore[no-untyped-def]
    """The first sense of `word` where it occurs in `text`, reading and neighbours from the analysis."""
    analysis = analyzer.analyse(text, use_cache=False)
    at = text.index(word)
    i = next(k for k, t in enumerate(analysis.tokens) if t.start == at and t.end == at + len(word))
    simplified = analysis.simplified
    entries = dictionary.entries(simplified[at : at + len(word)])
    return first_sense(
        rank(
            entries,
            surface=word,
            reading=analysis.pinyin[i],
            before=simplified[max(0, at - 4) : at],
            after=simplified[at + len(word) : at + len(word) + 4],
            glossary_english=glossary,
        )
    )


@pytest.mark.parametrize(
    ("text", "word", "starts"),
    [
        ("我们还没有还钱", "还", "still"),
        ("他下个月还钱给银行", "还", "to pay back"),
        ("时间长了就好", "长", "long"),
        ("他们在北京开会", "在", "(of sb or sth) to be (located) at"),
        ("会议在5~6月举行", "月", "month"),
        ("今晚的月很亮", "月", "moon"),
        ("结果详见表2", "表", "a table"),
        ("两国高层举行会谈", "高层", "high level"),
        ("他说明天再来", "说", "to say"),
        ("几天里发生了很多事", "里", "inside"),
    ],
)
def test_first_sense_fits_the_sentence(dictionary, analyzer, text: str, word: str, starts: str) -> None:  # type: ignore[no-untyped-def]
    assert _first(dictionary, analyzer, text, word).startswith(starts)


def test_the_reading_picks_the_entry(dictionary: Dictionary) -> None:
    assert first_sense(rank(dictionary.entries("长"), reading=["zhang3"])) == "chief"
    assert first_sense(rank(dictionary.entries("长"), reading=["chang2"])) in ("length", "long")
    assert first_sense(rank(dictionary.entries("还"), reading=["huan2"])) == "to pay back"


def test_the_article_script_picks_the_entry(dictionary: Dictionary) -> None:
    traditional = rank(dictionary.entries("据"), surface="據", reading=["ju4"])
    assert {e.traditional for e in traditional} == {"據"}
    assert first_sense(traditional).startswith("according to")
    simplified = rank(dictionary.entries("据"), surface="据", reading=["ju4"])
    assert simplified[0].traditional == "據"  # the heading shows 據, not the variant 㨿


def test_variants_and_surnames_go_below_real_senses(dictionary: Dictionary) -> None:
    for word in ("还", "据", "里", "石"):
        ranked = rank(dictionary.entries(word))
        flags = [all(is_secondary(s) for s in e.english) for e in ranked]
        assert flags == sorted(flags), word  # every all-variant entry after every real one
    assert is_secondary("variant of 據|据[ju4]") and is_secondary("old variant of 們|们[men5]")
    assert is_secondary("surname Huan") and not is_secondary("to pay back")


def test_a_glossary_term_takes_the_glossary_sense(dictionary: Dictionary) -> None:
    ranked = rank(dictionary.entries("川普"), surface="川普", glossary_english="Donald Trump")
    assert "Trump" in first_sense(ranked)
    assert "Trump" not in first_sense(rank(dictionary.entries("川普"), surface="川普"))
