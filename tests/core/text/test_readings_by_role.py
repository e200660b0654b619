"""Readings decided by the word: CC-CEDICT's one reading kept, several chosen whole, function words by role.

Sentences of our own; each names the character and the reading its role or its word gives."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from tui.core.text.analysis import Analyzer


def _reading(analyzer: Analyzer, text: str, word: str, occurrence: int = 0) -> str:
    """The syllables of `word` (its occurrence-th time in `text`), as tone numbers run together."""
    analysis = analyzer.analyse(text, use_cache=False)
    syllables = [s for p in analysis.pinyin for s in p]
    at = -1
    for _ in range(occurrence + 1):
        at = text.index(word, at + 1)
    return "".join(syllables[at : at + len(word)]).lower()


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        # A word CC-CEDICT reads one way keeps that reading, its neutral tones too.
        ("在命令行中输入这个命令", "命令行", "ming4ling4hang2"),
        ("然后重命名这个文件", "重命名", "chong2ming4ming2"),
        ("我们只看了一部分", "部分", "bu4fen5"),
        ("这件衣服很好看", "衣服", "yi1fu5"),
        ("他们的关系很好", "关系", "guan1xi5"),
        # A word it reads several ways is chosen whole, by its place in the sentence.
        ("我去超市买了东西", "东西", "dong1xi5"),
        ("这条河是东西方向的", "东西", "dong1xi1"),
        ("这个地方很安静", "地方", "di4fang5"),
        ("地方政府发布了通知", "地方", "di4fang1"),
        ("他做事太大意了", "大意", "da4yi5"),
        # Function words standing alone, by their role.
        ("他得走了", "得", "dei3"),
        ("我们还得想办法", "得", "dei3"),
        ("他跑得很快", "得", "de5"),
        ("他得了第一名", "得", "de2"),
        ("他们为人民服务", "为", "wei4"),
        ("我们要以他为榜样", "为", "wei2"),
        ("大家都来了", "都", "dou1"),
        ("我没去过北京", "没", "mei2"),
        ("他递交了结案报告", "了", "le5"),
        ("桌上有一只猫", "只", "zhi1"),
        ("我只想睡觉", "只", "zhi3"),
        ("我们在露营地过夜", "露营地", "lu4ying2di4"),
        # With no context to decide, the reading whose senses are the everyday ones.
        ("这不是我的书", "不是", "bu4shi4"),
        ("我饿了，想吃东西", "东西", "dong1xi5"),
        # 地 after a manner (with all one's might) is the particle; after a verb, the place.
        ("他拼命地工作", "地", "de5"),
        ("他认真地看书", "地", "de5"),
    ],
)
def test_reading_by_word_and_role(analyzer: Analyzer, text: str, word: str, expected: str) -> None:
    assert _reading(analyzer, text, word) == expected


@pytest.mark.parametrize(
    ("simplified", "traditional", "word"),
    [
        ("在命令行中输入命令", "在命令行中輸入命令", "命令行"),
        ("他们为人民服务", "他們為人民服務", "为"),
        ("这个地方很安静", "這個地方很安靜", "地方"),
        ("他们的关系很好", "他們的關係很好", "关系"),
    ],
)
def test_traditional_text_reads_as_its_simplified_form(
    analyzer: Analyzer, simplified: str, traditional: str, word: str
) -> None:
    at = simplified.index(word)
    trad_word = traditional[at : at + len(word)]
    assert _reading(analyzer, traditional, trad_word) == _reading(analyzer, simplified, word)


def test_a_word_read_several_ways_takes_one_of_its_dictionary_readings(analyzer: Analyzer) -> None:
    from tui.core.lexicon.dictionary import Dictionary

    readings = {e.pinyin.replace(" ", "").lower() for e in Dictionary().entries("朝阳")}
    assert len(readings) > 1
    for text in ("他住在北京朝阳区附近的朝阳小区", "清晨的朝阳照在山上"):
        assert _reading(analyzer, text, "朝阳") in readings


def test_a_dictionary_word_inside_a_join_does_not_settle_what_the_join_reads_otherwise(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """An idiom CC-CEDICT lacks holds 劫难 (jiénàn) across its own structure, 在劫|难逃: pypinyin,
    reading the whole join with its phrases, reads that 难 otherwise, so the part does not settle
    it and the context model decides it; 劫, read alike both ways, stays the part's."""
    from pypinyin import Style, pinyin

    from tui.core.text import pinyin_readings as engine
    from tui.core.text.polyphone import Guess

    idiom = "在劫难逃"
    whole = [p[0] for p in pinyin(idiom, style=Style.TONE3, neutral_tone_with_five=True)]
    assert whole[1] == "jie2" and whole[2] != "nan4"  # the premise: pypinyin knows the idiom
    asked: list[int] = []

    def model(words: list[str], plans: list[object]) -> dict[int, Guess]:
        offsets = [k for k, ch in enumerate("".join(words)) if ch in "劫难"]
        guesses = {k: Guess("zzz9", 1.0) for k in offsets}  # a reading no rule or dictionary gives
        asked.extend(offsets)
        return guesses

    monkeypatch.setattr(engine, "_context_model", model)
    (got,) = engine.readings([idiom], cedict={"劫难": "jie2 nan4"})
    assert asked and got[1] == "jie2" and got[2] == "zzz9"
