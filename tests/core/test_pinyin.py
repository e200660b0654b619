"""Pinyin in context, its styles, and parsing typed pinyin."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tui.core.errors import UserError
from tui.core.glossary import normalise
from tui.core.pinyin import parse, render

if TYPE_CHECKING:
    from tui.core.analysis import Analyzer
    from tui.core.articles import Library

# The Foundation issue's table: each word, in every sentence of the seeds where it occurs.
EXPECTED = {
    "重要": "zhòngyào", "重启": "chóngqǐ", "重申": "chóngshēn", "重返": "chóngfǎn", "比重": "bǐzhòng",
    "部长": "bùzhǎng", "长期": "chángqī", "朝鲜": "Cháoxiǎn", "首相": "shǒuxiàng", "相对": "xiāngduì",
    "强调": "qiángdiào", "调整": "tiáozhěng", "协调": "xiétiáo", "处于": "chǔyú", "处理": "chǔlǐ",
    "为期": "wéiqī", "作为": "zuòwéi", "参与": "cānyù", "当前": "dāngqián", "角色": "juésè",
    "差异": "chāyì", "卷入": "juǎnrù", "尽管": "jǐnguǎn", "应对": "yìngduì", "石破茂": "Shípò Mào",
}  # fmt: skip


@pytest.fixture(scope="module")
def seed_readings(analyzer: Analyzer, library: Library) -> list[tuple[str, str, list[str]]]:
    """(article id, normalised text, per-character syllables) for every seed."""
    out = []
    for article in library.articles:
        analysis = analyzer.analyse(article.text)
        syllables = [s for p in analysis.pinyin for s in p]
        assert len(syllables) == len(article.text)
        out.append((article.id, normalise(article.text), syllables))
    return out


@pytest.mark.parametrize("word", list(EXPECTED))
def test_word_reading_in_every_seed_sentence(seed_readings: list[tuple[str, str, list[str]]], word: str) -> None:
    expected = EXPECTED[word].replace(" ", "")
    seen = 0
    for article_id, text, syllables in seed_readings:
        start = text.find(word)
        while start != -1:
            got = "".join(render(s, "marks") for s in syllables[start : start + len(word)])
            assert got == expected, f"{word} in {article_id} at {start}: {got}"
            seen += 1
            start = text.find(word, start + 1)
    assert seen, f"{word} does not occur in the seeds"


def test_traditional_and_simplified_get_the_same_reading(analyzer: Analyzer) -> None:
    simp = analyzer.analyse("日美两国重申了同盟关系，长期协调。")
    trad = analyzer.analyse("日美兩國重申了同盟關係，長期協調。")
    assert simp.pinyin == trad.pinyin


def test_context_rules_for_single_characters(analyzer: Analyzer) -> None:
    def reading(text: str, char: str) -> str:
        analysis = analyzer.analyse(text, use_cache=False)
        syllables = [s for p in analysis.pinyin for s in p]
        return syllables[text.index(char)]

    assert reading("他们朝着目标前进", "朝") == "chao2"
    assert reading("以对抗性为工具", "为") == "wei2"
    assert reading("为日本提供保护", "为") == "wei4"
    assert reading("经济增长了", "了") == "le5"


def test_styles() -> None:
    assert render("zhong4", "marks") == "zhòng"
    assert render("Chao2", "marks") == "Cháo"
    assert render("lv4", "marks") == "lǜ"
    assert render("le5", "marks") == "le"
    assert render("lv4", "numbers") == "lü4"
    assert render("zhong4", "zhuyin") == "ㄓㄨㄥˋ"
    assert render("", "marks") == ""
    with pytest.raises(UserError):
        render("zhong4", "fancy")


def test_parse_typed_pinyin() -> None:
    assert parse("Shípò Mào") == [["Shi2", "po4"], ["Mao4"]]
    assert parse("tong2 meng2") == [["tong2"], ["meng2"]]
    assert parse("tongmeng") == [["tong0", "meng0"]]
    assert parse("tóngméng") == [["tong2", "meng2"]]
    assert parse("Xī'ān") == [["Xi1", "an1"]]
    assert parse("jìngōngxìng") == [["jin4", "gong1", "xing4"]]
    assert parse("lüè") == [["lve4"]]
    with pytest.raises(UserError):
        parse("hello")


def test_marks_and_zhuyin_agree_with_pypinyin_on_every_syllable() -> None:
    from pypinyin.contrib.tone_convert import to_tone
    from pypinyin.style.bopomofo import BopomofoConverter

    from tui.core.pinyin_syllables import SYLLABLES

    bopomofo = BopomofoConverter()
    for base in sorted(SYLLABLES - {"m", "n", "ng", "r"}):  # interjections and erhua aside
        for tone in (1, 2, 3, 4, 5):
            syllable = f"{base}{tone}"
            assert render(syllable, "marks") == to_tone(syllable), syllable
            assert render(syllable, "zhuyin") == bopomofo.to_bopomofo(to_tone(syllable)), syllable
