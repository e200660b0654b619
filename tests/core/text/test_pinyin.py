"""Pinyin in context, its styles, and parsing typed pinyin."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tui.core.lexicon.glossary import normalise
from tui.core.text.pinyin import parse, render
from tui.errors import UserError

if TYPE_CHECKING:
    from tui.core.library.articles import Library
    from tui.core.text.analysis import Analyzer

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

    from tui.core.text.pinyin_syllables import SYLLABLES

    bopomofo = BopomofoConverter()
    for base in sorted(SYLLABLES - {"m", "n", "ng", "r"}):  # interjections and erhua aside
        for tone in (1, 2, 3, 4, 5):
            syllable = f"{base}{tone}"
            assert render(syllable, "marks") == to_tone(syllable), syllable
            assert render(syllable, "zhuyin") == bopomofo.to_bopomofo(to_tone(syllable)), syllable


def _syllable(analyzer: Analyzer, text: str, at: int) -> str:
    analysis = analyzer.analyse(text, use_cache=False)
    return [s for p in analysis.pinyin for s in p][at]


@pytest.mark.parametrize(
    ("text", "char", "occurrence", "expected"),
    [
        ("我们还没有还钱", "还", 0, "hai2"),
        ("我们还没有还钱", "还", 1, "huan2"),
        ("这条河很长", "长", 0, "chang2"),
        ("时间太长了", "长", 0, "chang2"),
        ("会议时间太长", "长", 0, "chang2"),
        ("孩子长大了", "长", 0, "zhang3"),
        ("日本首相访问美国", "相", 0, "xiang4"),
        ("为日本提供保护", "为", 0, "wei4"),
    ],
)
def test_readings_in_context(analyzer: Analyzer, text: str, char: str, occurrence: int, expected: str) -> None:
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(char, at + 1)
    assert _syllable(analyzer, text, at).lower() == expected


def test_the_context_model_decides_what_the_dictionaries_leave_open(analyzer: Analyzer) -> None:
    from tui.core.text.pinyin import readings

    # 便 stands alone here: no word settles it, so the sentence must.
    walked, cheap = readings(["他", "便", "走", "了"]), readings(["价格", "很", "便", "宜"])
    assert walked[1] == ("bian4",)
    assert cheap[2] == ("pian2",)
    assert readings(["价格", "很", "便", "宜"], context_model=False)[2] == ("bian4",)


def test_batched_model_agrees_with_g2pm_itself() -> None:
    from g2pM import G2pM

    from tui.core.text.polyphone import model

    sentences = ["他们朝着目标前进，银行的行长说话了。", "这个问题很难，我们还要还钱。", "长江很长"]
    reference = G2pM()
    jobs = [(s, [i for i, ch in enumerate(s) if model().knows(ch)]) for s in sentences]
    for (sentence, positions), guesses in zip(jobs, model().predict(jobs)):
        theirs = reference(sentence, char_split=True)
        for pos, guess in zip(positions, guesses):
            assert guess is not None
            assert guess.syllable == theirs[pos].replace("u:", "v"), (sentence, pos)


def test_the_forms_table_is_what_pypinyin_writes_today() -> None:
    from tui.core.text.pinyin_forms_build import FORMS_FILE, source

    assert FORMS_FILE.read_text(encoding="utf-8") == source()


@pytest.mark.parametrize(
    ("syllable", "marks", "zhuyin"),
    [("ng2", "ńg", "ㄫˊ"), ("m4", "m̀", "ㄇˋ"), ("n3", "ň", "ㄋˇ"), ("r5", "r", "ㄦ˙"), ("Ng2", "Ńg", "ㄫˊ")],
)
def test_syllabic_nasals_and_erhua_where_pypinyin_is_wrong(syllable: str, marks: str, zhuyin: str) -> None:
    assert render(syllable, "marks") == marks
    assert render(syllable, "zhuyin") == zhuyin


def test_a_capital_and_no_tone_survive_rendering() -> None:
    assert render("Chao2", "marks") == "Cháo"
    assert render("lv4", "marks") == "lǜ"
    assert (render("tong0", "marks"), render("tong0", "zhuyin")) == ("tong", "ㄊㄨㄥ")
    assert (render("le5", "marks"), render("le5", "zhuyin")) == ("le", "ㄌㄜ˙")


def test_dictionary_cover_asks_a_bounded_number_of_spans_in_a_long_word() -> None:
    """`yuedu lookup` of 10,000 characters asked every span (50 M lookups, over a minute);
    now each position asks at most the longest dictionary word's length of spans."""
    from collections.abc import Iterator, Mapping

    from tui.core.text.pinyin import LONGEST_DICTIONARY_WORD, dictionary_cover

    class Counting(Mapping[str, str]):
        def __init__(self, words: dict[str, str]) -> None:
            self.words, self.asked = words, 0

        def __getitem__(self, key: str) -> str:
            self.asked += 1
            return self.words[key]

        def __iter__(self) -> Iterator[str]:
            return iter(self.words)

        def __len__(self) -> int:
            return len(self.words)

    word = "同" * 2000 + "日本首相"
    cedict = Counting({"日本": "Ri4 ben3", "首相": "shou3 xiang4"})
    spans = dictionary_cover(word, cedict, whole=False)
    assert [word[a:b] for a, b in spans] == ["日本", "首相"]
    assert cedict.asked <= len(word) * LONGEST_DICTIONARY_WORD
    # CC-CEDICT's longest word is still found inside a longer one.
    long_word = "中央人民政府驻香港特别行政区联络办公室"
    found = dictionary_cover("同" + long_word + "的", {long_word: " ".join(["x1"] * len(long_word))}, whole=False)
    assert found == [(1, 1 + len(long_word))]
